"""Pages, CSS, JS and JSON travel compressed when the browser asks (a phone on a slow network
downloads a fraction of the bytes); nothing changes for a client that does not ask."""

import gzip

import brotli
import pytest


@pytest.mark.parametrize("path", ["/", "/bill?usage_m3=250&people=3", "/static/css/site.css", "/api/v1/openapi.json"])
def test_brotli_when_asked(client, path):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert brotli.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2


def test_gzip_for_older_browsers_and_nothing_when_not_asked(client):
    plain = client.get("/?lang=en")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/?lang=en", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data


def test_a_static_file_is_compressed_once_and_served_the_same(client):
    """web/compressed_static.py: the compressed body is kept per process (by path and file
    time); every response decompresses to the file, and a page is never kept."""
    import brotli

    from web.extensions import compress

    plain = client.get("/static/css/site.css").data
    first = client.get("/static/css/site.css", headers={"Accept-Encoding": "br"})
    again = client.get("/static/css/site.css", headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert brotli.decompress(first.data) == brotli.decompress(again.data) == plain
    assert any(key.startswith("br;static:/static/css/site.css:") for key in compress.cache._entries)
    client.get("/", headers={"Accept-Encoding": "br"})
    assert all(";static:/static/" in key for key in compress.cache._entries)

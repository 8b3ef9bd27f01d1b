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

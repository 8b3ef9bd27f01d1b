"""Absolute URLs from the configured `SITE_URL`, never from the request's `Host` header.

Posters, shared results, the feed, calendar files, the campaigns API and join QR codes embed
absolute links, and several are cached for everyone by path. Built from `Host`, one request
with a forged header would put its host into the page every later visitor gets.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def site_url() -> str:
    """The site's public address, e.g. ``https://water.example.gov.cn`` (no trailing slash)."""
    return current_app.config["SITE_URL"].rstrip("/")


def site_host() -> str:
    """The host part of `SITE_URL` (for identifiers such as calendar UIDs)."""
    return urlsplit(site_url()).netloc


def absolute_url_for(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` as an absolute URL on `SITE_URL`."""
    values.pop("_external", None)
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root):  # SITE_URL already carries any path prefix
        path = path[len(root):]
    return site_url() + path

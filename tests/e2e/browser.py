"""Helpers the browser tests share (a module, not conftest.py: tests import them by name)."""

from __future__ import annotations

STAFF_PASSWORD = "e2e-password-123"


def sign_in(page, site, username: str, password: str = STAFF_PASSWORD) -> None:
    """Sign `page` in through the real form of `site` (a LiveSite)."""
    page.goto(site.url + "/staff/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/staff/**")

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


def signed_in_teacher(site, new_context, **context_args) -> tuple[str, object]:
    """A new teacher account of `site`, signed in on a page of a fresh browser context
    (`context_args` go to the `new_context` fixture: locale, viewport): (username, page)."""
    username, password = site.create_user("teacher")
    page = new_context(**context_args).new_page()
    sign_in(page, site, username, password)
    return username, page

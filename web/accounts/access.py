"""Role checks: one `before_request` per staff blueprint, so no view can forget it."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user


def roles_required(blueprint: Blueprint, *roles: str) -> None:
    """Anonymous visitors go to sign-in; signed-in staff without a role get 403.

    Admins pass every check.
    """

    @blueprint.before_request
    def check_role():
        if not current_user.is_authenticated:
            if request.path.startswith("/api/"):
                abort(401)
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if current_user.must_change_password and request.endpoint not in ("staff.password", "accounts.logout"):
            return redirect(url_for("staff.password"))  # an admin reset the password: choose a new one first
        if roles and not current_user.has_role(*roles):
            abort(403)
        return None

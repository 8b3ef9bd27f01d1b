"""Staff users and the failed-sign-in log that throttles guessing across all workers."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import DateTime, Integer, String, false, func
from sqlalchemy.orm import Mapped, mapped_column

from web import clock
from web.extensions import db

ROLES = ("admin", "editor", "teacher")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    # Editors publish for one street/town (a slug from content/streets.yaml); None = district-wide.
    street: Mapped[str | None] = mapped_column(String(64), nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Set by an admin's "reset password": the next sign-in leads straight to a new password.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Bumped on sign-out and password change: every session holding the old value ends.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, server_default=func.now())

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def has_role(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles


class LoginFailure(db.Model):
    """One row per failed sign-in; counted per account and per address within a window."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)


class StaffAudit(db.Model):
    """What admins did to staff accounts: who, to whom, what, when (shown in plain words)."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # a key of web.accounts.services.AUDIT_ACTIONS
    target: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)


def load_user(user_id: str) -> User | None:
    try:
        ident, version = (int(part) for part in user_id.split(":", 1))
    except ValueError:
        return None
    user = db.session.get(User, ident)
    if user is None or user.session_version != version or not user.active:
        return None
    return user

"""Account operations. They `flush()`; the request (or CLI command) commits once."""

from __future__ import annotations

import datetime as dt
import math

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, func, select
from zxcvbn import zxcvbn

from web import clock
from web.accounts.models import ROLES, LoginFailure, StaffAudit, User
from web.extensions import db

_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A rule about accounts was broken; `field` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def guessable(password: str) -> bool:
    """True for common or easily guessed passwords (zxcvbn's frequency lists and patterns):
    length alone lets 'password123' through."""
    return zxcvbn(password[:100])["score"] < 3


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def street_slugs() -> tuple[str, ...]:
    """The streets and towns an editor may belong to (content/streets.yaml)."""
    from core.campaigns import streets

    return tuple(street.slug for street in streets())


def _check_role_and_street(role: str, street: str | None) -> None:
    if role not in ROLES:
        raise AccountError("role", f"role must be one of {', '.join(ROLES)}")
    if street and street not in street_slugs():
        raise AccountError("street", f"unknown street {street!r}: use one of {', '.join(street_slugs())}")


def create_user(username: str, password: str, role: str, *, street: str | None = None, display_name: str = "") -> User:
    username = username.strip().lower()
    _check_role_and_street(role, street)
    if not username or len(username) > 64:
        raise AccountError("username", "username must be 1-64 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if guessable(password):
        raise AccountError("password", "password is too common or easy to guess")
    if db.session.scalar(select(User).where(User.username == username)):
        raise AccountError("username", f"user {username!r} already exists")
    user = User(username=username, password_hash=hash_password(password), role=role,
                street=street, display_name=display_name or username)
    db.session.add(user)
    db.session.flush()
    return user


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])


def _pair_key(username: str, address: str) -> str:
    return f"pair:{username.strip().lower()[:64]}|{address[:50]}"


def _address_key(address: str) -> str:
    return f"ip:{address[:50]}"


def _recent_failures(key: str) -> tuple[int, dt.datetime | None]:
    """How many failures under `key` in the window, and when the last one was."""
    query = select(func.count(), func.max(LoginFailure.created_at)).where(
        LoginFailure.key == key, LoginFailure.created_at >= _window_start())
    count, last = db.session.execute(query).one()
    return count or 0, last


def delay_seconds(failures: int, free: int) -> int:
    """The wait after `failures` recent failures: none for the first `free`, then 1 s,
    2 s, 4 s … up to LOGIN_MAX_DELAY_SECONDS."""
    if failures < free:
        return 0
    return min(2 ** min(failures - free, 30), current_app.config["LOGIN_MAX_DELAY_SECONDS"])


def retry_after(username: str, address: str) -> int:
    """Seconds before this account may be tried again from this address (0: go ahead).

    Delays grow per account + address and per address, never per account alone: someone
    guessing a teacher's password slows only themselves, and cannot lock the teacher out.
    """
    config = current_app.config
    now = clock.now()
    wait = 0.0
    for key, free in ((_pair_key(username, address), config["LOGIN_FREE_FAILURES"]),
                      (_address_key(address), config["LOGIN_FREE_FAILURES_PER_ADDRESS"])):
        count, last = _recent_failures(key)
        delay = delay_seconds(count, free)
        if delay and last is not None:
            wait = max(wait, (last + dt.timedelta(seconds=delay) - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def record_failure(username: str, address: str) -> None:
    db.session.add_all([LoginFailure(key=_pair_key(username, address)), LoginFailure(key=_address_key(address))])
    # Old rows are useless to the throttle; prune them as we go instead of by cron.
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at < _window_start()))
    db.session.flush()


def clear_failures(username: str, address: str) -> None:
    """A good sign-in forgets this account's failures from this address (not the address's own)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _pair_key(username, address)))


def end_sessions(user: User) -> None:
    """Invalidate every session of this user (sign-out everywhere)."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, new_password: str) -> None:
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise AccountError("new_password", f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if guessable(new_password):
        raise AccountError("new_password", "password is too common or easy to guess")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    end_sessions(user)


# --- what admins do to accounts -------------------------------------------------------------

AUDIT_ACTIONS = ("create", "update", "deactivate", "reactivate", "reset_password")


def audit(actor: User | None, action: str, target: User, detail: str = "") -> None:
    db.session.add(StaffAudit(actor=actor.username if actor else "cli", action=action, target=target.username,
                              detail=detail[:200]))
    db.session.flush()


def audit_entries(limit: int = 200) -> list[StaffAudit]:
    return list(db.session.scalars(select(StaffAudit).order_by(StaffAudit.created_at.desc(), StaffAudit.id.desc())
                                   .limit(limit)))


def _other_active_admins(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != user.id)) or 0


def update_user(actor: User, user: User, *, role: str, street: str | None, display_name: str) -> list[str]:
    """Change role, street and display name; returns the names of the fields that changed.

    The last active admin cannot stop being one (nobody could manage accounts any more).
    """
    street = street or None
    _check_role_and_street(role, street)
    if user.role == "admin" and role != "admin" and not _other_active_admins(user):
        raise AccountError("role", "the last active administrator must stay an administrator")
    changed = [name for name, old, new in (("role", user.role, role), ("street", user.street, street),
                                           ("display_name", user.display_name, display_name or user.username))
               if old != new]
    if "role" in changed or "street" in changed:
        end_sessions(user)  # what they may do changed: sign in again under the new rights
    user.role, user.street, user.display_name = role, street, display_name or user.username
    if changed:
        audit(actor, "update", user, ", ".join(f"{name}" for name in changed))
    db.session.flush()
    return changed


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (every session ends at once, sign-in refused) or reactivate an account."""
    if not active and user.id == actor.id:
        raise AccountError("active", "you cannot deactivate your own account")
    if not active and user.role == "admin" and not _other_active_admins(user):
        raise AccountError("active", "the last active administrator cannot be deactivated")
    if user.active == active:
        return
    user.active = active
    end_sessions(user)
    audit(actor, "reactivate" if active else "deactivate", user)


def force_password_reset(actor: User, user: User) -> None:
    """The user's sessions end and their next sign-in leads to choosing a new password."""
    user.must_change_password = True
    end_sessions(user)
    audit(actor, "reset_password", user)

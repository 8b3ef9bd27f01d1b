"""Sign-in, sign-out, password change, the staff home and (admins) the user list."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from web.accounts import services
from web.accounts.access import roles_required
from web.accounts.forms import LoginForm, PasswordChangeForm, UserForm
from web.accounts.models import User
from web.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/staff")
staff_bp = Blueprint("staff", __name__, url_prefix="/staff")
roles_required(staff_bp)  # any signed-in staff member


def _audit(event: str, username: str, address: str) -> None:
    """Security events go to the log with the request id (never the password)."""
    current_app.logger.warning(event, extra={"fields": {"event": event, "username": username[:64], "address": address}})


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the sign-in page cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("staff.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"  # the client's, behind TRUSTED_PROXIES too
        wait = services.retry_after(form.username.data, address)
        if wait:
            _audit("sign-in throttled", form.username.data, address)
            form.password.errors.append(
                _("Too many failed attempts. Please wait %(seconds)s seconds and try again.", seconds=wait))
            status, headers = 429, {"Retry-After": str(wait)}
        else:
            user = services.find_user(form.username.data)
            if services.check_password(user, form.password.data) and user.active:
                services.clear_failures(user.username, address)
                db.session.commit()
                login_user(user)
                _audit("signed in", user.username, address)
                return redirect(_safe_next(request.args.get("next")))
            services.record_failure(form.username.data, address)
            db.session.commit()
            _audit("sign-in failed", form.username.data, address)
            form.password.errors.append(_("Wrong username or password."))
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("accounts/login.html", form=form), status, headers


@bp.post("/logout")
@login_required
def logout():
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"))


@staff_bp.get("/")
def home():
    return render_template("accounts/home.html")


@staff_bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not services.check_password(current_user, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            user = current_user._get_current_object()
            services.change_password(user, form.new_password.data)
            db.session.commit()
            login_user(user)  # this session continues under the new version; all others end
            flash(_("Your password has been changed. Other sessions were signed out."), "success")
            return redirect(url_for("staff.home"))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200


@staff_bp.route("/users", methods=["GET", "POST"])
def users():
    if not current_user.has_role("admin"):
        return render_template("errors/error.html", status=403,
                               message=_("You do not have permission to open this page.")), 403
    form = UserForm()
    form.street.choices = [("", _("District-wide"))] + street_choices()
    if form.validate_on_submit():
        try:
            services.create_user(form.username.data, form.password.data, form.role.data,
                                 street=form.street.data or None, display_name=form.display_name.data or "")
        except services.AccountError as exc:
            getattr(form, exc.field, form.username).errors.append(
                _("That username is taken.") if exc.field == "username" else str(exc))
        else:
            db.session.commit()
            flash(_("Account %(name)s created.", name=form.username.data), "success")
            return redirect(url_for("staff.users"))
    people = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("accounts/users.html", form=form, people=people), 400 if form.errors else 200


def street_choices() -> list[tuple[str, str]]:
    """Streets from content when the campaigns content exists; empty otherwise."""
    try:
        from core.campaigns import streets
    except ImportError:
        return []
    from web.i18n import pick

    return [(street.slug, pick(street.name)) for street in streets()]

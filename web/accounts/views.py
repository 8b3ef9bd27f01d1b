"""Sign-in, sign-out, password change, the staff home and (admins) the user list."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from web.accounts import services
from web.accounts.access import roles_required
from web.accounts.forms import ROLE_CHOICES, ConfirmForm, LoginForm, PasswordChangeForm, UserEditForm, UserForm
from web.accounts.models import User
from web.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/staff")
staff_bp = Blueprint("staff", __name__, url_prefix="/staff")
roles_required(staff_bp)  # any signed-in staff member


def _audit(event: str, username: str, address: str) -> None:
    """Security events go to the log with the request id (never the password)."""
    current_app.logger.warning(event, extra={"event": event, "username": username[:64], "address": address})


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
    """The staff home names the person's role and street in words (Administrator, 长寿路街道), never codes."""
    labels = account_labels()
    street = labels["streets"].get(current_user.street, current_user.street) if current_user.street else None
    return render_template("accounts/home.html", role_label=labels["roles"].get(current_user.role, current_user.role),
                           street_label=street)


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


admin_bp = Blueprint("staff_admin", __name__, url_prefix="/staff")
roles_required(admin_bp, "admin")  # admins only; everyone else gets the 403 page


def account_labels() -> dict:
    """Plain words for what the account pages show: role names and street names, not codes."""
    return {"roles": dict(ROLE_CHOICES), "streets": dict(street_choices()),
            "actions": {"create": _("created the account"),
                        "deactivate": _("deactivated the account"), "reactivate": _("reactivated the account"),
                        "reset_password": _("reset the password")},
            "fields": {"role": _("role"), "street": _("street or town"), "display_name": _("display name")}}


@admin_bp.route("/users", methods=["GET", "POST"], endpoint="users")
def users():
    form = UserForm()
    form.street.choices = [("", _("District-wide"))] + street_choices()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.username.data, form.password.data, form.role.data,
                                        street=form.street.data or None, display_name=form.display_name.data or "")
        except services.AccountError as exc:
            getattr(form, exc.field, form.username).errors.append(
                _("That username is taken.") if exc.field == "username" else str(exc))
        else:
            services.audit(current_user, "create", user)
            db.session.commit()
            flash(_("Account %(name)s created.", name=form.username.data), "success")
            return redirect(url_for("staff_admin.users"))
    people = db.session.scalars(select(User).order_by(User.active.desc(), User.role, User.username)).all()
    return render_template("accounts/users.html", form=form, people=people, labels=account_labels()), \
        400 if form.errors else 200


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


ACCOUNT_ERRORS = {
    "role": lambda: _("The last active administrator must stay an administrator."),
    "active": lambda: _("You cannot deactivate your own account or the last active administrator."),
    "street": lambda: _("Choose a street or town from the list."),
}


@admin_bp.route("/users/<int:user_id>", methods=["GET", "POST"], endpoint="user")
def user_edit(user_id: int):
    user = _user_or_404(user_id)
    form = UserEditForm(obj=user)
    form.street.choices = [("", _("District-wide"))] + street_choices()
    if request.method == "GET":
        form.street.data = user.street or ""
    if form.validate_on_submit():
        try:
            changed = services.update_user(current_user, user, role=form.role.data, street=form.street.data or None,
                                           display_name=(form.display_name.data or "").strip())
        except services.AccountError as exc:
            getattr(form, exc.field, form.role).errors.append(ACCOUNT_ERRORS[exc.field]())
        else:
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("staff_admin.users"))
    return render_template("accounts/user_edit.html", form=form, person=user, confirm=ConfirmForm(),
                           labels=account_labels()), 400 if form.errors else 200


@admin_bp.post("/users/<int:user_id>/active", endpoint="set_active")
def set_active(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        active = request.form.get("active") == "1"
        try:
            services.set_active(current_user, user, active)
        except services.AccountError as exc:
            flash(ACCOUNT_ERRORS[exc.field](), "error")
        else:
            db.session.commit()
            flash(_("%(name)s can sign in again.", name=user.username) if active
                  else _("%(name)s is deactivated and signed out everywhere.", name=user.username), "success")
    return redirect(url_for("staff_admin.user", user_id=user.id))


@admin_bp.post("/users/<int:user_id>/reset", endpoint="reset_password")
def reset_password(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        services.force_password_reset(current_user, user)
        db.session.commit()
        flash(_("%(name)s is signed out and must choose a new password at the next sign-in.", name=user.username),
              "success")
    return redirect(url_for("staff_admin.user", user_id=user.id))


def describe(entry) -> str:
    """One audit row as a sentence: "admin1 changed the role of teacher2"."""
    labels = account_labels()
    who = _("the command line") if entry.actor == "cli" else entry.actor
    if entry.action == "update":
        fields = [labels["fields"].get(name, name) for name in entry.detail.split(", ") if name]
        return _("%(who)s changed the %(what)s of %(whom)s", who=who, whom=entry.target, what=_(", ").join(fields))
    return _("%(who)s %(did)s of %(whom)s", who=who, did=labels["actions"].get(entry.action, entry.action),
             whom=entry.target)


@admin_bp.get("/audit", endpoint="audit")
def audit():
    return render_template("accounts/audit.html", entries=services.audit_entries(), describe=describe)


def street_choices() -> list[tuple[str, str]]:
    """Streets from content when the campaigns content exists; empty otherwise."""
    try:
        from core.campaigns import streets
    except ImportError:
        return []
    from web.i18n import pick

    return [(street.slug, pick(street.name)) for street in streets()]

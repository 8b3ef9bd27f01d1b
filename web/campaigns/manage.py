"""Staff campaign editing: list, create, edit (with cover upload), preview, schedule,
revision history and the audit log. Editors and admins only (checked once per request)."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.campaigns import pledge_actions, streets
from web import clock
from web.accounts.access import roles_required
from web.campaigns import images, messages, services
from web.campaigns.forms import CampaignForm
from web.campaigns.models import Campaign
from web.campaigns.views import detail_context, uploads_folder
from web.extensions import db
from web.i18n import pick

manage_bp = Blueprint("campaigns_manage", __name__, url_prefix="/staff/campaigns")
roles_required(manage_bp, "editor")

FORM_FIELDS = ("slug", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en",
               "cover_alt_zh", "cover_alt_en")


def campaign_or_404(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def editable_or_403(campaign_id: int) -> Campaign:
    campaign = campaign_or_404(campaign_id)
    if not services.can_edit(current_user, campaign):
        abort(403)
    return campaign


def street_choices(user) -> list[tuple[str, str]]:
    everything = [("", _("District-wide"))] + [(s.slug, pick(s.name)) for s in streets()]
    return [(value, label) for value, label in everything if services.can_edit(user, street=value or None)]


def build_form(campaign: Campaign | None = None, values: dict | None = None) -> CampaignForm:
    """The form, filled from POST data, else from `values` (a revision), else from the campaign."""
    data = None
    if request.method != "POST":
        source = values if values is not None else (services.snapshot(campaign) if campaign else None)
        if source is not None:
            data = {name: source.get(name) or "" for name in FORM_FIELDS}
            data["street"] = source.get("street") or ""
            for key in ("starts_at", "ends_at"):
                value = source.get(key)
                if isinstance(value, str):
                    value = dt.datetime.fromisoformat(value)
                data[key] = clock.to_local(value)
            data["goal_pledges"] = source.get("goal_pledges")
            data["pledge_actions"] = json.loads(source.get("pledge_actions") or "[]")
            data["version"] = str(campaign.version) if campaign else ""
        else:
            own_street = "" if current_user.role == "admin" else (current_user.street or "")
            data = {"pledge_actions": [a.key for a in pledge_actions()], "street": own_street}
    form = CampaignForm(data=data)
    form.street.choices = street_choices(current_user)
    form.pledge_actions.choices = [(a.key, pick(a.label)) for a in pledge_actions()]
    return form


def form_values(form: CampaignForm) -> dict:
    values = {name: (getattr(form, name).data or "").strip() for name in FORM_FIELDS}
    values["street"] = form.street.data or None
    values["starts_at"] = clock.from_local(form.starts_at.parsed)
    values["ends_at"] = clock.from_local(form.ends_at.parsed)
    values["goal_pledges"] = form.goal_pledges.number
    values["pledge_actions"] = json.dumps([k for k in form.pledge_actions.data or [] if k in {a.key for a in pledge_actions()}])
    return values


def _apply_cover(form: CampaignForm, values: dict, campaign: Campaign | None) -> str | None:
    """Store a new cover (returns its file name) or mark removal; errors go on the field."""
    upload = form.cover.data
    if upload and getattr(upload, "filename", ""):
        data = upload.read(images.MAX_BYTES + 1)
        try:
            name = images.store(data, uploads_folder())
        except images.ImageRejected as exc:
            form.cover.errors = [*form.cover.errors, messages.image_error(exc.code)]
            return None
        values["cover_image"] = name
        return name
    if form.remove_cover.data and campaign is not None:
        values["cover_image"] = None
    return None


def _save(form: CampaignForm, campaign: Campaign | None):
    """Validate, store the cover, save; returns the campaign or None (errors on the form)."""
    if not form.validate_on_submit():
        return None
    values = form_values(form)
    new_file = _apply_cover(form, values, campaign)
    if form.cover.errors:
        return None
    expected = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        saved = services.save(current_user, values, campaign, expected_version=expected)
    except services.CampaignError as exc:
        db.session.rollback()
        if new_file:
            (uploads_folder() / new_file).unlink(missing_ok=True)
        if exc.field == "version" and campaign is not None:
            db.session.refresh(campaign)
            form.version.data = str(campaign.version)  # the next save goes through, on purpose
        target = getattr(form, exc.field, None) if exc.field != "version" else None
        message = messages.campaign_error(exc.code)
        if target is not None:
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(message)
        return None
    db.session.commit()
    return saved


@manage_bp.get("/", endpoint="index")
def index():
    mine = services.editable_campaigns(current_user)
    return render_template("campaigns/manage/index.html", mine=mine, others=services.other_campaigns(current_user),
                           state=services.state)


@manage_bp.route("/new", methods=["GET", "POST"])
def new():
    if not street_choices(current_user):
        abort(403)
    form = build_form()
    saved = _save(form, None)
    if saved is not None:
        flash(_("Draft saved. Preview it, add events, then schedule it."), "success")
        return redirect(url_for(".edit", campaign_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/manage/edit.html", form=form, campaign=None), status


@manage_bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
def edit(campaign_id: int):
    campaign = editable_or_403(campaign_id)
    values = None
    if request.method == "GET" and request.args.get("revision", "").isdigit():
        rev = services.revision(campaign, int(request.args["revision"]))
        if rev is None:
            abort(404)
        values = services.revision_values(rev)
        flash(_("The form shows revision %(number)s. Save to restore it.", number=rev.number), "info")
    form = build_form(campaign, values)
    saved = _save(form, campaign)
    if saved is not None:
        flash(_("Saved."), "success")
        return redirect(url_for(".edit", campaign_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/manage/edit.html", form=form, campaign=campaign,
                           state=services.state(campaign)), status


@manage_bp.get("/<int:campaign_id>/preview")
def preview(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    return render_template("campaigns/detail.html", **detail_context(campaign, preview=True))


@manage_bp.post("/<int:campaign_id>/schedule")
def schedule(campaign_id: int):
    campaign = editable_or_403(campaign_id)
    publish = request.form.get("publish") == "1"
    try:
        services.set_published(current_user, campaign, publish)
    except services.CampaignError as exc:
        db.session.rollback()
        flash(messages.campaign_error(exc.code), "error")
    else:
        db.session.commit()
        flash(_("Scheduled: it goes live at its start time.") if publish else _("Back to draft: residents no longer see it."),
              "success")
    return redirect(url_for(".edit", campaign_id=campaign.id))


@manage_bp.get("/<int:campaign_id>/history")
def history(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    return render_template("campaigns/manage/history.html", campaign=campaign, revisions=services.revisions(campaign),
                           log=services.audit_log(campaign), can_edit=services.can_edit(current_user, campaign))


@manage_bp.get("/audit")
def audit_log():
    if current_user.role != "admin":
        abort(403)
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    return render_template("campaigns/manage/audit.html", log=services.audit_log(page=page))

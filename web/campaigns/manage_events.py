"""Staff event editing inside a campaign, and the registration list an organiser needs
(with phone numbers only while the event is upcoming)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from web import clock
from web.campaigns import participation, services
from web.campaigns.forms import EventForm
from web.campaigns.manage import editable_or_403, manage_bp
from web.campaigns.models import CampaignEvent
from web.extensions import db

TEXT_FIELDS = ("title_zh", "title_en", "description_zh", "description_en", "place_zh", "place_en",
               "phone_reason_zh", "phone_reason_en")


def _event_or_403(event_id: int) -> CampaignEvent:
    event = db.session.get(CampaignEvent, event_id)
    if event is None:
        abort(404)
    editable_or_403(event.campaign_id)
    return event


def _form(event: CampaignEvent | None) -> EventForm:
    if request.method == "POST" or event is None:
        return EventForm()
    data = {name: getattr(event, name) or "" for name in TEXT_FIELDS}
    data.update(starts_at=clock.to_local(event.starts_at), ends_at=clock.to_local(event.ends_at), capacity=event.capacity)
    return EventForm(data=data)


def _apply(form: EventForm, event: CampaignEvent) -> list[str]:
    changed = []
    values = {name: (getattr(form, name).data or "").strip() for name in TEXT_FIELDS}
    values.update(starts_at=clock.from_local(form.starts_at.parsed), ends_at=clock.from_local(form.ends_at.parsed),
                  capacity=form.capacity.number)
    for name, value in values.items():
        if getattr(event, name) != value:
            setattr(event, name, value)
            changed.append(name)
    return changed


@manage_bp.route("/<int:campaign_id>/events/new", methods=["GET", "POST"])
def event_new(campaign_id: int):
    campaign = editable_or_403(campaign_id)
    form = _form(None)
    if form.validate_on_submit():
        event = CampaignEvent(campaign_id=campaign.id, created_at=clock.now())
        _apply(form, event)
        db.session.add(event)
        db.session.flush()
        services.audit(current_user, "event_create", campaign, detail=event.title_zh)
        db.session.commit()
        flash(_("Event added."), "success")
        return redirect(url_for(".edit", campaign_id=campaign.id, _anchor="events"))
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/manage/event.html", form=form, campaign=campaign, event=None), status


@manage_bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def event_edit(event_id: int):
    event = _event_or_403(event_id)
    form = _form(event)
    if form.validate_on_submit():
        changed = _apply(form, event)
        if changed:
            services.audit(current_user, "event_update", event.campaign, detail=f"{event.id}: {', '.join(changed)}")
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".edit", campaign_id=event.campaign_id, _anchor="events"))
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/manage/event.html", form=form, campaign=event.campaign, event=event), status


@manage_bp.post("/events/<int:event_id>/delete")
def event_delete(event_id: int):
    event = _event_or_403(event_id)
    campaign = event.campaign
    services.audit(current_user, "event_delete", campaign, detail=f"{event.id}: {event.title_zh}")
    db.session.delete(event)
    db.session.commit()
    flash(_("Event deleted."), "success")
    return redirect(url_for(".edit", campaign_id=campaign.id, _anchor="events"))


@manage_bp.get("/events/<int:event_id>/registrations")
def registrations(event_id: int):
    event = _event_or_403(event_id)
    if participation.purge_past_phones():
        db.session.commit()
    return render_template("campaigns/manage/registrations.html", event=event, campaign=event.campaign)

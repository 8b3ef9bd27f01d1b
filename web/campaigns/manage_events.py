"""Staff event editing inside a campaign, the registration list an organiser needs (with
phone numbers only where the event asked and only until they are purged), its CSV export,
removing a registrant (the first on the waitlist moves up), and offline pledge tallies."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.campaigns import pledge_actions, streets
from web import clock
from web.campaigns import participation, services
from web.campaigns.forms import EventForm, TallyForm
from web.campaigns.manage import editable_or_403, manage_bp
from web.campaigns.models import CampaignEvent, CampaignRegistration, OfflineTally
from web.csvexport import csv_response
from web.extensions import db
from web.i18n import current_language, pick

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


@manage_bp.get("/events/<int:event_id>/registrations.csv")
def registrations_csv(event_id: int):
    """The list as a spreadsheet (BOM, formulas neutralised): nickname, status, when, and the
    phone only if the event asked for one and it is not yet purged."""
    event = _event_or_403(event_id)
    if participation.purge_past_phones():
        db.session.commit()
    header = ["#", _("Nickname"), _("Status"), _("Registered (Shanghai time)")]
    if event.needs_phone:
        header.append(_("Phone number"))
    rows = []
    for number, row in enumerate(event.registrations, start=1):
        line = [number, row.nickname, _("Waitlist") if row.waitlisted else _("Confirmed"),
                clock.to_local(row.created_at).strftime("%Y-%m-%d %H:%M")]
        if event.needs_phone:
            line.append(row.phone or "")
        rows.append(line)
    services.audit(current_user, "registrations_export", event.campaign, detail=f"{event.id}: {len(rows)}")
    db.session.commit()
    return csv_response(f"registrations-{event.campaign.slug}-{event.id}.csv", header, rows)


@manage_bp.post("/registrations/<int:registration_id>/remove")
def registration_remove(registration_id: int):
    registration = db.session.get(CampaignRegistration, registration_id)
    if registration is None:
        abort(404)
    event = _event_or_403(registration.event_id)
    nickname = registration.nickname
    promoted = participation.remove_registration(registration)
    services.audit(current_user, "registration_remove", event.campaign,
                   detail=f"{event.id}: {nickname}" + (f" → {promoted.nickname}" if promoted else ""))
    db.session.commit()
    if promoted is not None:
        flash(_("%(name)s was removed. %(next)s moves up from the waitlist and sees it on their status page.",
                name=nickname, next=promoted.nickname), "success")
    else:
        flash(_("%(name)s was removed.", name=nickname), "success")
    return redirect(url_for(".registrations", event_id=event.id))


# --- offline tallies -----------------------------------------------------------------------

def _tally_form(campaign) -> TallyForm:
    form = TallyForm()
    form.street.choices = [("", _("Choose…"))] + [(s.slug, pick(s.name)) for s in streets()]
    keys = campaign.action_keys()
    form.actions.choices = [(a.key, pick(a.label)) for a in pledge_actions() if a.key in keys]
    if request.method != "POST" and not form.day.data:
        form.day.data = clock.local_today()
    return form


@manage_bp.route("/<int:campaign_id>/tallies", methods=["GET", "POST"])
def tallies(campaign_id: int):
    """Paper pledge sheets and street-stall counts, entered by an editor; shown apart from
    online pledges and added to the totals."""
    campaign = editable_or_403(campaign_id)
    form = _tally_form(campaign)
    if form.validate_on_submit():
        try:
            row = participation.add_tally(campaign, source=form.source.data, street=form.street.data,
                                          count=form.count.number, actions=form.actions.data or [],
                                          note=form.note.data or "", day=form.day.data, user=current_user)
        except services.CampaignError as exc:
            db.session.rollback()
            getattr(form, exc.field, form.count).errors.append(_("Please check this field."))
        else:
            services.audit(current_user, "tally_add", campaign,
                           detail=f"{row.id}: {row.source} {row.street} {row.count} {row.day.isoformat()} {row.note}")
            db.session.commit()
            flash(_("Offline tally added."), "success")
            return redirect(url_for(".tallies", campaign_id=campaign.id))
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/manage/tallies.html", campaign=campaign, form=form, **results(campaign)), status


def results(campaign) -> dict:
    """Online and offline pledges, per street, with the calculated savings pledged."""
    names = {s.slug: s.name for s in streets()}
    labels = {a.key: a.label for a in pledge_actions()}
    rows = participation.tallies(campaign)
    offline = participation.offline_count(campaign)
    return {"rows": rows, "offline": offline, "online": participation.pledge_count(campaign) - offline,
            "league": participation.league(campaign), "street_savings": participation.savings_per_street(campaign),
            "street_names": names, "action_labels": labels, "lang": current_language()}


@manage_bp.post("/tallies/<int:tally_id>/delete")
def tally_delete(tally_id: int):
    row = db.session.get(OfflineTally, tally_id)
    if row is None:
        abort(404)
    campaign = editable_or_403(row.campaign_id)
    services.audit(current_user, "tally_delete", campaign,
                   detail=f"{row.id}: {row.source} {row.street} {row.count} {row.day.isoformat()} {row.note}")
    db.session.delete(row)
    db.session.commit()
    flash(_("Offline tally deleted."), "success")
    return redirect(url_for(".tallies", campaign_id=campaign.id))

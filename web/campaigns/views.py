"""Public campaign pages: list, campaign page (events, pledges, league), poster, calendar
files, Atom feed and cover images."""

from __future__ import annotations

import re
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _

from core.campaigns import pledge_actions, streets
from web import clock
from web.campaigns import feeds, messages, participation, posters, services
from web.campaigns.forms import PledgeForm, RegistrationForm
from web.campaigns.images import NAME_RE
from web.campaigns.models import CampaignEvent
from web.extensions import db, limiter
from web.i18n import current_language, pick
from web.pagecache import cached_page
from web.urls import absolute_url_for, site_host

bp = Blueprint("campaigns", __name__)


def uploads_folder() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "uploads" / "campaigns"


def visitor_token() -> tuple[str, bool]:
    """This browser's random token (new if it has none); never linked to a person."""
    token = request.cookies.get(participation.TOKEN_COOKIE, "")
    if re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        return token, False
    return participation.new_token(), True


def _with_token(response, token: str, is_new: bool):
    response = make_response(response)
    if is_new:
        response.set_cookie(participation.TOKEN_COOKIE, token, max_age=400 * 24 * 3600, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def public_campaign_or_404(slug: str):
    campaign = services.by_slug(slug)
    if campaign is None or not services.is_public(campaign):
        abort(404)
    return campaign


def pledge_form_for(campaign, formdata=None) -> PledgeForm:
    form = PledgeForm(formdata=formdata)
    form.street.choices = [("", _("Choose…"))] + [(s.slug, pick(s.name)) for s in streets()]
    keys = campaign.action_keys()
    form.actions.choices = [(a.key, pick(a.label)) for a in pledge_actions() if a.key in keys]
    return form


def detail_context(campaign, *, pledge_form=None, reg_forms=None, preview=False) -> dict:
    token = request.cookies.get(participation.TOKEN_COOKIE)
    events = []
    for event in campaign.events:
        events.append({
            "event": event,
            "confirmed": participation.confirmed_count(event),
            "mine": participation.my_registration(event, token),
            "form": (reg_forms or {}).get(event.id) or RegistrationForm(formdata=None, prefix=f"e{event.id}"),
            "open": event.starts_at > clock.now() and services.state(campaign) in ("scheduled", "live"),
        })
    hints = {a.key: a.hint for a in pledge_actions()}
    return {
        "campaign": campaign, "state": services.state(campaign), "events": events, "preview": preview,
        "pledge_form": pledge_form or pledge_form_for(campaign), "pledged": participation.has_pledged(campaign, token),
        "pledges": participation.pledge_count(campaign), "league": participation.league(campaign),
        "action_hints": hints,
    }


@bp.get("/campaigns/")
@cached_page(30)
def index():
    return render_template("campaigns/index.html", groups=services.public_campaigns())


@bp.get("/campaigns/<slug>")
def detail(slug: str):
    campaign = public_campaign_or_404(slug)
    if participation.phone_purge.due():
        participation.purge_past_phones()
    participation.count_view(campaign, "poster" if request.args.get("src") == "poster" else "direct")
    db.session.commit()
    return render_template("campaigns/detail.html", **detail_context(campaign))


@bp.post("/campaigns/<slug>/pledge")
@limiter.limit("20 per minute")
def pledge(slug: str):
    campaign = public_campaign_or_404(slug)
    token, is_new = visitor_token()
    form = pledge_form_for(campaign, request.form)
    if form.validate_on_submit():
        try:
            participation.pledge(campaign, token, form.street.data, form.actions.data)
        except services.CampaignError as exc:
            db.session.rollback()
            getattr(form, exc.field, form.actions).errors.append(messages.campaign_error(exc.code))
        else:
            db.session.commit()
            flash(_("Thank you! Your pledge is counted for your street."), "success")
            return _with_token(redirect(url_for(".detail", slug=slug, _anchor="pledge")), token, is_new)
    page = render_template("campaigns/detail.html", **detail_context(campaign, pledge_form=form))
    return _with_token((page, 400), token, is_new)


def _event_or_404(campaign, event_id: int) -> CampaignEvent:
    event = db.session.get(CampaignEvent, event_id)
    if event is None or event.campaign_id != campaign.id:
        abort(404)
    return event


@bp.post("/campaigns/<slug>/events/<int:event_id>/register")
@limiter.limit("20 per minute")
def register(slug: str, event_id: int):
    campaign = public_campaign_or_404(slug)
    event = _event_or_404(campaign, event_id)
    token, is_new = visitor_token()
    form = RegistrationForm(prefix=f"e{event.id}")
    if form.validate_on_submit():
        try:
            row = participation.register(event, token, form.nickname.data, (form.phone.data or "").strip() or None)
        except services.CampaignError as exc:
            db.session.rollback()
            getattr(form, exc.field, form.nickname).errors.append(messages.campaign_error(exc.code))
        else:
            db.session.commit()
            flash(_("You are on the waitlist. We will move you up if a place frees.") if row.waitlisted
                  else _("You are registered. See you there!"), "success")
            return _with_token(redirect(url_for(".detail", slug=slug, _anchor=f"event-{event.id}")), token, is_new)
    page = render_template("campaigns/detail.html", **detail_context(campaign, reg_forms={event.id: form}))
    return _with_token((page, 400), token, is_new)


@bp.post("/campaigns/<slug>/events/<int:event_id>/cancel")
def cancel(slug: str, event_id: int):
    campaign = public_campaign_or_404(slug)
    event = _event_or_404(campaign, event_id)
    if participation.cancel(event, request.cookies.get(participation.TOKEN_COOKIE)):
        db.session.commit()
        flash(_("Your registration is cancelled."), "info")
    return redirect(url_for(".detail", slug=slug, _anchor=f"event-{event.id}"))


@bp.get("/campaigns/<slug>/events/<int:event_id>.ics")
def event_ics(slug: str, event_id: int):
    campaign = public_campaign_or_404(slug)
    event = _event_or_404(campaign, event_id)
    lang = current_language()
    url = absolute_url_for(".detail", slug=slug, _anchor=f"event-{event.id}")
    body = feeds.event_ics(
        uid=f"campaign-event-{event.id}@{site_host()}", title=event.text("title", lang),
        description=event.text("description", lang), place=event.text("place", lang),
        starts_at=event.starts_at, ends_at=event.ends_at, url=url, stamp=campaign.updated_at)
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-{event.id}.ics"'
    return response


@bp.get("/campaigns/<slug>/poster")
@cached_page(60)
def poster(slug: str):
    campaign = public_campaign_or_404(slug)
    link = absolute_url_for(".detail", slug=slug, src="poster")
    qr = posters.qr_svg(link, _("QR code: %(url)s", url=link))
    return render_template("campaigns/poster.html", campaign=campaign, qr=qr, link=link,
                           actions=[a for a in pledge_actions() if a.key in campaign.action_keys()])


@bp.get("/campaigns/feed.atom")
def feed():
    """The campaigns the public list shows, in its order: live, then announced, then past."""
    lang = current_language()
    listed = [c for group in services.public_campaigns().values() for c in group]
    entries = [{
        "id": absolute_url_for(".detail", slug=c.slug), "title": c.text("title", lang),
        "summary": c.text("summary", lang), "url": absolute_url_for(".detail", slug=c.slug),
        "updated": c.updated_at, "published": c.starts_at,
    } for c in listed]
    updated = max([c.updated_at for c in listed], default=clock.now())
    body = feeds.atom_feed(
        feed_id=absolute_url_for(".feed"), title=_("Putuo Saves Water: campaigns"),
        self_url=absolute_url_for(".feed"), site_url=absolute_url_for(".index"),
        updated=updated, entries=entries, language="zh-CN" if lang == "zh" else "en")
    response = make_response(body)
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response


@bp.get("/campaigns/media/<name>")
def media(name: str):
    if not NAME_RE.match(name):
        abort(404)
    response = send_from_directory(uploads_folder(), name, max_age=7 * 24 * 3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response

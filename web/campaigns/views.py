"""Public campaign pages: list, campaign page (events, pledges, league), poster, calendar
files, Atom feed and cover images."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from core import savings
from core.campaigns import pledge_actions, streets
from web import caching, clock
from web.caching import cached_page, is_personal
from web.campaigns import feeds, images, messages, participation, posters, services
from web.campaigns.forms import PledgeForm, RegistrationForm
from web.campaigns.images import NAME_RE
from web.campaigns.models import CampaignEvent
from web.extensions import client_address, db, limiter
from web.i18n import current_language, pick
from web.urls import absolute_url_for, site_host, site_url

PAGE_SECONDS = 20  # a cached campaign page (counts in it) is at most this old; the page's JS refreshes them

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


def detail_context(campaign, *, pledge_form=None, reg_forms=None, preview=False, personal=True) -> dict:
    """Everything the campaign page shows. `personal=False` renders the page every visitor
    shares (cached): no CSRF token and no "you have pledged/registered"; the page's own JS
    fills those in from campaign_state()."""
    token = request.cookies.get(participation.TOKEN_COOKIE) if personal else None
    events = []
    for event in campaign.events:
        events.append({
            "event": event,
            "confirmed": participation.confirmed_count(event),
            "mine": participation.my_registration(event, token),
            "form": (reg_forms or {}).get(event.id) or RegistrationForm(formdata=None, prefix=f"e{event.id}"),
            "open": event_open(campaign, event),
        })
    hints = {a.key: a.hint for a in pledge_actions()}
    return {
        "campaign": campaign, "state": services.state(campaign), "events": events, "preview": preview,
        "pledge_form": pledge_form or pledge_form_for(campaign), "pledged": participation.has_pledged(campaign, token),
        "pledges": participation.pledge_count(campaign), "offline": participation.offline_count(campaign),
        "league": participation.league(campaign), "street_savings": participation.savings_per_street(campaign),
        "action_hints": hints, "personal": personal, "cover": cover_rendition(campaign),
        "og_url": absolute_url_for("campaigns.detail", slug=campaign.slug),
        "og_image": (absolute_url_for("campaigns.media", name=images.rendition_name(campaign.cover_image, "og"))
                     if campaign.cover_image else None),
    }


def event_open(campaign, event) -> bool:
    return event.starts_at > clock.now() and services.state(campaign) in ("scheduled", "live")


def cover_rendition(campaign) -> dict | None:
    """The page-sized cover with its pixel size (so the browser reserves the space)."""
    if not campaign.cover_image:
        return None
    name = images.rendition_name(campaign.cover_image, "page")
    size = images.size_of(uploads_folder() / name)
    if size is None:  # a cover stored before renditions existed: the original, sized on the fly
        name, size = campaign.cover_image, images.size_of(uploads_folder() / campaign.cover_image)
    if size is None:
        return None
    return {"name": name, "width": size[0], "height": size[1]}


def resident_post_allowed() -> bool:
    """CSRF for residents' forms on a cached page: the token the page's JS fetched, or, without
    JavaScript, a same-origin Origin (or Referer) header, which browsers send on form posts."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    token = request.form.get("csrf_token")
    if token:
        try:
            validate_csrf(token)
            return True
        except (ValidationError, CSRFError):
            pass
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(origin)
    here = urlsplit(site_url())  # the site's own origin (never the request's Host header)
    return bool(parts.scheme) and (parts.scheme, parts.netloc) == (here.scheme, here.netloc)


def _refused_post(campaign):
    """The page again, rendered for this visitor (with a fresh token), asking to send again."""
    flash(_("Your form could not be checked (it may have been open too long). Please send it again."), "error")
    return render_template("campaigns/detail.html", **detail_context(campaign)), 400


@bp.get("/campaigns/")
@cached_page(30)
def index():
    return render_template("campaigns/index.html", groups=services.public_campaigns())


@bp.get("/campaigns/<slug>")
def detail(slug: str):
    """The same page for every visitor, cached per language and URL for PAGE_SECONDS and
    rendered by one request at a time (caching.shared_render); signed-in staff and a visitor
    with a message to see get it fresh. Views are counted in memory (participation.count_view):
    serving the shared copy neither reads nor writes the database."""
    source = "poster" if request.args.get("src") == "poster" else "direct"
    if is_personal():
        campaign = public_campaign_or_404(slug)
        _purge_past_phones_when_due()
        participation.count_view(campaign, source)
        db.session.commit()
        return render_template("campaigns/detail.html", **detail_context(campaign))
    page = caching.shared_render(caching.key("campaign-page", request.full_path), lambda: _shared_page(slug),
                                 PAGE_SECONDS)
    if participation.count_view_id(page["id"], source):
        db.session.commit()  # this view wrote the counts (no flush job in this process)
    return page["html"]


def _purge_past_phones_when_due() -> None:
    """Phone numbers of ended events go at read time too (the caller commits)."""
    if participation.phone_purge.due():
        participation.purge_past_phones()


def _shared_page(slug: str) -> dict:
    """The page every visitor shares (no CSRF token, nothing of theirs) and its campaign's id."""
    campaign = public_campaign_or_404(slug)
    _purge_past_phones_when_due()
    page = {"id": campaign.id, "html": render_template("campaigns/detail.html", **detail_context(campaign, personal=False))}
    db.session.commit()
    return page


@bp.get("/campaigns/<slug>/state.json")
def state_json(slug: str):
    """This visitor's parts of the campaign page: a CSRF token, pledged or not, their
    registrations (with the link to their status page), and fresh counts."""
    campaign = public_campaign_or_404(slug)
    token = request.cookies.get(participation.TOKEN_COOKIE)
    events = {}
    for event in campaign.events:
        mine = participation.my_registration(event, token)
        confirmed = participation.confirmed_count(event)
        events[str(event.id)] = {
            "confirmed": confirmed, "capacity": event.capacity, "open": event_open(campaign, event),
            "places": _("%(taken)s of %(total)s taken", taken=confirmed, total=event.capacity),
            "mine": None if mine is None else {
                "waitlisted": mine.waitlisted, "message": registration_message(mine),
                "status_url": url_for(".registration_status", slug=slug, code=mine.code) if mine.code else None,
            },
        }
    pledges, offline = participation.pledge_count(campaign), participation.offline_count(campaign)
    response = jsonify({
        "csrf_token": generate_csrf(), "pledged": participation.has_pledged(campaign, token),
        "pledges": pledges, "pledges_text": pledge_count_text(campaign, pledges, offline), "events": events,
    })
    response.headers["Cache-Control"] = "no-store"
    return response


def pledge_count_text(campaign, pledges: int, offline: int) -> str:
    text = (_("%(count)s pledges of a goal of %(goal)s", count=pledges, goal=campaign.goal_pledges)
            if campaign.goal_pledges else _("%(count)s pledges so far", count=pledges))
    if offline:
        text += ("" if current_language() == "zh" else " ") + _("(including %(count)s offline)", count=offline)
    return text


def registration_message(registration) -> str:
    if registration.waitlisted:
        return _("You are on the waitlist as %(name)s.", name=registration.nickname)
    return _("You are registered as %(name)s.", name=registration.nickname)


def _address_and_path() -> str:
    """Per address and per campaign/event (the path names both), so one busy form does not
    use up a household's budget for another."""
    return f"{client_address()}|{request.path}"


# Per address, because a browser that drops its cookie is a new "resident" each time (38
# pledges in 1 s from one address; an event filled with fake registrations). Generous
# enough for a family or a class behind one address; README: PLEDGE_RATE_LIMIT etc.
@bp.post("/campaigns/<slug>/pledge")
@limiter.limit(lambda: current_app.config["PLEDGE_RATE_LIMIT"], key_func=_address_and_path)
def pledge(slug: str):
    campaign = public_campaign_or_404(slug)
    if not resident_post_allowed():
        return _refused_post(campaign)
    token, is_new = visitor_token()
    form = pledge_form_for(campaign, request.form)
    saving = saving_from(request.form.get("saving_action", ""), request.form.get("saving_inputs", ""))
    if form.validate_on_submit():
        try:
            participation.pledge(campaign, token, form.street.data, form.actions.data, saving=saving)
        except services.CampaignError as exc:
            db.session.rollback()
            getattr(form, exc.field, form.actions).errors.append(messages.campaign_error(exc.code))
        else:
            db.session.commit()
            flash(_("Thank you! Your pledge is counted for your street."), "success")
            return _with_token(redirect(url_for(".detail", slug=slug, _anchor="pledge")), token, is_new)
    if saving is not None:
        page = render_template("campaigns/pledge_saving.html", campaign=campaign, form=form, saving=saving,
                               saving_inputs=request.form.get("saving_inputs", ""))
    else:
        page = render_template("campaigns/detail.html", **detail_context(campaign, pledge_form=form))
    return _with_token((page, 400), token, is_new)


SAVING_FIELDS = set(savings.SavingsInputs.__dataclass_fields__)


def saving_from(action_key: str, inputs: str):
    """The saving core.savings computes for this household and action (None when the link
    carries none or it cannot be computed). Only the household's answers come from the
    link; the figures are always computed here."""
    if not action_key or not inputs or len(inputs) > 2000:
        return None
    answers = {k: v for k, v in parse_qsl(inputs) if k in SAVING_FIELDS}
    try:
        estimate = savings.estimate(answers)
    except (ValueError, TypeError, ArithmeticError):  # core's InputError is a ValueError
        return None
    found = next((s for s in estimate.savings if s.action.key == action_key), None)
    return found if found is not None and found.m3_per_year is not None else None


def live_campaign_for_action(action_key: str):
    return next((c for c in services.live_campaigns() if action_key in c.action_keys()), None)


def pledge_saving_url(action_key: str) -> str | None:
    """For the savings calculator's result: a "pledge this" link to a live campaign offering
    this action, carrying the household's answers (the saving is recomputed on arrival)."""
    campaign = live_campaign_for_action(action_key)
    if campaign is None:
        return None
    answers = {k: v for k, v in request.args.items() if k in SAVING_FIELDS}
    return url_for("campaigns.pledge_saving", slug=campaign.slug, action=action_key, **answers)


@bp.get("/campaigns/<slug>/pledge")
def pledge_saving(slug: str):
    """The pledge form for one calculated saving, reached from the savings calculator."""
    campaign = public_campaign_or_404(slug)
    answers = {k: v for k, v in request.args.items() if k in SAVING_FIELDS}
    inputs = urlencode(answers)
    action_key = request.args.get("action", "")
    saving = saving_from(action_key, inputs)
    if saving is None or action_key not in campaign.action_keys():
        return render_template("campaigns/pledge_saving.html", campaign=campaign, form=None, saving=None,
                               saving_inputs=""), 400
    form = pledge_form_for(campaign)
    form.actions.data = [action_key]
    response = make_response(render_template("campaigns/pledge_saving.html", campaign=campaign, form=form,
                                             saving=saving, saving_inputs=inputs))
    response.headers["Cache-Control"] = "no-store"
    return response


def _event_or_404(campaign, event_id: int) -> CampaignEvent:
    event = db.session.get(CampaignEvent, event_id)
    if event is None or event.campaign_id != campaign.id:
        abort(404)
    return event


@bp.post("/campaigns/<slug>/events/<int:event_id>/register")
@limiter.limit(lambda: current_app.config["REGISTRATION_RATE_LIMIT"], key_func=_address_and_path)
@limiter.limit("20 per minute")  # per address, over all events
def register(slug: str, event_id: int):
    campaign = public_campaign_or_404(slug)
    event = _event_or_404(campaign, event_id)
    if not resident_post_allowed():
        return _refused_post(campaign)
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
            return _with_token(redirect(url_for(".registration_status", slug=slug, code=row.code)), token, is_new)
    page = render_template("campaigns/detail.html", **detail_context(campaign, reg_forms={event.id: form}))
    return _with_token((page, 400), token, is_new)


@bp.post("/campaigns/<slug>/events/<int:event_id>/cancel")
def cancel(slug: str, event_id: int):
    campaign = public_campaign_or_404(slug)
    event = _event_or_404(campaign, event_id)
    if not resident_post_allowed():
        return _refused_post(campaign)
    if participation.cancel(event, request.cookies.get(participation.TOKEN_COOKIE)):
        db.session.commit()
        flash(_("Your registration is cancelled."), "info")
    return redirect(url_for(".detail", slug=slug, _anchor=f"event-{event.id}"))


@bp.get("/campaigns/<slug>/registration/<code>")
def registration_status(slug: str, code: str):
    """A resident's own registration, by the code they keep: confirmed or waitlisted (and
    where in the queue), so a promotion from the waitlist is seen here."""
    campaign = public_campaign_or_404(slug)
    row = participation.registration_by_code(campaign, code)
    if row is None:
        return render_template("campaigns/registration.html", campaign=campaign, row=None), 404
    ahead = participation.waitlist_position(row) if row.waitlisted else None
    response = make_response(render_template(
        "campaigns/registration.html", campaign=campaign, row=row, event=row.event, ahead=ahead,
        can_cancel=row.event.starts_at > clock.now(),
        status_link=absolute_url_for(".registration_status", slug=slug, code=code)))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/campaigns/<slug>/registration/<code>/cancel")
@limiter.limit("20 per minute")
def registration_cancel(slug: str, code: str):
    campaign = public_campaign_or_404(slug)
    if not resident_post_allowed():
        return _refused_post(campaign)
    row = participation.registration_by_code(campaign, code)
    if row is None:
        abort(404)
    participation.remove_registration(row)
    db.session.commit()
    flash(_("Your registration is cancelled."), "info")
    return redirect(url_for(".detail", slug=slug, _anchor="events"))


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
    if not NAME_RE.match(name) and not images.RENDITION_RE.match(name):
        abort(404)
    response = send_from_directory(uploads_folder(), name, max_age=7 * 24 * 3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response

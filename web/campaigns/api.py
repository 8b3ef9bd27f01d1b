"""`GET /api/v1/campaigns?lang=zh|en`: live and scheduled campaigns for the bot, soonest first."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from web.campaigns import services
from web.public.errors import error_response
from web.urls import absolute_url_for

api_bp = Blueprint("campaigns_api", __name__, url_prefix="/api/v1")


def _time(value) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


@api_bp.get("/campaigns")
def campaigns():
    lang = request.args.get("lang", "zh")
    if lang not in ("zh", "en"):
        return error_response(400, _("lang must be zh or en."), field="lang")
    result = []
    for campaign in services.upcoming_for_api():
        result.append({
            "slug": campaign.slug,
            "title": campaign.text("title", lang),
            "summary": campaign.text("summary", lang),
            "url": absolute_url_for("campaigns.detail", slug=campaign.slug, lang=lang),
            "street": campaign.street,
            "state": services.state(campaign),
            "starts_at": _time(campaign.starts_at),
            "ends_at": _time(campaign.ends_at),
            "events": [{
                "title": event.text("title", lang),
                "starts_at": _time(event.starts_at),
                "ends_at": _time(event.ends_at),
                "place": event.text("place", lang),
                "url": absolute_url_for("campaigns.detail", slug=campaign.slug, lang=lang, _anchor=f"event-{event.id}"),
            } for event in campaign.events],
        })
    response = jsonify({"campaigns": result})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response

"""Water Week campaigns, events, pledges and posters (issue 6). The FAQ is in web/faq, the
staff dashboard in web/dashboard, and `flask content` in web/content."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import format_date, pgettext

from web.i18n import local_datetime, pick


def _estimated_dates(campaign):
    """core.campaigns.estimated_dates for a stored campaign (its last local day)."""
    from core.campaigns import estimated_dates
    from web import clock

    if campaign is None or campaign.ends_at is None:
        return None
    last_day = (clock.to_local(campaign.ends_at) - dt.timedelta(seconds=1)).date()
    found = estimated_dates(campaign.slug, last_day)
    if found is None:
        return None
    # Translators: CLDR patterns (y year, M month, MMMM its name, MMM its short name, d day)
    day_format = pgettext("date pattern (CLDR) without the year", "d MMMM")
    span_format = pgettext("date pattern (CLDR)", "d MMM y")
    anchor = dt.date(found.year, *found.day.month_day)
    return {
        "name": pick(found.day.name), "year": found.year,
        "anchor": format_date(anchor, day_format),
        "verified": [f"{format_date(start, span_format)} – {format_date(end, span_format)}"
                     for _year, start, end in found.verified],
    }


def init_app(app: Flask) -> None:
    from core.campaigns import street_by_slug
    from web import housekeeping
    from web.campaigns import api, manage, manage_events, participation, views  # noqa: F401 (routes)
    from web.campaigns.markdown import render
    from web.campaigns.services import live_campaigns, upcoming_for_api
    from web.extensions import csrf

    # Residents' forms sit on a page cached for everyone: views.resident_post_allowed checks them.
    for view in (views.pledge, views.register, views.cancel, views.registration_cancel):
        csrf.exempt(view)
    app.register_blueprint(views.bp)
    housekeeping.add_chore(app, "view counts", participation.write_pending_views,
                           every=participation.VIEW_FLUSH_EVERY, at_exit=True)
    app.register_blueprint(manage.manage_bp)
    app.register_blueprint(api.api_bp)
    app.add_template_filter(render, "campaign_markdown")
    app.add_template_filter(local_datetime, "campaign_time")
    app.add_template_global(lambda limit=3: live_campaigns(limit), "live_campaigns")
    app.add_template_global(lambda limit=2: upcoming_for_api()[:limit], "upcoming_campaigns")
    app.add_template_global(street_by_slug, "campaign_street")
    app.add_template_global(_estimated_dates, "campaign_estimated_dates")
    app.add_template_global(views.pledge_saving_url, "campaign_pledge_saving_url")

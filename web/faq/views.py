"""The public FAQ: every approved entry on one page, and a page per entry (the assistant
links to it)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from web.caching import cached_page
from web.extensions import db
from web.faq import services
from web.faq.models import FaqEntry

bp = Blueprint("faq", __name__)


@bp.get("/faq", endpoint="index")
@cached_page(30)
def index():
    return render_template("faq/index.html", entries=services.approved_entries())


@bp.get("/faq/<slug>", endpoint="entry")
@cached_page(30)
def entry(slug: str):
    row = db.session.scalar(select(FaqEntry).where(FaqEntry.slug == slug, FaqEntry.status == "approved"))
    if row is None:
        abort(404)
    return render_template("faq/entry.html", entry=row)


@bp.get("/staff/campaigns/faq/new", endpoint="old_staff_new")
def old_staff_new():
    """The staff FAQ form used to live in the campaigns area."""
    return redirect(url_for("faq_manage.new", **request.args), 301)

"""The dashboard's CSV files (headers in the editor's language; see web/csvexport.py)."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from web import clock
from web.csvexport import csv_response
from web.dashboard.labels import question_status_label


def _time(value) -> str:
    """A Shanghai time as text; a date (offline tallies are kept per day) as the date alone."""
    if not value:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def questions_csv(groups, matches):
    header = [_("Question asked"), _("Language"), _("Times asked"), _("Left for staff"), _("First asked"),
              _("Last asked"), _("Status"), _("FAQ entry that now answers it")]
    languages = {"zh": _("Chinese"), "en": _("English")}
    rows = [[g.text, languages.get(g.lang, g.lang), g.count, g.left_for_staff, _time(clock.to_local(g.first_asked)),
             _time(clock.to_local(g.last_asked)), question_status_label(g.status),
             matches[g.id].entry.slug if g.id in matches else ""] for g in groups]
    return csv_response("questions.csv", header, rows)


def pledges_csv(rows):
    header = [_("Time"), _("Campaign"), _("Street or town"), _("Actions"), _("Source"), _("Pledges")]
    sources = {"online": _("Online"), "sheet": _("Paper pledge sheets"), "stall": _("A street stall")}
    return csv_response("pledges.csv", header, [
        [_time(r["time"]), r["campaign"], r["street"], r["actions"], sources.get(r["source"], r["source"]), r["count"]]
        for r in rows])


def registrations_csv(rows):
    header = [_("Campaign"), _("Event"), _("Event starts"), _("Nickname"), _("Confirmed or waiting list"), _("Registered at")]
    return csv_response("registrations.csv", header, [
        [r["campaign"], r["event"], _time(r["starts"]), r["nickname"],
         _("Waiting list") if r["waitlisted"] else _("Confirmed"), _time(r["time"])] for r in rows])


def quiz_csv(rows):
    header = [_("Teacher or school"), _("Quiz events"), _("Players")]
    return csv_response("quiz-participation.csv", header, [[r["teacher"], r["events"], r["players"]] for r in rows])

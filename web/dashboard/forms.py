"""The dashboard's filter (a GET form: date range in Shanghai dates, question status)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from web import clock
from web.dashboard.labels import question_status_label

QUESTION_STATUSES = ("new", "waiting_for_staff", "answered_by_faq", "dismissed")
EARLIEST = dt.date(2000, 1, 1)


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DateField(_l("From (date)"), validators=[Optional()],
                      render_kw={"type": "date"})
    end = DateField(_l("To (date, included)"), validators=[Optional()], render_kw={"type": "date"})
    status = SelectField(_l("Question status"), validators=[Optional()], choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("Any status"))] + [(s, question_status_label(s)) for s in QUESTION_STATUSES]

    def validate_start(self, field):
        if field.data and not EARLIEST <= field.data <= dt.date(2100, 1, 1):
            raise ValidationError(_l("Choose a date between 2000 and 2100."))

    def validate_end(self, field):
        if field.data and not EARLIEST <= field.data <= dt.date(2100, 1, 1):
            raise ValidationError(_l("Choose a date between 2000 and 2100."))
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must be on or after the start date."))

    def window(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(since, until) in naive UTC: from the start of the first day to the end of the last
        (Shanghai days)."""
        since = clock.from_local(dt.datetime.combine(self.start.data, dt.time())) if self.start.data else None
        until = (clock.from_local(dt.datetime.combine(self.end.data + dt.timedelta(days=1), dt.time()))
                 if self.end.data else None)
        return since, until

"""The calculator forms. They are GET forms (a result is a shareable link), so no CSRF token;
validation calls core's parsers and words their errors in the visitor's language. Free text
("12吨/月", "8000升", "三口人", "family of 4") is read by core.reading, the reader the assistant uses."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from core.reading import read_message
from core.savings import SavingsInputs
from core.tariffs import PERIODS_PER_YEAR, InputError, PeopleError, UsageError, parse_people, parse_usage_m3
from web.calculators.messages import message_for

PERIOD_CHOICES = ("year", "half_year", "quarter", "two_months", "month")
assert set(PERIOD_CHOICES) == set(PERIODS_PER_YEAR)


def read_usage_text(text: object) -> tuple[Decimal, str | None]:
    """A volume typed as 250, 250.5, 两百五十, 两百五十吨, "250 m3", 8000升 or 12吨/月, and the
    period the text itself names (None if it names none); raises UsageError."""
    try:
        return parse_usage_m3(text), None
    except UsageError as exc:
        if exc.code != "not_a_number" or not isinstance(text, str):
            raise
        reading = read_message(text, expecting="usage_m3")
        if reading.usage_m3 is None:
            raise
        return parse_usage_m3(reading.usage_m3), reading.usage_period


def read_people(text: object) -> int:
    """A household size typed as 3, 三, 三口人, 一家三口 or "family of 4"; raises PeopleError."""
    try:
        return parse_people(text)
    except PeopleError as exc:
        if exc.code != "not_whole_number" or not isinstance(text, str):
            raise
        people = read_message(text, expecting="people").people
        if people is None:
            raise
        return parse_people(people)


class _Form(FlaskForm):
    class Meta:
        csrf = False  # GET only, nothing is stored: the result page is a link to share


class BillForm(_Form):
    usage_m3 = StringField(_l("Water used (m³, 1 吨 = 1 m³)"), render_kw={"inputmode": "decimal", "autocomplete": "off"})
    people = StringField(_l("People in the household"), default="3", render_kw={"inputmode": "numeric"})
    period = SelectField(
        _l("The reading covers"),
        choices=[SelectChoice("year", _l("a whole year")), SelectChoice("half_year", _l("half a year")),
                 SelectChoice("quarter", _l("one quarter (three months)")), SelectChoice("two_months", _l("two months")),
                 SelectChoice("month", _l("one month"))],
        default="year",
        validate_choice=False,
    )

    usage_period_value: str | None = None

    def validate_usage_m3(self, field):
        try:
            self.usage_value, self.usage_period_value = read_usage_text(field.data)
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    def validate_people(self, field):
        try:
            self.people_value = read_people(field.data)
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    def validate_period(self, field):
        if field.data not in PERIOD_CHOICES:
            raise ValidationError(message_for(InputError("period", "invalid_choice", {"zh": "", "en": ""})))

    @property
    def period_value(self) -> str:
        """The period typed with the volume ("12吨/月") wins over the select, which defaults to a year."""
        return self.usage_period_value or self.period.data


def _optional_number(form_field_name: str):
    def check(form, field):
        try:
            SavingsInputs.from_mapping({"people": 1, form_field_name: field.data})
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    return check


class SavingsForm(_Form):
    people = StringField(_l("People in the household"), default="3", render_kw={"inputmode": "numeric"})
    showers_per_day = StringField(_l("Showers a day (whole household)"), validators=[_optional_number("showers_per_day")],
                                  render_kw={"inputmode": "decimal"})
    shower_minutes = StringField(_l("Minutes per shower"), validators=[_optional_number("shower_minutes")],
                                 render_kw={"inputmode": "decimal"})
    shower_flow_l_per_min = StringField(_l("Shower flow (L/min, on the shower's label)"),
                                        validators=[_optional_number("shower_flow_l_per_min")],
                                        render_kw={"inputmode": "decimal"})
    litres_per_flush = StringField(_l("Litres per flush"), validators=[_optional_number("litres_per_flush")],
                                   render_kw={"inputmode": "decimal"})
    toilet_grade = SelectField(_l("Toilet's water-efficiency grade"),
                               choices=[SelectChoice("", _l("don't know")), SelectChoice("1", _l("grade 1")),
                                        SelectChoice("2", _l("grade 2")), SelectChoice("3", _l("grade 3"))],
                               default="", validate_choice=False, validators=[_optional_number("toilet_grade")])
    laundry_loads_per_week = StringField(_l("Washing-machine loads a week"),
                                         validators=[_optional_number("laundry_loads_per_week")],
                                         render_kw={"inputmode": "decimal"})
    litres_per_load = StringField(_l("Litres per washing-machine load"), validators=[_optional_number("litres_per_load")],
                                  render_kw={"inputmode": "decimal"})
    dishwasher_loads_per_week = StringField(_l("Dishwasher loads a week"),
                                            validators=[_optional_number("dishwasher_loads_per_week")],
                                            render_kw={"inputmode": "decimal"})
    dishwasher_litres_per_load = StringField(_l("Litres per dishwasher cycle (on the machine's label)"),
                                             validators=[_optional_number("dishwasher_litres_per_load")],
                                             render_kw={"inputmode": "decimal"})
    dripping_taps = StringField(_l("Taps dripping about once a second"), default="0",
                                validators=[_optional_number("dripping_taps")], render_kw={"inputmode": "numeric"})
    running_toilet = BooleanField(_l("A toilet keeps running"))
    running_toilet_litres_per_day = StringField(_l("If you measured it: litres a day the toilet leaks"),
                                                validators=[_optional_number("running_toilet_litres_per_day")],
                                                render_kw={"inputmode": "decimal"})

    def validate_people(self, field):
        try:
            self.people_value = read_people(field.data)
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    def inputs(self) -> SavingsInputs:
        """The validated form as core inputs (call after `validate()`)."""
        data = {name: self[name].data for name in self._fields}
        data["people"] = self.people_value
        return SavingsInputs.from_mapping(data)

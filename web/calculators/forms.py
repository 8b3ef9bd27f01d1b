"""The calculator forms. They are GET forms (a result is a shareable link), so no CSRF token;
validation calls core's parsers and words their errors in the visitor's language."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from core import numbers
from core.savings import SavingsInputs
from core.tariffs import InputError, UsageError, parse_people, parse_usage_m3
from web.calculators.messages import message_for


def read_usage(text: object) -> Decimal:
    """A volume typed as 250, 250.5, 两百五十, 两百五十吨 or "250 m3"; raises UsageError."""
    try:
        return parse_usage_m3(text)
    except UsageError as exc:
        if exc.code != "not_a_number" or not isinstance(text, str):
            raise
        spoken = numbers.parse_number(text)
        if spoken is None:
            spoken = numbers.parse_volume(text)
        if spoken is None:
            raise
        return parse_usage_m3(spoken)


class _Form(FlaskForm):
    class Meta:
        csrf = False  # GET only, nothing is stored: the result page is a link to share


class BillForm(_Form):
    usage_m3 = StringField(_l("Water used (m³, 1 吨 = 1 m³)"), render_kw={"inputmode": "decimal", "autocomplete": "off"})
    people = StringField(_l("People in the household"), default="3", render_kw={"inputmode": "numeric"})
    period = SelectField(
        _l("The reading covers"),
        choices=[SelectChoice("year", _l("a whole year")), SelectChoice("month", _l("one month")),
                 SelectChoice("two_months", _l("two months"))],
        default="year",
        validate_choice=False,
    )

    def validate_usage_m3(self, field):
        try:
            self.usage_value = read_usage(field.data)
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    def validate_people(self, field):
        try:
            self.people_value = parse_people(field.data)
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    def validate_period(self, field):
        if field.data not in ("year", "month", "two_months"):
            raise ValidationError(message_for(InputError("period", "invalid_choice", {"zh": "", "en": ""})))


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
            parse_people(field.data)
        except InputError as exc:
            raise ValidationError(message_for(exc)) from None

    def inputs(self) -> SavingsInputs:
        """The validated form as core inputs (call after `validate()`)."""
        data = {name: self[name].data for name in self._fields}
        return SavingsInputs.from_mapping(data)

"""Forms for campaigns, events, registrations and pledges. Every message is
lazy so it follows the visitor's language, and sits next to its field."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

_REQUIRED = _l("This field is required.")
SLUG_MESSAGE = _l("Use lower-case letters, digits and single dashes, e.g. water-week-2027.")


class LocalDateTimeField(StringField):
    """A Shanghai wall-clock time typed as YYYY-MM-DDTHH:MM (the browser's datetime-local)."""

    FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "datetime-local"})
        super().__init__(label, validators, **kwargs)
        self.parsed: dt.datetime | None = None

    def _value(self):
        if self.parsed and not self.raw_data:
            return self.parsed.strftime("%Y-%m-%dT%H:%M")
        return super()._value()

    def process_data(self, value):
        if isinstance(value, dt.datetime):
            self.parsed = value
            self.data = value.strftime("%Y-%m-%dT%H:%M")
        else:
            super().process_data(value)

    def pre_validate(self, form):
        self.parsed = None
        text = (self.data or "").strip()
        if not text:
            return
        for fmt in self.FORMATS:
            try:
                self.parsed = dt.datetime.strptime(text, fmt)
                return
            except ValueError:
                continue
        raise ValidationError(_l("Enter a date and time like 2027-03-22 14:00."))


class WholeNumberField(StringField):
    def __init__(self, label=None, validators=None, *, minimum=1, maximum=1_000_000, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum, self.number = minimum, maximum, None

    def process_data(self, value):
        super().process_data(None if value is None else str(value))

    def pre_validate(self, form):
        self.number = None
        text = (self.data or "").strip()
        if not text:
            return
        if not text.isdigit() or not self.minimum <= int(text) <= self.maximum:
            raise ValidationError(_l("Enter a whole number from %(low)s to %(high)s.", low=self.minimum, high=self.maximum))
        self.number = int(text)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _text(label, maximum, required=True, area=False):
    validators = [DataRequired(_REQUIRED) if required else Optional(),
                  Length(max=maximum, message=_l("Use at most %(max)s characters.", max=maximum))]
    return (TextAreaField if area else StringField)(label, validators=validators)


class CampaignForm(FlaskForm):
    slug = StringField(_l("Web address (slug)"), validators=[
        DataRequired(_REQUIRED), Length(max=64), Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=SLUG_MESSAGE)])
    title_zh = _text(_l("Title (Chinese)"), 200)
    title_en = _text(_l("Title (English)"), 200)
    summary_zh = _text(_l("Summary (Chinese)"), 600, area=True)
    summary_en = _text(_l("Summary (English)"), 600, area=True)
    body_zh = _text(_l("Text (Chinese, Markdown)"), 20000, area=True)
    body_en = _text(_l("Text (English, Markdown)"), 20000, area=True)
    street = SelectField(_l("Street or town"), choices=[], validate_choice=True)
    starts_at = LocalDateTimeField(_l("Goes live at (Shanghai time)"))
    ends_at = LocalDateTimeField(_l("Ends at (Shanghai time)"))
    goal_pledges = WholeNumberField(_l("Pledge goal (optional)"), validators=[Optional()])
    pledge_actions = MultiCheckboxField(_l("Actions residents can pledge"), choices=[])
    cover = FileField(_l("Cover image (JPEG, PNG or WebP, up to 5 MB)"))
    remove_cover = BooleanField(_l("Remove the current cover image"))
    cover_alt_zh = _text(_l("Cover description for screen readers (Chinese)"), 200, required=False)
    cover_alt_en = _text(_l("Cover description for screen readers (English)"), 200, required=False)
    version = HiddenField()

    def validate_ends_at(self, field):
        starts, ends = self.starts_at.parsed, field.parsed
        if starts and ends and ends <= starts:
            raise ValidationError(_l("The end must be after the start."))
        if bool(self.starts_at.data and self.starts_at.data.strip()) != bool(field.data and field.data.strip()):
            raise ValidationError(_l("Give both the start and the end, or neither (a draft)."))


class EventForm(FlaskForm):
    title_zh = _text(_l("Title (Chinese)"), 200)
    title_en = _text(_l("Title (English)"), 200)
    description_zh = _text(_l("Description (Chinese)"), 2000, required=False, area=True)
    description_en = _text(_l("Description (English)"), 2000, required=False, area=True)
    place_zh = _text(_l("Place (Chinese)"), 300)
    place_en = _text(_l("Place (English)"), 300)
    starts_at = LocalDateTimeField(_l("Starts at (Shanghai time)"), validators=[DataRequired(_REQUIRED)])
    ends_at = LocalDateTimeField(_l("Ends at (Shanghai time)"), validators=[DataRequired(_REQUIRED)])
    capacity = WholeNumberField(_l("Places"), validators=[DataRequired(_REQUIRED)], maximum=100_000)
    phone_reason_zh = _text(_l("Why you need a phone number (Chinese; leave empty if you do not)"), 500,
                            required=False, area=True)
    phone_reason_en = _text(_l("Why you need a phone number (English; leave empty if you do not)"), 500,
                            required=False, area=True)

    def validate_ends_at(self, field):
        if self.starts_at.parsed and field.parsed and field.parsed <= self.starts_at.parsed:
            raise ValidationError(_l("The end must be after the start."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Checked here: the Optional() validator stops a field's own chain when it is empty.
        if bool((self.phone_reason_zh.data or "").strip()) != bool((self.phone_reason_en.data or "").strip()):
            empty = self.phone_reason_en if not (self.phone_reason_en.data or "").strip() else self.phone_reason_zh
            empty.errors = [*empty.errors, _l("Give the reason in both languages, or leave both empty.")]
            return False
        return valid


class RegistrationForm(FlaskForm):
    class Meta:
        csrf = False  # checked by views.resident_post_allowed: the campaign page is cached for everyone

    nickname = StringField(_l("Nickname"), validators=[
        DataRequired(_REQUIRED), Length(max=40, message=_l("Use at most %(max)s characters.", max=40))])
    phone = StringField(_l("Phone number"), validators=[
        Optional(), Regexp(r"^\+?[0-9][0-9 -]{6,18}$", message=_l("Enter a phone number using digits, e.g. 13800000000."))])


class PledgeForm(FlaskForm):
    class Meta:
        csrf = False  # checked by views.resident_post_allowed: the campaign page is cached for everyone

    street = SelectField(_l("Your street or town"), choices=[], validators=[DataRequired(_l("Choose your street or town."))])
    actions = MultiCheckboxField(_l("I will"), choices=[])

    def validate_actions(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one action."))


class TallyForm(FlaskForm):
    """Pledges collected offline: a paper pledge sheet or a street stall's count."""

    source = SelectField(_l("Collected on"), choices=[("sheet", _l("Paper pledge sheets")), ("stall", _l("A street stall"))],
                         validators=[DataRequired(_REQUIRED)])
    street = SelectField(_l("Street or town"), choices=[], validators=[DataRequired(_l("Choose the street or town."))])
    count = WholeNumberField(_l("Number of pledges"), validators=[DataRequired(_REQUIRED)], maximum=100_000)
    actions = MultiCheckboxField(_l("Actions pledged (optional)"), choices=[])
    day = DateField(_l("Date collected"), validators=[DataRequired(_l("Enter a date like 2027-03-22."))],
                    render_kw={"type": "date"})
    note = _text(_l("Note (where, who collected the sheets)"), 500, required=False, area=True)

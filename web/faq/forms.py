"""The staff FAQ form. Messages are lazy so they follow the editor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

MAX_WORDINGS = 20
_REQUIRED = _l("This field is required.")


def _lines(field) -> list[str]:
    return [line.strip() for line in (field.data or "").splitlines() if line.strip()]


def _text(label, max_length: int, area: bool = False):
    kind = TextAreaField if area else StringField
    return kind(label, validators=[DataRequired(_REQUIRED),
                                   Length(max=max_length, message=_l("Use at most %(max)s characters.", max=max_length))])


class FaqForm(FlaskForm):
    slug = StringField(_l("Short name (slug)"), validators=[
        DataRequired(_REQUIRED), Length(max=64),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message=_l("Use lower-case letters, digits and single dashes, e.g. water-week-2027."))])
    questions_zh = _text(_l("Question in Chinese, then other ways residents ask it (one per line)"), 4000, area=True)
    questions_en = _text(_l("Question in English, then other ways residents ask it (one per line)"), 4000, area=True)
    answer_zh = _text(_l("Answer (Chinese)"), 4000, area=True)
    answer_en = _text(_l("Answer (English)"), 4000, area=True)
    source_title = _text(_l("Source of the answer"), 300)
    source_url = StringField(_l("Source web address (optional)"), validators=[
        Optional(), URL(require_tld=True, message=_l("Enter a full web address starting with https://.")), Length(max=500)])
    approve = BooleanField(_l("Approve and publish now"))

    def validate_questions_zh(self, field):
        if len(_lines(field)) > MAX_WORDINGS:
            raise ValidationError(_l("List at most %(count)s wordings.", count=MAX_WORDINGS))

    def validate_questions_en(self, field):
        self.validate_questions_zh(field)

    def validate_source_url(self, field):
        if field.data and not field.data.startswith(("http://", "https://")):
            raise ValidationError(_l("Enter a full web address starting with https://."))

    def lines(self, name: str) -> list[str]:
        return _lines(getattr(self, name))

    def values(self) -> dict:
        return {"slug": self.slug.data.strip(), "questions_zh": self.lines("questions_zh"),
                "questions_en": self.lines("questions_en"), "answer_zh": self.answer_zh.data.strip(),
                "answer_en": self.answer_en.data.strip(), "source_title": self.source_title.data.strip(),
                "source_url": (self.source_url.data or "").strip() or None}

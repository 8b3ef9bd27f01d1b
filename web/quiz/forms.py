"""Quiz forms: the teacher's event form and the student's join form. Messages are lazy so
they follow the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from core import quiz as core_quiz
from web import clock
from web.quiz import names

_REQUIRED = _l("This field is required.")

TOPIC_LABELS = {
    "tariffs": _l("Tiered water prices"),
    "labels": _l("Water-efficiency labels"),
    "home": _l("Saving water at home"),
    "water_days": _l("Water days and weeks"),
    "district_plan": _l("Putuo's water-saving plan"),
}
GRADE_LABELS = {
    "primary_lower": _l("Primary school, grades 1–3"),
    "primary_upper": _l("Primary school, grades 4–5"),
    "junior": _l("Junior secondary"),
    "senior": _l("Senior secondary"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_REQUIRED), Length(max=120)])
    mode = RadioField(_l("How students play"), default="live", choices=[
        ("live", _l("Live: you move the class from question to question")),
        ("self_paced", _l("Self-paced: students answer on their own within a time window")),
    ])
    bank = SelectField(_l("Question bank"), choices=[], default="")
    topics = MultiCheckboxField(_l("Topics (random set; none = all)"), choices=[])
    grade = SelectField(_l("Grade band (random set)"), choices=[], default="")
    count = IntegerField(_l("Number of questions (random set)"), default=10,
                         validators=[InputRequired(_REQUIRED), NumberRange(min=1, max=50, message=_l(
                             "Choose from %(min)s to %(max)s questions.", min=1, max=50))])
    picked = MultiCheckboxField(_l("Or pick questions yourself"), choices=[], validate_choice=False)
    question_seconds = IntegerField(_l("Seconds per question (live)"), default=20, validators=[
        InputRequired(_REQUIRED), NumberRange(min=5, max=300, message=_l(
            "Choose from %(min)s to %(max)s seconds.", min=5, max=300))])
    opens_at = DateTimeLocalField(_l("Opens at (self-paced, Beijing time)"), format="%Y-%m-%dT%H:%M",
                                  validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes at (self-paced, Beijing time)"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()])
    speed_bonus = BooleanField(_l("Give extra points for fast correct answers (live)"))
    shuffle = BooleanField(_l("Shuffle questions and choices"))
    leaderboard = RadioField(_l("Leaderboard for students"), default="show", choices=[
        ("show", _l("Show it")), ("hide", _l("Hide it (only you see it)"))])
    generated_names = BooleanField(_l("Students pick a generated nickname (no typed names; recommended for "
                                      "primary schools)"), default=True)
    class_labels = TextAreaField(_l("Classes for class-vs-class, one per line (optional, e.g. 三(1)班)"), validators=[
        Optional(), Length(max=2000),
        Regexp(r"^[^<>]*$", message=_l("Class labels cannot contain < or >."))])
    class_score = RadioField(_l("Rank classes by"), default="average", choices=[
        ("average", _l("Average score per player (fair when classes differ in size)")),
        ("total", _l("Total score of the class"))])

    def __init__(self, *args, lang: str = "zh", own=((), {}), **kwargs):
        """`own`: (bank key, title) pairs and questions by key from teachers' banks (web/quiz/bank.py)."""
        super().__init__(*args, **kwargs)
        self.own_questions = own[1]
        self.bank.choices = ([("", _l("All district banks"))] + [(b.id, b.title[lang]) for b in core_quiz.banks()]
                             + list(own[0]))
        self.topics.choices = [(t, TOPIC_LABELS[t]) for t in core_quiz.TOPICS]
        self.grade.choices = [("", _l("Any grade band"))] + [(g, GRADE_LABELS[g]) for g in core_quiz.GRADE_BANDS]
        questions = core_quiz.all_questions()
        self.picked.choices = [(q.id, q.text[lang]) for q in [*questions.values(), *self.own_questions.values()]]

    def validate_picked(self, field):
        unknown = set(field.data or []) - set(core_quiz.all_questions()) - set(self.own_questions)
        if unknown:
            raise ValidationError(_l("Some picked questions no longer exist."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.mode.data == "self_paced" and not self.closes_at.errors:
            if self.closes_at.data is None:
                self.closes_at.errors = [*self.closes_at.errors, _l("A self-paced quiz needs a closing time.")]
                valid = False
            elif self.opens_at.data and self.closes_at.data <= self.opens_at.data:
                self.closes_at.errors = [*self.closes_at.errors,
                                         _l("The closing time must be after the opening time.")]
                valid = False
            elif self.closes_at.data <= clock.to_local(clock.now()):
                # An empty opening time means "open now"; a closing time already past would make
                # an event that is over before anyone can join.
                self.closes_at.errors = [*self.closes_at.errors, _l("The closing time must be in the future.")]
                valid = False
        return valid

    def labels(self) -> list[str]:
        return [line.strip() for line in (self.class_labels.data or "").splitlines() if line.strip()]

    def validate_class_labels(self, field):
        labels = self.labels()
        if any(len(label) > 40 for label in labels):
            raise ValidationError(_l("Each class label can have at most %(count)s characters.", count=40))
        if len(labels) > 60:
            raise ValidationError(_l("At most %(count)s class labels.", count=60))
        if any(names.looks_like_contact(label) for label in labels):
            raise ValidationError(_l("Class labels cannot contain a phone number, e-mail or web address."))


class CodeForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it only looks an event up

    code = StringField(_l("Quiz code"), validators=[
        DataRequired(_l("Please enter the 6-digit code shown on your teacher's screen.")),
        Regexp(r"^\d{6}$", message=_l("Please enter the 6-digit code shown on your teacher's screen."))])


class JoinForm(FlaskForm):
    nickname = StringField(_l("Nickname"), validators=[DataRequired(_l("Please choose a nickname.")),
                                                       Length(max=40)])
    class_label = SelectField(_l("Your class"), choices=[], validate_choice=False)

"""Forms of the question-bank editor. The fields only carry what the teacher typed; the one
validation (also used by the import) is `web.quiz.bank.clean`, whose errors land on the field
they name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from core import quiz as core_quiz
from web.quiz import bank
from web.quiz.forms import GRADE_LABELS, TOPIC_LABELS, MultiCheckboxField

KIND_LABELS = {
    "single": _l("Single choice (one correct answer)"),
    "multi": _l("Multiple choice (all correct answers must be ticked)"),
    "true_false": _l("True or false"),
    "numeric": _l("A number (right within a tolerance)"),
}


class BankForm(FlaskForm):
    title = StringField(_l("Bank title"), validators=[DataRequired(_l("This field is required.")), Length(max=120)])
    shared = BooleanField(_l("Share with other teachers (they can use it in their quizzes, not change it)"))


class WordProblemForm(FlaskForm):
    usage_m3 = StringField(_l("Water used in the year (m³)"), default="250",
                           validators=[DataRequired(_l("This field is required."))])
    people = IntegerField(_l("People in the household"), default=3, validators=[
        DataRequired(_l("This field is required.")),
        NumberRange(min=1, max=30, message=_l("Household size must be from 1 to 30."))])
    ask = RadioField(_l("Ask for"), default="total_yuan", choices=[
        ("total_yuan", _l("The year's water bill (yuan)")),
        ("next_m3_price_yuan", _l("The price of one more cubic metre (yuan)"))])
    grades = MultiCheckboxField(_l("Grade bands"), choices=[], default=["junior"], validate_choice=False)
    tolerance = StringField(_l("Tolerance (answers this far off still count; 0 = exact)"), default="0")
    seconds = IntegerField(_l("Seconds for this question (live; empty = the quiz's setting)"),
                           validators=[Optional(), NumberRange(min=bank.MIN_SECONDS, max=bank.MAX_SECONDS, message=_l(
                               "Choose from %(min)s to %(max)s seconds.", min=bank.MIN_SECONDS, max=bank.MAX_SECONDS))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.grades.choices = [(g, GRADE_LABELS[g]) for g in core_quiz.GRADE_BANDS]


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or JSON file (up to 1 MB)"))


class QuestionForm(FlaskForm):
    kind = RadioField(_l("Question type"), default="single",
                      choices=[(k, KIND_LABELS[k]) for k in core_quiz.ANSWER_KINDS], validate_choice=False)
    topic = SelectField(_l("Topic"), choices=[], validate_choice=False)
    grades = MultiCheckboxField(_l("Grade bands"), choices=[], validate_choice=False)
    text_zh = TextAreaField(_l("Question (Chinese)"))
    text_en = TextAreaField(_l("Question (English)"))
    correct = MultiCheckboxField(_l("Correct"), choices=[(str(n), str(n)) for n in range(1, bank.MAX_CHOICES + 1)],
                                 validate_choice=False)
    answer = RadioField(_l("The statement is"), choices=[("true", _l("True")), ("false", _l("False"))],
                        validate_choice=False)
    value = StringField(_l("Correct number"))
    tolerance = StringField(_l("Tolerance (answers this far off still count; 0 = exact)"), default="0")
    unit_zh = StringField(_l("Unit (Chinese, optional)"))
    unit_en = StringField(_l("Unit (English, optional)"))
    explanation_zh = TextAreaField(_l("Explanation shown after answering (Chinese)"))
    explanation_en = TextAreaField(_l("Explanation shown after answering (English)"))
    source_title = StringField(_l("Source (optional)"))
    source_url = StringField(_l("Source web address (optional)"))
    seconds = IntegerField(_l("Seconds for this question (live; empty = the quiz's setting)"),
                           validators=[Optional(), NumberRange(min=bank.MIN_SECONDS, max=bank.MAX_SECONDS, message=_l(
                               "Choose from %(min)s to %(max)s seconds.", min=bank.MIN_SECONDS, max=bank.MAX_SECONDS))])
    image = FileField(_l("Picture (JPEG, PNG or WebP, up to 5 MB; optional)"))
    remove_image = BooleanField(_l("Remove the picture"))
    image_alt_zh = StringField(_l("What the picture shows, for students who cannot see it (Chinese)"))
    image_alt_en = StringField(_l("What the picture shows, for students who cannot see it (English)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = [(t, TOPIC_LABELS[t]) for t in core_quiz.TOPICS]
        self.grades.choices = [(g, GRADE_LABELS[g]) for g in core_quiz.GRADE_BANDS]
        self.choice_rows = []
        for number in range(1, bank.MAX_CHOICES + 1):
            zh = self._fields.get(f"choice_{number}_zh")
            self.choice_rows.append((number, zh, self._fields.get(f"choice_{number}_en")))

    def raw(self) -> dict:
        """What the teacher typed, in the shape `bank.clean` checks."""
        correct = set(self.correct.data or [])
        return {
            "kind": self.kind.data, "topic": self.topic.data, "grades": self.grades.data or [],
            "text": {"zh": self.text_zh.data, "en": self.text_en.data},
            "explanation": {"zh": self.explanation_zh.data, "en": self.explanation_en.data},
            "choices": [{"zh": zh.data, "en": en.data, "correct": str(n) in correct} for n, zh, en in self.choice_rows],
            "answer": {"true": True, "false": False}.get(self.answer.data),
            "numeric": {"value": self.value.data, "tolerance": self.tolerance.data,
                        "unit": {"zh": self.unit_zh.data, "en": self.unit_en.data}},
            "source": {"title": self.source_title.data, "url": self.source_url.data},
            "seconds": self.seconds.data,
        }

    def fill(self, plain: dict) -> None:
        """Show a stored question (plain shape) in the form."""
        self.kind.data, self.topic.data, self.grades.data = plain["kind"], plain["topic"], plain["grades"]
        self.text_zh.data, self.text_en.data = plain["text"]["zh"], plain["text"]["en"]
        self.explanation_zh.data, self.explanation_en.data = plain["explanation"]["zh"], plain["explanation"]["en"]
        self.correct.data = []
        for (number, zh, en), choice in zip(self.choice_rows, plain["choices"], strict=False):
            zh.data, en.data = choice["zh"], choice["en"]
            if choice["correct"]:
                self.correct.data.append(str(number))
        if plain["answer"] is not None:
            self.answer.data = "true" if plain["answer"] else "false"
        if plain["numeric"]:
            self.value.data, self.tolerance.data = plain["numeric"]["value"], plain["numeric"]["tolerance"]
            self.unit_zh.data, self.unit_en.data = plain["numeric"]["unit"]["zh"], plain["numeric"]["unit"]["en"]
        self.source_title.data, self.source_url.data = plain["source"]["title"], plain["source"]["url"]
        self.seconds.data = plain["seconds"]

    def put_error(self, error: bank.BankError) -> None:
        name = {"choices": "correct"}.get(error.field, error.field)
        target = self._fields.get(name) or self._fields.get(f"{name}_zh") or self.text_zh
        target.errors = [*target.errors, error.text()]


for _number in range(1, bank.MAX_CHOICES + 1):
    setattr(QuestionForm, f"choice_{_number}_zh", StringField(_l("Choice %(number)s (Chinese)", number=_number)))
    setattr(QuestionForm, f"choice_{_number}_en", StringField(_l("Choice %(number)s (English)", number=_number)))

"""Staff account forms. Labels and messages are lazy so they follow the visitor's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from web.accounts.services import MIN_PASSWORD_LENGTH, guessable

_REQUIRED = _l("This field is required.")


def not_guessable(_form, field) -> None:
    if field.data and guessable(field.data):
        raise ValidationError(_l("This password is too common or easy to guess. Try a short phrase of several words."))


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_REQUIRED), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_REQUIRED), Length(max=256)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(_REQUIRED)])
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_REQUIRED),
            Length(min=MIN_PASSWORD_LENGTH, max=256,
                   message=_l("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH)),
            not_guessable,
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(_REQUIRED), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


ROLE_CHOICES = [("teacher", _l("Teacher")), ("editor", _l("Community editor")), ("admin", _l("Administrator"))]


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(_REQUIRED), Length(max=64),
                    Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Use letters, digits, dots, dashes or underscores."))],
    )
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=80)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    street = SelectField(_l("Street or town (editors)"), validators=[Optional()], choices=[])
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(_REQUIRED),
                    Length(min=MIN_PASSWORD_LENGTH, max=256,
                           message=_l("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH)),
                    not_guessable],
    )


class UserEditForm(FlaskForm):
    """What an admin may change on an account (the username stays: it names the audit trail)."""

    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=80)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    street = SelectField(_l("Street or town (editors)"), validators=[Optional()], choices=[])


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token."""

"""What each refusal code means, in the visitor's language (one table for pages and the API)."""

from __future__ import annotations

from flask_babel import gettext as _

from web.quiz import names


def message(code: str, **params) -> str:
    texts = {
        "unknown_event": _("There is no open quiz with that code. Please check the 6 digits with your teacher."),
        "bad_code": _("Please enter the 6-digit code shown on your teacher's screen."),
        "event_over": _("This quiz has finished. Answers are no longer accepted."),
        "not_open": _("This question is not open yet. Please wait for your teacher."),
        "time_up": _("Time is up for this question: your answer arrived too late and was not counted."),
        "already_answered": _("You have already answered this question; your first answer stands."),
        "unknown_question": _("That question is not part of this quiz."),
        "bad_choices": _("Send the chosen answers as a list of choice ids."),
        "choices_none": _("Please choose an answer."),
        "choices_unknown_choice": _("That answer is not one of the choices."),
        "choices_too_many": _("Please choose only one answer."),
        "choices_not_a_number": _("Please type a number, for example 12.5."),
        "bad_token": _("We do not recognise this player. Please join the quiz again."),
        "bad_body": _("Send a JSON object."),
        "nickname_empty": _("Please choose a nickname."),
        "nickname_too_short": _("A nickname needs at least %(count)s characters.", count=names.MIN_LENGTH),
        "nickname_too_long": _("A nickname can have at most %(count)s characters.", count=names.MAX_LENGTH),
        "nickname_contact": _("Please do not use a phone number, e-mail or web address as a nickname."),
        "nickname_rude": _("Please choose a friendlier nickname."),
        "nickname_figure": _("Please do not use the name of a real person such as a leader or a famous figure. "
                             "Choose a made-up nickname."),
        "nickname_generated_only": _("In this quiz, please pick one of the suggested nicknames."),
        "class_required": _("Please choose your class."),
        "lobby_locked": _("Your teacher has closed this quiz to new players. "
                          "If you should still join, please tell your teacher."),
        "removed": _("Your teacher has removed you from this quiz. "
                     "If you think this is a mistake, please talk to your teacher."),
        "unknown_player": _("This player is no longer in the quiz."),
        "nickname_symbols": _("Use letters, digits and spaces only."),
        "nickname_taken": _("Someone in this quiz already has that nickname. Please choose another."),
        "bad_class_label": _("Please choose a class from the list."),
        "no_questions": _("No questions match these choices. Pick other topics or grade bands."),
        "closes_before_opens": _("The closing time must be after the opening time."),
        "already_finished": _("This quiz has already finished."),
        "bad_action": _("That action is not available for this quiz."),
        "busy": _("The quiz is very busy. Please try again in a moment."),
        "not_found": _("We could not find this quiz or this player. Please check the code with your teacher, or join again."),
        "too_many_misses": _("Too many wrong quiz codes from this network. Please wait a minute, then check the code."),
    }
    return texts.get(code) or _("The request could not be understood. Please check what you entered and try again.")

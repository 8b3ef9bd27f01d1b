"""What playing a teacher's question adds to a district one: a numeric question's unit and
revealed answer (and its picture). Reads only the event's snapshot, so it costs nothing on
the answer path."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from web.campaigns import images


def extras(data: dict, lang: str) -> dict:
    """Keys a phone needs beyond text and choices (none for district questions)."""
    found = {}
    if data.get("answer"):
        found["unit"] = (data["answer"].get("unit") or {}).get(lang, "")
    if data.get("image"):
        found["image"] = image_url(data["image"]["name"])
        found["image_alt"] = data["image"]["alt"][lang]
    return found


def image_url(name: str) -> str:
    """The picture as phones and pages load it (the 960-pixel rendition made at upload)."""
    return url_for("quiz_media.media", name=images.rendition_name(name, "page"))


def correct_answer(data: dict, lang: str) -> dict:
    """A numeric question's answer, with the text a phone shows: "The answer: 120.5 yuan (± 0.5)"."""
    answer = data["answer"]
    unit = (answer.get("unit") or {}).get(lang, "")
    return {"value": answer["value"], "tolerance": answer["tolerance"], "unit": unit,
            "text": answer_text(answer["value"], answer["tolerance"], unit, lang)}


def answer_text(value: str, tolerance: str | None, unit: str, lang: str) -> str:
    with force_locale(lang):
        if tolerance in ("0", None, ""):
            text = _("The answer: %(value)s %(unit)s", value=value, unit=unit)
        else:
            text = _("The answer: %(value)s %(unit)s (± %(tolerance)s)", value=value, unit=unit, tolerance=tolerance)
    return " ".join(text.split())  # no double space when there is no unit

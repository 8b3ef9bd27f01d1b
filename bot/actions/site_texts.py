"""What the assistant says about the site itself and about reaching a person.

Pure functions, zh and en. Links are site paths; facts (hotline numbers) come from
core.sources; what happens to an unanswered question is said exactly as the site does it
(web/chat/services.py records every exchange with its fallback flag; staff see unanswered
questions on the dashboard; nobody replies to the resident individually).
"""

from __future__ import annotations

from typing import Sequence

from bot.actions.formatting import bullets, confidence, paragraphs, pick
from bot.actions.i18n import PerLanguage, translator
from core.sources import Hotline

QUIZ = PerLanguage(lambda _: _(
    "Schools and classes can take the water-saving quiz together:\n"
    "• a teacher or staff member starts a quiz on the site; the screen shows a 6-digit code and a QR code;\n"
    "• students open [Join a quiz](/join) and type the code, or scan the QR code;\n"
    "• they only pick a nickname (not their real name): no account, no personal details;\n"
    "• afterwards there is a leaderboard and a certificate."
))
PLEDGE = PerLanguage(lambda _: _(
    "Open a campaign on the [campaigns page](/campaigns/) and make a pledge at the bottom: choose your street "
    "or town and tick the water-saving actions you will take; no name is needed. Campaign pages also let you "
    "sign up for events and add them to your calendar."
))
CALCULATORS = PerLanguage(lambda _: _(
    "The site has three calculators:\n"
    "• [Water bill calculator](/bill): the bill under the tiered price, with the working for each tier;\n"
    "• [Savings calculator](/savings): how much water and money a fitting or a habit saves in a year;\n"
    "• [Water-efficiency labels](/labels): read a label and compare grades.\n"
    "How they work and where the figures come from: [Methodology](/methodology)."
))
SITE_ANSWERS = {"ask_quiz": QUIZ, "ask_pledge": PLEDGE, "ask_calculators": CALCULATORS}

# Buttons the fallback offers: every part of the site, not only the bill.
TOPIC_BUTTONS = PerLanguage(lambda _: [
    (_("Water bill"), "/ask_bill"),
    (_("Tiered prices"), "/ask_tiers"),
    (_("Efficiency labels"), "/ask_label_scheme"),
    (_("Saving tips"), "/ask_tips"),
    (_("Water days & events"), "/ask_water_days"),
    (_("Pledges"), "/ask_pledge"),
    (_("School quiz"), "/ask_quiz"),
    (_("Calculators"), "/ask_calculators"),
    (_("Talk to a person"), "/ask_human"),
])


def topic_buttons(lang: str) -> list[dict]:
    return [{"title": title, "payload": payload} for title, payload in TOPIC_BUTTONS[lang]]


def hotline_lines(hotlines: Sequence[Hotline], lang: str) -> list[str]:
    _ = translator(lang)
    lines = []
    for h in hotlines:
        line = _("%(name)s %(number)s: %(purpose)s (%(confidence)s)", name=pick(h.name, lang), number=h.number,
                 purpose=pick(h.purpose, lang), confidence=confidence(h.confidence, lang))
        if h.note:
            line += _(" %(note)s", note=pick(h.note, lang))
        lines.append(line)
    return lines


def recorded_text(lang: str) -> str:
    """Exactly what the site does with a question the assistant could not answer."""
    _ = translator(lang)
    return _(
        "Your question has been added (anonymously) to the staff's list of unanswered questions, which they use to "
        "add to the [FAQ](/faq); nobody will reply to you individually here."
    )


def handoff_text(hotlines: Sequence[Hotline], lang: str, recorded: bool) -> str:
    """'转人工': who to call (from content), and what leaving a question here does."""
    _ = translator(lang)
    head = _("I'm an automatic assistant; there is no live agent in this chat. To talk to a person, call:")
    if recorded:
        leave = _(
            "If you want to leave your question for the staff, just type it here (no name or phone number, please): "
            "questions I can't answer are added anonymously to the staff's list of unanswered questions and used "
            "to improve the [FAQ](/faq), but nobody replies individually."
        )
    else:
        leave = _("You can also read the [FAQ](/faq).")
    return paragraphs(head + "\n" + bullets(hotline_lines(hotlines, lang)), leave)


def fallback_text(lang: str, recorded: bool, hotline: Hotline | None) -> str:
    """Not understood: say so, offer topics, say exactly what happened to the question."""
    _ = translator(lang)
    head = _("Sorry, I couldn't answer that. You could rephrase it, or pick a topic:")
    call = None
    if hotline:
        call = _("To talk to a person, call the %(name)s on %(number)s.", name=pick(hotline.name, lang),
                 number=hotline.number)
    return paragraphs(head, recorded_text(lang) if recorded else None, call)


def faq_answer_text(match: dict, lang: str) -> str:
    """An approved FAQ entry from the site, with its question and link."""
    _ = translator(lang)
    question = str(match.get("question") or "").strip()
    answer = str(match.get("answer") or "").strip()
    url = match.get("url")
    link = None
    if isinstance(url, str) and (url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//"))):
        title = _("See the FAQ entry")
        link = f"[{title}]({url})"
    head = _("From the FAQ: %(question)s", question=question)
    return paragraphs(head if question else None, answer, link)


# --- leaving a question for staff (POST /api/v1/questions) ---------------------------------
LEAVE_BUTTONS = PerLanguage(lambda _: [(_("Leave it for staff"), "/affirm"), (_("No, thanks"), "/deny")])


def leave_buttons(lang: str) -> list[dict]:
    return [{"title": title, "payload": payload} for title, payload in LEAVE_BUTTONS[lang]]


def quoted(question: str, lang: str, limit: int = 80) -> str:
    short = question if len(question) <= limit else question[: limit - 1] + "…"
    return translator(lang)("\"%(question)s\"", question=short)


def leave_offer_text(question: str, lang: str) -> str:
    """The offer, before anything is sent: nothing is passed on unless the resident accepts."""
    _ = translator(lang)
    return _("Shall I leave this question for the site's staff? %(question)s\n"
             "They cannot reply to you personally (the site has no accounts or e-mail); answers are published in the "
             "[FAQ](/faq). Please don't include your name or phone number.", question=quoted(question, lang))


def leave_ask_text(lang: str) -> str:
    """No question yet: how to leave one."""
    return translator(lang)("If you want to leave a question for the staff, type it here; if I can't answer it, "
                            "I'll offer to leave it for them.")


def left_text(site_message: str, lang: str) -> str:
    """The site saved it: its own words (already in the resident's language) about what happens next."""
    return site_message.strip()


def not_left_text(lang: str, hotline: Hotline | None) -> str:
    """The site did not take it: say so plainly (never claim it was passed on)."""
    _ = translator(lang)
    text = _("Sorry, your question was not saved: the site cannot take it right now. Please try again later.")
    if hotline:
        text += _(" To talk to a person, call the %(name)s on %(number)s.", name=pick(hotline.name, lang),
                  number=hotline.number)
    return text


def not_leaving_text(lang: str) -> str:
    return translator(lang)("OK, I haven't left it. Anything else I can help with?")


def nothing_pending_text(lang: str) -> str:
    return translator(lang)("OK. Anything else I can help with?")


def fallback_leave_line(lang: str) -> str:
    return translator(lang)('To have the staff look at this question, choose "Leave it for staff".')


PLEDGE_LEAGUE = PerLanguage(lambda _: _(
    "Each campaign page also shows a league of pledges by street or town, so you can see how yours ranks."
))

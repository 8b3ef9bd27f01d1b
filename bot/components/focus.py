"""Where the question is in a long message: the part NLU classifies.

A resident may write several hundred characters of background and put the question last
("…我们家三口人，去年一共用了260吨。请问今年大概要交多少水费？"). The intent classifier
sees a bag of n-grams, so a long preamble drowns the question. For messages longer than
LONG_MESSAGE_CHARS the tokenizer keeps only the tokens of the last sentences that look like
a question (or the last sentences when none does). The actions still read the WHOLE message
(core.reading): only the intent is decided on the focus. Pure Python, no Rasa imports.
"""

from __future__ import annotations

import re

LONG_MESSAGE_CHARS = 160
FOCUS_MAX_CHARS = 160
# a sentence ends at 。！？!?；; or a newline, or at an English full stop before a space (not in 150.5)
_SENTENCE = re.compile(r"(?:[^。！？!?；;\n.]|\.(?!\s|$))+(?:[。！？!?；;\n]+|\.+(?=\s|$))?")
_QUESTION = re.compile(
    r"[?？]|吗|么|多少|几|怎么|怎样|如何|哪|什么|是否|能不能|可不可以|请问|想问|想知道"
    r"|\b(how|what|when|which|why|where|who|can|could|is|are|do|does|will|should)\b",
    re.IGNORECASE,
)


def question_focus(text: str) -> tuple[int, int]:
    """(start, end) of the part of `text` the intent should be read from; the whole text if short."""
    if len(text) <= LONG_MESSAGE_CHARS:
        return 0, len(text)
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    if not sentences:
        return max(0, len(text) - FOCUS_MAX_CHARS), len(text)
    asking = [s for s in sentences if _QUESTION.search(text[s[0]:s[1]])]
    chosen = asking or sentences
    start, end = chosen[-1]
    # take earlier asking sentences too (two questions in one message), within the budget
    for s_start, _ in reversed(chosen[:-1]):
        if end - s_start > FOCUS_MAX_CHARS:
            break
        start = s_start
    if end - start > FOCUS_MAX_CHARS:  # one very long sentence: its end holds the question
        start = end - FOCUS_MAX_CHARS
    return start, end


def question_sentences(text: str) -> list[str]:
    """The sentences of `text` that look like questions, in order (for "two questions in one message")."""
    sentences = [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]
    return [s for s in sentences if _QUESTION.search(s)]

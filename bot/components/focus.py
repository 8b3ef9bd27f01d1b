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


# --- two or three questions in one message ------------------------------------------------
# Connectors that start another question ("…多少？另外，世界水日是哪天", "…, and when is …").
# Strong ones say "here comes another question" by themselves; weak ones (a comma, "and", a
# space between two Chinese phrases) split only where both sides ask something.
_STRONG_ZH = (r"另外|此外|还有就是|还有|还想问一下|还想问下|还想问|我还想知道|还想知道|顺便问一下|顺便问下|顺便问问|顺便问|"
              r"顺带问一下|顺带问下|顺带问|再问一下|再问下|再问个|再问问|以及|同时")
_STRONG_EN = r"also|plus|btw|by the way|one more thing|another question|and also|as well as|besides"
_BOUNDARY = re.compile(
    rf"(?P<strong_zh>[，,、\s]*(?:{_STRONG_ZH})[，,：:\s]*)"
    rf"|(?P<strong_en>[,;]?\s*\b(?:{_STRONG_EN})\b[,:]?\s*)"
    r"|(?P<and_en>,?\s+and\s+|,\s*(?=[A-Za-z]))"
    r"|(?P<comma_zh>[，]\s*|,\s*(?=[\u3400-\u9fff]))"
    r"|(?P<space_zh>(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff]))"
    # no separator at all, right after a question's last word: "第一档多少钱世界水日是哪天"
    r"|(?P<after_question>(?:(?<=吗)|(?<=呢)|(?<=哪天)|(?<=几号)|(?<=时候)|(?<=几级)|(?<=少钱)|(?<=少吨)|(?<=少方)"
    r"|(?<=么办)|(?<=么算))(?=[\u3400-\u9fff]))",
    re.IGNORECASE,
)
_ZH_QUESTION = re.compile(
    r"[?？]|吗|么|呢|多少|几|怎么|怎样|如何|哪|什么|是否|能不能|可不可以|有没有|是不是|请问|想问|想知道|"
    r"多久|多长时间|何时|谁|咋|啥|能否|可否|要不要|需不需要|会不会|对不对"
)
_EN_WH = re.compile(r"\b(how|what|what's|whats|when|which|why|where|who|whom|whose)\b", re.IGNORECASE)
_EN_AUX_START = re.compile(
    r"^\s*(is|are|am|do|does|did|can|could|will|would|should|shall|may|must|have|has|tell me|explain)\b", re.IGNORECASE
)
_LEADING_CONNECTOR = re.compile(
    rf"^[\s，,、：:]*(?:(?:{_STRONG_ZH})|(?:and\s+)?(?:{_STRONG_EN})\b|and\b)[\s，,：:]*", re.IGNORECASE
)
MIN_CLAUSE_CHARS = 3
# a fragment that compares with or refers to the one before it is not a question of its own
_CONTINUES = re.compile(r"^\s*(和|跟|与|比|那|那么|它|这个|那个|they|it|than|compared)\b|^\s*[和跟与比那它]", re.IGNORECASE)


def asks_something(fragment: str) -> bool:
    """The fragment is a question by itself (a question word or particle, or an English
    auxiliary at its start), not just context like "我家3口人" / "we are 3"."""
    return bool(_ZH_QUESTION.search(fragment) or _EN_WH.search(fragment) or _EN_AUX_START.search(fragment))


def _strip_connector(clause: str) -> str:
    return _LEADING_CONNECTOR.sub("", clause).strip(" \t，,、：:;；")


def question_clauses(text: str) -> list[str]:
    """The separate questions of `text`, in order: sentences, then clauses joined by
    另外 / 还有 / 顺便问一下 / also / plus / btw (always a split) or by a comma, "and" or a
    space between Chinese phrases (a split only where both sides ask something).

    Context without a question of its own ("我家3口人。一年250吨，水费多少") stays with the
    question after it (or, at the end, before it), so every clause is a whole question.
    Leading connectors are dropped from the clause ("另外世界水日是哪天" → "世界水日是哪天").
    """
    spans: list[tuple[int, int, bool, str]] = []  # (start, end, starts a sentence, boundary before it)
    for sentence in _SENTENCE.finditer(text):
        if not sentence.group().strip():
            continue
        offset, body = sentence.start(), sentence.group()
        position, first, kind = 0, True, "sentence"
        for match in _BOUNDARY.finditer(body):
            if match.start() == 0:
                continue
            spans.append((offset + position, offset + match.start(), first, kind))
            position, first, kind = match.end(), False, match.lastgroup or ""
        spans.append((offset + position, offset + len(body), first, kind))
    spans = [s for s in spans if text[s[0]:s[1]].strip()]
    merged: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # context waiting for its question
    for start, end, starts_sentence, kind in spans:
        piece = text[start:end]
        asks = asks_something(piece.strip()) and len(_strip_connector(piece)) >= MIN_CLAUSE_CHARS
        if pending is None and merged and not asks and kind == "after_question":
            merged[-1] = (merged[-1][0], end)  # "第一档到多少吨|为止": the rest of the same question
            continue
        if pending is not None:
            start, pending = pending[0], None
        elif merged and not starts_sentence and _CONTINUES.match(text[start:end]):
            merged[-1] = (merged[-1][0], end)  # "…，和二级差多少": the same question goes on
            continue
        piece = text[start:end]
        if asks_something(piece.strip()) and len(_strip_connector(piece)) >= MIN_CLAUSE_CHARS:
            merged.append((start, end))
        else:
            pending = (start, end)
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], pending[1])
        else:
            merged.append(pending)
    clauses = [_strip_connector(text[start:end]) for start, end in merged]
    return [clause for clause in clauses if clause and asks_something(clause)]

"""The question at the end of a long message (rule 9): where it starts.

A resident tells a story ("以前反正就是几十块钱…再多用一吨都心疼…") and ends with the question
("我们俩一年大概用水八十五吨 按阶梯水价算 一年水费多少"). The question decides the question type,
the volume, the money and the tier; the story only fills what the question lacks (household,
period, a volume it leaves out). The question's part is found backwards from the last clause that
asks something: after a lead-in ("我的问题是：", "想请教一下", "my question is"), else over the
clauses just before it that state a figure the question does not have yet (a volume, a household,
money, a period), stopping at a sentence end, at chatter, or at a second figure of one kind.
A short series of questions ("第一档最多到多少吨？我们家6个人也是这样吗") is no story: read whole.
"""

from __future__ import annotations

import re

from core.reading.text import _CLAUSE_BREAK, _sentence_bounds, _Span

# Shorter messages are read whole.
TAIL_MIN_CHARS = 12
# A last sentence this short is the question's part whole; a longer one is cut to its last clauses.
SHORT_SENTENCE = 60

_LEAD_IN = re.compile(
    r"(?:我的问题是|我想问|想问一下|想问问|请问|想请教一下?|请教一下|想咨询一下?|想了解一下|想知道)\s*[:,]?"
    r"|(?:my|the)\s+question\s+(?:is|was)\s*:?|(?:i'?d|i\s+would)\s+like\s+to\s+know|i\s+(?:want|wanted|need)\s+to\s+(?:know|ask)"
    r"|(?:so|anyway),?\s+(?:my\s+question|here'?s\s+my\s+question)"
)

_UNIT_BREAK = re.compile(
    rf"{_CLAUSE_BREAK.pattern}|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])|(?<=[a-z])\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+(?=[a-z])"
)

# "按现在的阶梯水价", "according to the tiers": how to compute, inside the question's part (not chatter)
_CONNECTOR = re.compile(
    r"^\s*(?:按照?|根据|依照|照|用|according\s+to|based\s+on|under|using|with)\s*.{0,12}?(?:水价|价格|价|标准|阶梯|档|计算|算|tariffs?|prices?|rates?|tiers?)"
    r"\s*(?:来|去)?\s*(?:算|计算|收费?)?\s*$"
)

_CONDITION = re.compile(r"^\s*(?:if|what\s+if|suppose|say|要是|如果|假如|假设|万一)\b")

_SENTENCE_END = re.compile(r"[。!?\n]")

_MAX_UNITS = 8


def _units(text: str) -> list[tuple[int, int]]:
    """Clauses, a space between Chinese words counting as a comma."""
    out, pos = [], 0
    for m in _UNIT_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _gaps(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of [lo, hi) outside the spans."""
    out, pos = [], lo
    for a, b in sorted(spans):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < hi:
        out.append((pos, hi))
    return out


def question_tail(text: str, asks, volumes: list[_Span], amounts: list[_Span], mentions: list[_Span],
                  periods: list[tuple[int, int, str]]) -> int:
    """Where the final question of a long message starts (0: read the message whole).
    `asks(part)` says whether a piece of text asks one of the reader's questions."""
    if len(text) < TAIL_MIN_CHARS:
        return 0
    units = [u for u in _units(text) if text[u[0] : u[1]].strip()]
    asking = next((i for i in range(len(units) - 1, -1, -1) if asks(text[units[i][0] : units[i][1]])), None)
    if asking is None or asking == 0:
        return 0

    def inside(spans, lo, hi):  # spans in [lo, hi), or running into it ("me, my husband" across a comma)
        return [s for s in spans if lo <= s.start < hi or s.start < lo < s.end]

    def parts_only(lo, hi):  # "me, my husband, our two kids and my dad": a list of members goes on
        return all(m.kind == "part" for m in inside(mentions, lo, hi))

    figures = {kind: False for kind in ("volume", "money", "people", "period")}

    def mark(lo, hi):
        figures["volume"] |= bool(inside(volumes, lo, hi))
        figures["money"] |= bool(inside(amounts, lo, hi))
        figures["people"] |= bool(inside(mentions, lo, hi))
        figures["period"] |= any(lo <= p[0] < hi for p in periods)

    s_start = _sentence_bounds(text, units[asking][0])[0]
    mark(units[asking][0], len(text))
    if len(text) - s_start <= SHORT_SENTENCE:
        start = s_start  # a short last sentence is read whole: "If I use one more m3, how much extra? I'm at 219"
    else:
        start = units[asking][0]
        for lo, hi in reversed(units[max(0, asking - _MAX_UNITS) : asking]):
            if hi <= s_start or _SENTENCE_END.search(text[hi:start]):
                break
            has = {
                "volume": bool(inside(volumes, lo, hi)), "money": bool(inside(amounts, lo, hi)),
                "people": bool(inside(mentions, lo, hi)), "period": any(lo <= p[0] < hi for p in periods),
            }
            if not any(has.values()) and (_CONNECTOR.match(text[lo:hi]) or _CONDITION.match(text[lo:hi])):
                start = lo  # "按现在的阶梯水价", "if I use one more m3": part of the question, no figure
                continue
            if not any(has.values()):
                break  # chatter ("再多用一吨都心疼", "听说第三档很贵"): the question's figures end here
            stated = figures["volume"] or figures["money"]
            if ((has["volume"] or has["money"]) and stated) \
                    or (has["people"] and figures["people"] and not (parts_only(lo, hi) and parts_only(start, len(text)))):
                break  # a second figure of one kind: the story's, not the question's
            rest = "".join(text[a:b] for a, b in _gaps([(p0, p1) for p0, p1, _ in periods if lo <= p0 < hi], lo, hi))
            volume_next = inside(volumes, start, units[asking][1])
            if has["period"] and not (has["volume"] or has["money"] or has["people"]) and (
                    figures["period"] or len(rest.strip(" 大概约差不多平均")) > 1 or not volume_next):
                break  # a period alone ("每个月 大概十四吨") only for the volume right after it, never "洗衣机天天转"
            for kind, value in has.items():
                figures[kind] |= value
            start = lo
    lead = None  # "我的问题是：", "想请教一下": the question starts after it (a lead-in only ever narrows)
    for m in _LEAD_IN.finditer(text, start, units[asking][1]):
        lead = m
    if lead is not None and lead.end() < units[asking][1] and text[lead.end() : units[asking][1]].strip():
        start = lead.end()
    before = text[:start].rstrip(" :,")
    if len(before) <= SHORT_SENTENCE and before.endswith(("?", "吗", "呢")):
        return 0  # "第一档最多到多少吨？我们家6个人也是这样吗": two questions, not a story and its question
    return start

"""The blind held-out conversation suite (tests/bot/heldout/*.yaml): loading, schema, and the
checks that judge one bot reply against one expectation.

Expected values are computed from `core` at run time (tariffs, water days, labels, hotlines),
never written into the suite, so a content change moves the expectations with it. A reply is
judged by robust markers only: the right figure as a number, a link to the right page, a date
from the calendar, a hotline from content. Standard library + core + PyYAML, Python 3.10+.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from core import tariffs
from core.calendar import water_days
from core.content import content_dir, read_yaml
from core.labels import product, products

SUITE_DIR = Path(__file__).resolve().parent.parent / "tests" / "bot" / "heldout"
FEN = Decimal("0.01")
# How many readings of each period make a year (core knows year/month/two_months; a quarter
# or half-year reading is annualised the same way, ×4 or ×2).
PERIODS = {"year": 1, "month": 12, "two_months": 6, "quarter": 4, "half_year": 2}
LANGS = ("zh", "en")
ASKABLE = ("usage_m3", "people", "period")
READING_KEYS = {"usage_m3", "period", "people", "answer"}
TOPICS_WITH_MARKERS = {
    "labels", "quiz", "quiz_join", "pledge", "campaigns", "handoff", "billing_cycle", "smalltalk", "tips",
    "out_of_scope",
}  # fmt: skip
FACTS = {
    "world_water_day", "china_water_week", "urban_water_saving_week", "label_effective", "label_best_grade",
    "label_products", "label_grades", "tariff_effective",
}  # fmt: skip
EXPECT_KEYS = {
    "bill", "marginal_price", "which_tier", "explain", "usage_from_amount", "tier_price", "tier_start", "tier_end",
    "tier_table", "large_household", "fact", "topic", "contains_any", "ask", "decline_ok", "clear", "any_of",
}  # fmt: skip
# Expectations about the tariff: an unexplained money figure in their reply is a wrong bill.
TARIFF_KEYS = {"bill", "marginal_price", "which_tier", "explain", "usage_from_amount", "tier_price", "tier_start",
               "tier_end", "tier_table", "large_household", "ask"}


# ------------------------------------------------------------------ loading and schema

def load_suite(directory: Path = SUITE_DIR) -> list[dict]:
    """Every conversation of every YAML file in `directory`, with `file` and defaults filled in."""
    conversations = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for conversation in data.get("conversations") or []:
            conversation = dict(conversation)
            conversation["file"] = path.name
            conversation.setdefault("lang", "zh")
            conversation.setdefault("page_lang", conversation["lang"])
            conversation.setdefault("debatable", False)
            conversations.append(conversation)
    return conversations


def _validate_reading(where: str, reading: object, needs_usage: bool = True) -> list[str]:
    if not isinstance(reading, dict):
        return [f"{where}: must be a mapping"]
    errors = [f"{where}: unknown key {k!r}" for k in reading if k not in READING_KEYS | {"amount_yuan"}]
    if needs_usage:
        try:
            tariffs.parse_usage_m3(reading.get("usage_m3"))
        except tariffs.InputError as exc:
            errors.append(f"{where}.usage_m3: {exc}")
    if reading.get("period", "year") not in PERIODS:
        errors.append(f"{where}.period: one of {sorted(PERIODS)}")
    if reading.get("people") is not None:
        try:
            tariffs.parse_people(reading["people"])
        except tariffs.InputError as exc:
            errors.append(f"{where}.people: {exc}")
    if reading.get("answer", "any") not in ("year", "period", "any"):
        errors.append(f"{where}.answer: year, period or any")
    return errors


def validate_expect(where: str, expect: object) -> list[str]:
    if not isinstance(expect, dict) or not expect:
        return [f"{where}: expect must be a non-empty mapping"]
    errors = [f"{where}: unknown expectation {k!r}" for k in expect if k not in EXPECT_KEYS]
    for key in ("bill", "marginal_price", "which_tier", "explain"):
        if key in expect:
            errors += _validate_reading(f"{where}.{key}", expect[key])
    if "usage_from_amount" in expect:
        reading = expect["usage_from_amount"]
        errors += _validate_reading(f"{where}.usage_from_amount", reading, needs_usage=False)
        if not isinstance(reading, dict) or not isinstance(reading.get("amount_yuan"), (int, float)):
            errors.append(f"{where}.usage_from_amount.amount_yuan: a number")
    for key in ("tier_price", "tier_start", "tier_end"):
        if key in expect:
            value = expect[key]
            number = value.get("tier") if isinstance(value, dict) else value
            if not isinstance(number, int) or not 1 <= number <= len(tariffs.tariff_in_force().tiers):
                errors.append(f"{where}.{key}: a tier number")
    for key in ("tier_table", "large_household", "decline_ok", "clear"):
        if key in expect and not isinstance(expect[key], bool):
            errors.append(f"{where}.{key}: true or false")
    if "fact" in expect:
        for fact in expect["fact"] if isinstance(expect["fact"], list) else [expect["fact"]]:
            if isinstance(fact, dict):
                if list(fact) != ["label_water_saving_grade"] or product(str(fact["label_water_saving_grade"])) is None:
                    errors.append(f"{where}.fact: {fact!r} is not a known fact")
            elif fact not in FACTS:
                errors.append(f"{where}.fact: {fact!r} is not a known fact")
    if "topic" in expect and expect["topic"] not in TOPICS_WITH_MARKERS:
        errors.append(f"{where}.topic: one of {sorted(TOPICS_WITH_MARKERS)}")
    if "contains_any" in expect and not (
        isinstance(expect["contains_any"], list) and all(isinstance(s, str) and s for s in expect["contains_any"])
    ):
        errors.append(f"{where}.contains_any: a list of strings")
    if "ask" in expect and not (isinstance(expect["ask"], list) and set(expect["ask"]) <= set(ASKABLE)):
        errors.append(f"{where}.ask: a list from {ASKABLE}")
    if "any_of" in expect:
        options = expect["any_of"]
        if not isinstance(options, list) or len(options) < 2:
            errors.append(f"{where}.any_of: at least two alternatives")
        else:
            for index, option in enumerate(options):
                errors += validate_expect(f"{where}.any_of[{index}]", option)
    return errors


def validate(conversations: list[dict]) -> list[str]:
    """Schema errors of the whole suite (empty when valid)."""
    errors, seen = [], set()
    allowed = {"id", "topic", "lang", "page_lang", "debatable", "note", "turns", "file"}
    for conversation in conversations:
        cid = conversation.get("id")
        if not isinstance(cid, str) or not cid:
            errors.append(f"{conversation.get('file')}: a conversation without an id")
            continue
        if cid in seen:
            errors.append(f"{cid}: duplicate id")
        seen.add(cid)
        errors += [f"{cid}: unknown key {k!r}" for k in conversation if k not in allowed]
        if conversation["lang"] not in LANGS or conversation["page_lang"] not in LANGS:
            errors.append(f"{cid}: lang/page_lang must be zh or en")
        if not isinstance(conversation.get("topic"), str):
            errors.append(f"{cid}: topic missing")
        if not isinstance(conversation["debatable"], bool):
            errors.append(f"{cid}: debatable must be true or false")
        turns = conversation.get("turns")
        if not isinstance(turns, list) or not turns:
            errors.append(f"{cid}: no turns")
            continue
        for index, turn in enumerate(turns, 1):
            where = f"{cid} turn {index}"
            if not isinstance(turn, dict) or set(turn) - {"user", "expect", "note", "offer_ok"}:
                errors.append(f"{where}: only user, expect, note and offer_ok")
                continue
            text = turn.get("user")
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: user text missing")
            elif len(text) > 10_000:
                errors.append(f"{where}: longer than the site's 10,000 characters")
            errors += validate_expect(where, turn.get("expect"))
    return errors


# ------------------------------------------------------------------ reading a reply

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
_VOLUME_AFTER = re.compile(r"\s*(?:立方米|立方|方|吨|噸|m3|m³|m\^3|cubic|tons?|tonnes?|cbm|升|l\b|liters?|litres?)",
                           re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*\d)")


def normalise_reply(text: str) -> str:
    """Full-width folded, thousands separators dropped (1,145.40 → 1145.40)."""
    folded = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", folded)


def money_figures(text: str) -> list[Decimal]:
    """Numbers written with exactly two decimals and not followed by a volume unit: the way the
    bot prints yuan (bot/actions/formatting.py `yuan`). Link targets are ignored."""
    text = _LINK_TARGET.sub("]", normalise_reply(text))
    figures = []
    for match in re.finditer(r"(?<![\d.])(\d+\.\d{2})(?![\d])", text):
        if _VOLUME_AFTER.match(text, match.end()):
            continue
        figures.append(Decimal(match.group(1)))
    return figures


_TOTAL_BEFORE = re.compile(r"(?:水费|费用|合计|总计|一共|共计|总共|bill|total|cost|pay|owe)[^\d\n]{0,16}$", re.IGNORECASE)
_MARGINAL_BEFORE = re.compile(r"(?:多用|再用|每|下一|\bmore\b|\bnext\b|\bextra\b|\badditional\b|\banother\b|\bper\b|/)"
                              r"[^\n]{0,14}$", re.IGNORECASE)
_UNIT_PRICE_AFTER = re.compile(r"\s*(?:元)?\s*(?:/|每|per\b|一吨|一方)", re.IGNORECASE)


def total_figures(text: str) -> list[Decimal]:
    """Money figures presented as a bill total ("全年水费约 903.90 元", "the annual bill is about ¥903.90"),
    not as a unit price or the price of one more m³."""
    text = _LINK_TARGET.sub("]", normalise_reply(text))
    figures = []
    for match in re.finditer(r"(?<![\d.])(\d+\.\d{2})(?![\d])", text):
        before = text[max(0, match.start() - 24):match.start()]
        if _VOLUME_AFTER.match(text, match.end()) or _UNIT_PRICE_AFTER.match(text, match.end()):
            continue
        if _TOTAL_BEFORE.search(before) and not _MARGINAL_BEFORE.search(before):
            figures.append(Decimal(match.group(1)))
    return figures


def numbers(text: str) -> list[Decimal]:
    """Every plain number in the text (link targets ignored)."""
    text = _LINK_TARGET.sub("]", normalise_reply(text))
    return [Decimal(m.group(0)) for m in _NUMBER.finditer(text)]


def has_number(text: str, value: Decimal, tolerance: Decimal = Decimal(0)) -> bool:
    return any(abs(n - value) <= tolerance for n in numbers(text))


def reply_language_ok(text: str, lang: str) -> bool:
    """zh: mostly Chinese; en: hardly any Chinese (names such as 中国水效标识 allowed)."""
    body = _LINK_TARGET.sub("]", text)
    cjk, latin = len(_CJK.findall(body)), len(_LATIN.findall(body))
    if lang == "zh":
        return cjk >= 4 and cjk / max(1, cjk + latin) >= 0.25
    return latin >= 2 and cjk / max(1, cjk + latin) <= 0.2


_ASK = {
    "people": re.compile(r"几口人|几个人|多少人|几位|人数|家庭人口|家里.{0,8}人|how many (?:people|persons|members)|"
                         r"household size|size of (?:your|the) household|people (?:live|are)", re.IGNORECASE),
    "usage_m3": re.compile(r"用了多少|用水量|用水多少|多少吨|多少立方|多少方|how much water|"
                           r"how many (?:cubic|m3|m³|tons?|tonnes?)|water (?:usage|use|volume)|usage|volume", re.IGNORECASE),
    "period": re.compile(r"(?:月|年).{0,16}(?:还是|或者?).{0,16}(?:月|年)|周期|(?:month|year).{0,40}\bor\b.{0,40}(?:month|year)|"
                         r"which period|what period", re.IGNORECASE),
}


def asks_for(text: str, what: str) -> bool:
    body = normalise_reply(text)
    return bool(_ASK[what].search(body)) and ("?" in body or "？" in body or "请" in body or "please" in body.lower())


# ------------------------------------------------------------------ values from core

@dataclass(frozen=True)
class Reading:
    usage_m3: Decimal
    period: str = "year"
    people: int | None = None

    @classmethod
    def of(cls, spec: dict) -> Reading:
        people = spec.get("people")
        return cls(Decimal(str(spec["usage_m3"])), spec.get("period", "year"), int(people) if people else None)

    @property
    def per_year(self) -> int:
        return PERIODS[self.period]

    @property
    def annual_m3(self) -> Decimal:
        return self.usage_m3 * self.per_year


def large_household_min() -> int:
    rule = tariffs.tariff_in_force().large_household
    return rule.min_people if rule else 10**6


def annual_bill(reading: Reading, people: int) -> tariffs.Bill:
    return tariffs.bill(reading.annual_m3, people, "year")


def household_variants(reading: Reading) -> dict[str, int]:
    """Which household sizes to compute: the given one, or the common case (≤ 4) and the large one."""
    if reading.people is not None:
        return {"given": reading.people}
    return {"common": 1, "large": min(large_household_min(), tariffs.MAX_PEOPLE)}


def bill_figures(reading: Reading, people: int) -> dict[str, Decimal]:
    b = annual_bill(reading, people)
    figures = {"total": b.total_yuan, "period_total": (b.total_yuan / reading.per_year).quantize(FEN, ROUND_HALF_UP)}
    if reading.period in tariffs.PERIODS_PER_YEAR:
        figures["period_total_core"] = tariffs.bill(reading.usage_m3, people, reading.period).period_total_yuan
    for charge in b.charges:
        figures[f"tier{charge.tier}"] = charge.amount_yuan.quantize(FEN, ROUND_HALF_UP)
    if b.average_price_yuan_per_m3 is not None:
        figures["average"] = b.average_price_yuan_per_m3
    return figures


def table_figures() -> set[Decimal]:
    """Figures any tariff answer may show: prices, full-tier charges, bills at the bounds."""
    tariff = tariffs.tariff_in_force()
    out = {t.price_yuan_per_m3.quantize(FEN) for t in tariff.tiers}
    for people in (1, large_household_min()):
        for lower, upper in tariff.tier_bounds(min(people, tariffs.MAX_PEOPLE)):
            for bound in (lower, upper):
                if bound:
                    b = tariffs.bill(bound, min(people, tariffs.MAX_PEOPLE), "year")
                    out.add(b.total_yuan)
                    out.update(c.amount_yuan.quantize(FEN, ROUND_HALF_UP) for c in b.charges)
    return out


def table_totals() -> set[Decimal]:
    """Bill totals at the tier bounds (a tariff answer may show them as examples)."""
    tariff = tariffs.tariff_in_force()
    out = set()
    for people in (1, large_household_min()):
        people = min(people, tariffs.MAX_PEOPLE)
        for _lower, upper in tariff.tier_bounds(people):
            if upper:
                out.add(tariffs.bill(upper, people, "year").total_yuan)
    return out


def tier_prices() -> dict[int, Decimal]:
    return {t.number: t.price_yuan_per_m3 for t in tariffs.tariff_in_force().tiers}


def usage_for_amount(amount_yuan: Decimal, people: int, per_year: int) -> Decimal:
    """The annual volume whose bill is `amount_yuan × per_year` (inverse of the tiers), in m³."""
    target = amount_yuan * per_year
    tariff = tariffs.tariff_in_force()
    volume = Decimal(0)
    for tier, (lower, upper) in zip(tariff.tiers, tariff.tier_bounds(people), strict=True):
        span_cost = None if upper is None else (upper - lower) * tier.price_yuan_per_m3
        if span_cost is None or target <= span_cost:
            return volume + target / tier.price_yuan_per_m3
        target -= span_cost
        volume = upper
    return volume


_CN_TIER = {1: "一", 2: "二", 3: "三", 4: "四"}
_EN_TIER = {1: ("first", "1st"), 2: ("second", "2nd"), 3: ("third", "3rd"), 4: ("fourth", "4th")}


def tier_pattern(number: int) -> re.Pattern:
    cn = _CN_TIER.get(number, str(number))
    words = "|".join(_EN_TIER.get(number, ()))
    en = rf"tier\s*-?\s*{number}\b|(?:{words})\s+tier|level\s*{number}\b|block\s*{number}\b" if words else rf"tier\s*{number}"
    return re.compile(rf"第\s*[{number}{cn}]\s*(?:档|级|阶梯)|[{number}{cn}]档|{en}", re.IGNORECASE)


def _date_patterns(month: int, day: int | None) -> list[str]:
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
    name = names[month - 1]
    if day is None:
        return [rf"{month}\s*月", rf"\b{name}\b"]
    return [rf"{month}\s*月\s*{day}\s*[日号]", rf"\b{name}\s+{day}\b", rf"\b{day}\s+{name}\b", rf"\b{name[:3]}\.?\s+{day}\b",
            rf"\b{month:02d}-{day:02d}\b"]


def fact_patterns(fact: object) -> list[re.Pattern]:
    """Regexes of which at least one must match the reply, computed from content."""
    if isinstance(fact, dict):
        item = product(fact["label_water_saving_grade"])
        grade = re.search(r"(\d)\s*级", item.water_saving_if["zh"]) if item and item.water_saving_if else None
        g = grade.group(1) if grade else "?"
        return [re.compile(rf"{g}\s*级|[{_CN_TIER.get(int(g), g)}]级|grade\s*{g}\b", re.IGNORECASE)]
    days = {d.key: d for d in water_days()}
    if fact in ("world_water_day", "china_water_week", "urban_water_saving_week"):
        day = days[fact]
        month, first = day.month_day
        if fact == "urban_water_saving_week":
            return [re.compile(p, re.IGNORECASE) for p in _date_patterns(month, None)]
        if fact == "china_water_week" and day.end_month_day:
            last = day.end_month_day[1]
            sep = r"\s*(?:至|到|-|–|—|~|～|to|through|until)\s*"
            return [re.compile(p, re.IGNORECASE) for p in (
                rf"{month}\s*月\s*{first}\s*[日号]?{sep}(?:{month}\s*月\s*)?{last}\s*[日号]",
                rf"March\s+{first}(?:st|nd|rd|th)?{sep}(?:March\s+)?{last}", rf"\b{first}{sep}{last}\s+March",
                rf"\b{first}\s+March(?:\s+\d{{4}})?{sep}{last}\s+March",
                rf"{first}(?:st|nd|rd|th)?{sep}{last}(?:st|nd|rd|th)?\s+(?:of\s+)?March",
                rf"{month}\s*月\s*{first}\s*[日号]\s*[^。\n]{{0,30}}?{month}\s*月\s*{last}\s*[日号]",
            )]
        return [re.compile(p, re.IGNORECASE) for p in _date_patterns(month, first)]
    if fact == "label_effective":
        scheme = read_yaml(content_dir() / "labels" / "scheme.yaml")
        year = str(scheme["legal_basis"]["effective"])[:4]
        return [re.compile(year)]
    if fact == "tariff_effective":
        return [re.compile(str(tariffs.tariff_in_force().effective_from.year))]
    if fact == "label_best_grade":
        return [re.compile(r"1\s*级|一级|grade\s*1\b|level\s*1\b", re.IGNORECASE)]
    if fact == "label_grades":
        scheme = read_yaml(content_dir() / "labels" / "scheme.yaml")
        count = len(scheme["grade_meanings"]["grades"])
        cn = _CN_TIER.get(count, str(count))
        return [re.compile(rf"[{count}{cn}]\s*(?:个)?\s*(?:等级|级|档)|{count}\s*(?:grades|levels)|"
                           rf"(?:three|five)\s+(?:grades|levels)", re.IGNORECASE)]
    if fact == "label_products":
        names = {n for p in products() for n in (p.name["zh"], p.name["en"], *p.aliases) if len(n) >= 2}
        return [re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)]
    raise KeyError(fact)


def hotlines() -> list[str]:
    data = read_yaml(content_dir() / "tips" / "hotlines.yaml")
    return [str(h["number"]) for h in data["hotlines"]]


_UNVERIFIED = re.compile(r"未核实|未经核实|没有核实|尚未核实|不确定|无法确认|not (?:been )?verified|unverified|not confirmed|"
                         r"not known|don't know|do not know", re.IGNORECASE)
_EXPLAINS = re.compile(r"超过|超出|超额|累进|更高|分档|因为|above|higher|exceed|over the|blocks?\b|because", re.IGNORECASE)
_DECLINE = re.compile(r"/bill|计算器|无法|不能|没法|暂不|不支持|calculator|cannot|can't|can not|unable|not able",
                      re.IGNORECASE)


def topic_ok(topic: str, text: str) -> bool:
    body = normalise_reply(text)
    lower = body.lower()
    if topic == "labels":
        return "/labels" in body or "水效" in body or "water efficiency" in lower or "water-efficiency" in lower
    if topic == "quiz":
        return any(m in lower for m in ("/join", "/staff/quiz", "竞赛", "知识赛", "答题", "quiz"))
    if topic == "quiz_join":
        return "/join" in body
    if topic == "pledge":
        return "/campaigns" in body or "承诺" in body or "pledge" in lower
    if topic == "campaigns":
        return "/campaigns" in body or any(
            p.search(body) for f in ("world_water_day", "urban_water_saving_week") for p in fact_patterns(f))
    if topic == "handoff":
        return any(re.search(rf"(?<!\d){n}(?!\d)", body) for n in hotlines())
    if topic == "billing_cycle":
        about_cycle = re.search(r"抄表|账单周期|读数|meter|reading|billing cycle", body, re.IGNORECASE)
        return bool(_UNVERIFIED.search(body) and about_cycle) or topic_ok("handoff", body)
    if topic in ("smalltalk", "tips"):
        return True  # not a fallback, right language (checked for every turn)
    if topic == "out_of_scope":
        prices = {p.quantize(FEN) for p in tier_prices().values()}
        return not any(has_number(body, p) for p in prices) and not money_figures(body) and not asks_for(body, "usage_m3")
    raise KeyError(topic)


# ------------------------------------------------------------------ judging one turn

@dataclass
class Verdict:
    passed: bool
    reasons: list[str] = field(default_factory=list)
    wrong_bill: bool = False
    legit: set[Decimal] = field(default_factory=set)
    totals: set[Decimal] = field(default_factory=set)
    asked: bool = False


def candidate_bills(user_text: str) -> set[Decimal]:
    """Bills a misreading of the resident's numbers could produce (to recognise a wrong bill)."""
    text = normalise_reply(user_text)
    values = {n for n in numbers(text) if 0 < n <= 100_000} | {Decimal(1)}
    out = set()
    for value in values:
        for per_year in (1, 2, 4, 6, 12):
            for people in (1, large_household_min()):
                try:
                    b = tariffs.bill(value * per_year, min(people, tariffs.MAX_PEOPLE), "year")
                except tariffs.InputError:
                    continue
                out.add(b.total_yuan)
                out.add((b.total_yuan / per_year).quantize(FEN, ROUND_HALF_UP))
    return out


def judge(expect: dict, reply: str, user_text: str, fallback: bool, lang: str, earlier: set[Decimal],
          earlier_totals: set[Decimal] | None = None) -> Verdict:
    """One reply against one expectation. `earlier`/`earlier_totals`: figures and bill totals
    legitimately shown in earlier turns of the conversation."""
    earlier_totals = earlier_totals or set()
    if "any_of" in expect:
        options = [judge({**option, **{k: v for k, v in expect.items() if k != "any_of"}}, reply, user_text, fallback,
                         lang, earlier, earlier_totals) for option in expect["any_of"]]
        best = next((o for o in options if o.passed), None)
        if best:
            return best
        legit = set().union(*(o.legit for o in options))
        totals = set().union(*(o.totals for o in options))
        merged = judge({k: v for k, v in expect.items() if k != "any_of"} or {"clear": True}, reply, user_text,
                       fallback, lang, earlier | legit, earlier_totals | totals)
        reasons = [f"alternative {i + 1}: " + "; ".join(o.reasons) for i, o in enumerate(options)]
        reasons += [r for r in merged.reasons if r.startswith("WRONG BILL")]
        return Verdict(False, reasons, wrong_bill=merged.wrong_bill, legit=legit, totals=totals)

    verdict = Verdict(True)
    reasons = verdict.reasons
    clear = expect.get("clear", True)
    text = normalise_reply(reply)
    shown = money_figures(text)
    user_numbers = {Decimal(str(n)).quantize(FEN) for n in numbers(user_text)}
    legit = set(table_figures()) | user_numbers
    totals = table_totals() | user_numbers
    allowed_asks = set(expect.get("ask", []))
    satisfied_by_ask = False

    def need(condition: bool, reason: str) -> None:
        if not condition:
            reasons.append(reason)

    def ask_instead(what: set[str]) -> bool:
        for item in what & allowed_asks:
            if asks_for(text, item):
                verdict.asked = True
                return True
        return False

    for key in ("bill", "marginal_price", "which_tier", "explain"):
        if key not in expect:
            continue
        reading = Reading.of(expect[key])
        variants = household_variants(reading)
        figures = {name: bill_figures(reading, people) for name, people in variants.items()}
        for values in figures.values():
            legit |= set(values.values())
            totals |= {v for k, v in values.items() if k in ("total", "period_total", "period_total_core")}
        for people in variants.values():  # the bill one m³ later (a marginal answer may show it)
            legit.add(tariffs.bill(reading.annual_m3 + 1, people, "year").total_yuan)
            totals.add(tariffs.bill(reading.annual_m3 + 1, people, "year").total_yuan)
        main = figures.get("given") or figures["common"]
        matters = reading.people is None and figures["common"]["total"] != figures["large"]["total"]
        askable = set(allowed_asks) | ({"people"} if matters else set())
        if key == "bill":
            answer = expect[key].get("answer", "any")
            per_period = {main["period_total"], main.get("period_total_core", main["period_total"])}
            wanted = {"year": {main["total"]}, "period": per_period, "any": {main["total"], *per_period}}[answer]
            if answer == "year" and reading.period != "year" and not (wanted & set(shown)) and per_period & set(shown):
                verdict.wrong_bill = True  # the per-period figure presented where the year was asked: period misread
                reasons.append(f"WRONG BILL: {'/'.join(str(p) for p in sorted(per_period))} is the {reading.period} "
                               f"figure, the year ({main['total']}) was asked")
            elif not (wanted & set(shown)):
                if askable and any(asks_for(text, a) for a in askable):
                    verdict.asked = satisfied_by_ask = True
                else:
                    reasons.append(f"bill: expected {'/'.join(str(w) for w in sorted(wanted))} yuan for "
                                   f"{reading.usage_m3} m³/{reading.period}, people={reading.people or 'unknown'}")
        elif key == "marginal_price":
            price = annual_bill(reading, variants.get("given", 1)).next_m3_price_yuan
            if not has_number(text, price) and not (matters and asks_for(text, "people")):
                reasons.append(f"marginal price: expected {price} yuan/m³")
        elif key == "which_tier":
            tier = annual_bill(reading, variants.get("given", 1)).tier
            if not tier_pattern(tier).search(text) and not (matters and asks_for(text, "people")):
                reasons.append(f"which tier: expected tier {tier}")
        elif key == "explain":
            people = variants.get("given", 1)
            bounds = tariffs.tariff_in_force().tier_bounds(people)
            b = annual_bill(reading, people)
            need(has_number(text, bounds[0][1]), f"explain: expected the tier-1 limit {bounds[0][1]}")
            need(has_number(text, reading.annual_m3) or b.total_yuan in shown or reading.usage_m3 in numbers(text),
                 f"explain: expected the resident's own numbers ({reading.annual_m3} m³ or {b.total_yuan} yuan)")
            need(any(has_number(text, c.price_yuan_per_m3) for c in b.charges if c.volume_m3 > 0 and c.tier > 1),
                 "explain: expected the higher tier's price")
            need(bool(_EXPLAINS.search(text)), "explain: a why-question answered without an explanation (bill repeated?)")

    if "usage_from_amount" in expect:
        spec = expect["usage_from_amount"]
        period = spec.get("period", "year")
        amount = Decimal(str(spec["amount_yuan"]))
        people_options = [spec["people"]] if spec.get("people") else [1, large_household_min()]
        targets = []
        for people in people_options:
            annual = usage_for_amount(amount, int(people), PERIODS[period])
            targets += [annual, annual / PERIODS[period]]
        for value in (amount, amount * PERIODS[period]):  # the amount, and the same over a year
            legit.add(value.quantize(FEN))
            totals.add(value.quantize(FEN))
        found = any(has_number(text, t, max(Decimal("0.5"), t * Decimal("0.01"))) for t in targets[:2])
        declined = expect.get("decline_ok") and not fallback and bool(_DECLINE.search(text))
        if not found and not declined and not ask_instead({"people", "period"} | allowed_asks):
            reasons.append("usage from amount: expected about " + " or ".join(f"{t:.1f}" for t in targets[:2])
                           + " m³" + (" or an honest decline" if expect.get("decline_ok") else ""))

    prices = tier_prices()
    if "tier_price" in expect:
        need(has_number(text, prices[expect["tier_price"]]), f"tier price: expected {prices[expect['tier_price']]}")
    for key, side in (("tier_start", 0), ("tier_end", 1)):
        if key in expect:
            spec = expect[key]
            number, people = (spec["tier"], spec.get("people", 1)) if isinstance(spec, dict) else (spec, 1)
            bound = tariffs.tariff_in_force().tier_bounds(people)[number - 1][side]
            if bound is None:  # the end of the open tier is its start
                bound = tariffs.tariff_in_force().tier_bounds(people)[number - 1][0]
            need(has_number(text, bound), f"{key}: expected {bound} m³")
    if expect.get("tier_table"):
        missing = [str(p) for p in prices.values() if not has_number(text, p)]
        need(not missing, f"tier table: missing {', '.join(missing)}")
    if expect.get("large_household"):
        rule = tariffs.tariff_in_force().large_household
        need(rule is not None and has_number(text, rule.extra_m3) and has_number(text, Decimal(rule.min_people))
             or bool(re.search(r"五人|五口", text)) and has_number(text, rule.extra_m3),
             "large household: expected the extra volume and the minimum household size")
    if "fact" in expect:
        for fact in expect["fact"] if isinstance(expect["fact"], list) else [expect["fact"]]:
            need(any(p.search(text) for p in fact_patterns(fact)), f"fact {fact}: not in the reply")
    if "topic" in expect:
        need(topic_ok(expect["topic"], text), f"topic {expect['topic']}: markers missing")
    if "contains_any" in expect:
        need(any(s.lower() in text.lower() for s in expect["contains_any"]),
             f"expected one of {expect['contains_any']}")
    if set(expect) <= {"ask", "clear", "decline_ok"} and allowed_asks:
        need(ask_instead(allowed_asks), f"expected a question for {sorted(allowed_asks)}")

    if clear:
        need(not fallback, "fallback on a clear question")
    need(reply_language_ok(reply, lang), f"reply not in {lang}")

    # Money figures that nothing explains: a bill for a misreading (or stale values).
    unexplained = [f for f in shown if f not in legit and f not in earlier]
    tariff_turn = bool(TARIFF_KEYS & set(expect))
    if unexplained:
        misread = candidate_bills(user_text)
        if tariff_turn or any(f in misread for f in unexplained) or satisfied_by_ask:
            verdict.wrong_bill = True
            reasons.append("WRONG BILL: unexplained figures " + ", ".join(str(f) for f in unexplained))
        else:
            reasons.append("unexpected money figures " + ", ".join(str(f) for f in unexplained))
    # A figure presented as a bill total that no expected reading gives: a bill for a misreading,
    # even when the figure happens to equal a unit price (the bill for "一吨" is 3.45).
    wrong_totals = [f for f in total_figures(text) if f not in totals and f not in earlier_totals and f not in unexplained]
    if wrong_totals:
        verdict.wrong_bill = True
        reasons.append("WRONG BILL: presented as a total " + ", ".join(str(f) for f in wrong_totals))
    verdict.legit, verdict.totals = legit, totals
    verdict.passed = not reasons
    return verdict

"""Answers about tips, leak checks, water days, campaigns and hotlines, from core objects.

Pure functions: core objects (or the site's campaigns JSON) in, text out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from bot.actions.formatting import bullets, confidence, date, link, paragraphs, pick, source_line, span
from bot.actions.i18n import PerLanguage, particular, translator
from bot.actions.site_texts import hotline_lines
from core.calendar import Occurrence, shanghai_date
from core.sources import Hotline
from core.tips import Room, Tip

# How residents name the rooms (linguistic aliases, not facts): entity text → core.tips room key.
ROOM_ALIASES = {
    "shower": ("淋浴", "洗澡", "冲凉", "浴室", "沐浴", "花洒", "淋浴器", "shower", "showers", "bathing", "bath"),
    "toilet": ("厕所", "卫生间", "冲厕所", "冲马桶", "马桶", "坐便器", "toilet", "toilets", "flushing", "flush",
               "bathroom", "bathrooms", "loo", "washroom"),
    "kitchen": (
        "厨房",
        "洗碗",
        "洗菜",
        "做饭",
        "洗碗机",
        "水龙头",
        "水嘴",
        "kitchen",
        "dishes",
        "cooking",
        "dishwasher",
        "faucet",
        "tap",
    ),
    "laundry": ("洗衣", "洗衣服", "洗衣机", "衣服", "laundry", "washing clothes", "washing machine", "washer", "clothes"),
    "leaks": ("漏水", "滴水", "跑冒滴漏", "漏", "leak", "leaks", "leaking", "drip", "dripping"),
}
SAVINGS_PAGE = PerLanguage(lambda _: _("Estimate your savings"))
CAMPAIGNS_PAGE = PerLanguage(lambda _: _("All campaigns"))

def room_key(values: Sequence[str]) -> str | None:
    """The first core.tips room named by any of the entity values (room or product)."""
    for value in values:
        wanted = str(value).strip().casefold()
        for key, aliases in ROOM_ALIASES.items():
            if wanted == key or wanted in aliases:
                return key
    return None


def _tip_line(tip: Tip, lang: str) -> str:
    text = pick(tip.text, lang)
    if tip.source is not None:
        _ = translator(lang)
        text = _("%(text)s (%(confidence)s)", text=text, confidence=confidence(tip.source.confidence, lang))
    return text


def tips_text(rooms: Sequence[Room], lang: str, room: str | None = None) -> str:
    """All tips of one room, or the first tip of every room with a hint to ask for more."""
    _, _p = translator(lang), particular(lang)
    if room is not None:
        chosen = next(r for r in rooms if r.key == room)
        head = _("Water-saving tips: %(room)s", room=pick(chosen.name, lang))
        sources = [t.source for t in chosen.tips if t.source is not None]
        return paragraphs(
            head + "\n" + bullets(_tip_line(t, lang) for t in chosen.tips),
            source_line(sources, lang) if sources else None,
            link(SAVINGS_PAGE[lang], "/savings"),
        )
    lines = [_("%(room)s: %(tip)s", room=pick(r.name, lang), tip=_tip_line(r.tips[0], lang)) for r in rooms]
    names = _p("list of room names", ", ").join(pick(r.name, lang).lower() for r in rooms)
    more = _('For more, ask about one room, e.g. "how to save water in the %(room)s" (%(rooms)s).',
             room=pick(rooms[0].name, lang).lower(), rooms=names)
    return paragraphs(_("A few water-saving tips:") + "\n" + bullets(lines), more, link(SAVINGS_PAGE[lang], "/savings"))


def leak_check_text(rooms: Sequence[Room], lang: str) -> str:
    """The meter check first, then the other leak tips."""
    leaks = next(r for r in rooms if r.key == "leaks")
    ordered = sorted(leaks.tips, key=lambda t: t.key != "meter_check")
    sources = [t.source for t in ordered if t.source is not None]
    return paragraphs(
        bullets(_tip_line(t, lang) for t in ordered),
        source_line(sources, lang) if sources else None,
        link(SAVINGS_PAGE[lang], "/savings"),
    )


def water_days_text(
    upcoming: Sequence[Occurrence], lang: str, today: dt.date, wanted: str | Sequence[str] | None = None
) -> str:
    """The next (or current) water days with their dates; estimated weeks say so.

    `wanted`: one day key or several ("节水宣传周和世界水日各是什么时候" names two: both answered).
    """
    _ = translator(lang)
    keys = [wanted] if isinstance(wanted, str) else list(wanted or [])
    chosen = [o for o in upcoming if not keys or o.key in keys] or list(upcoming)
    lines = []
    for occ in chosen:
        line = _("%(day)s: %(when)s", day=pick(occ.name, lang), when=span(occ.start, occ.end, lang))
        if occ.start <= today <= occ.end:
            line += _(" (on now)")
        if not occ.exact:
            line += _(" (estimated; the exact dates are set by that year's notice)")
        line += _(". %(note)s", note=pick(occ.day.note, lang))
        lines.append(line)
    return paragraphs(
        _("Coming water days:") + "\n" + bullets(lines),
        source_line(chosen[0].day.source, lang),
        link(_("Campaigns and events"), "/campaigns/"),
    )


def _when(value: Any, lang: str) -> str | None:
    """The Shanghai date of an API time (UTC with `Z`): 2026-03-07T16:00:00Z → 8 March."""
    day = shanghai_date(value)
    return date(day, lang) if day else None


def _page_url(value: Any) -> str | None:
    """A link target from the API: absolute http(s) URLs (built from SITE_URL) or site paths."""
    if not isinstance(value, str) or not value or any(c in value for c in " ()[]"):
        return None
    if value.startswith("/") and not value.startswith("//"):
        return value
    if value.startswith(("https://", "http://")):
        return value
    return None


def campaigns_text(campaigns: Sequence[dict] | None, lang: str, limit: int = 3) -> str:
    """Current campaigns from the site's API; None means the site could not be reached."""
    _, _p = translator(lang), particular(lang)
    page = link(CAMPAIGNS_PAGE[lang], "/campaigns/")
    if campaigns is None:
        down = _("Sorry, I can't fetch the events right now. Please try again later or see the campaigns page.")
        return paragraphs(down, page)
    if not campaigns:
        return paragraphs(_("There are no campaigns running at the moment."), page)
    blocks = []
    for item in campaigns[:limit]:
        title = str(item.get("title") or "").strip() or _("Campaign")
        url = _page_url(item.get("url"))
        line = f"[{title}]({url})" if url else title
        start, end = _when(item.get("starts_at"), lang), _when(item.get("ends_at"), lang)
        if start:
            line += _(" (%(start)s – %(end)s)", start=start, end=end or "")
        summary = str(item.get("summary") or "").strip()
        events = []
        for event in (item.get("events") or [])[:3]:
            if not isinstance(event, dict):
                continue
            when = _when(event.get("starts_at"), lang)
            parts = [str(event.get("title") or "").strip(), when, str(event.get("place") or "").strip()]
            events.append(_p("between the title, date and place of an event", ", ").join(p for p in parts if p))
        blocks.append("\n".join([line] + ([summary] if summary else []) + [f"  – {e}" for e in events if e]))
    return paragraphs(_("Current campaigns:"), "\n\n".join(blocks), page)


def hotlines_text(hotlines: Sequence[Hotline], lang: str) -> str:
    """Where to report a supply problem: each hotline, what it is for, how sure we are."""
    _ = translator(lang)
    return paragraphs(
        _("To report a water supply problem:") + "\n" + bullets(hotline_lines(hotlines, lang)),
        source_line(hotlines[0].source, lang),
        link(_("FAQ"), "/faq"),
    )

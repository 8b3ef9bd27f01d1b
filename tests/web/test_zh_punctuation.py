"""Chinese text uses Chinese punctuation: no ASCII ':' or '.' where a ： or 。 belongs, in the zh
catalogs or in the Chinese pages the templates assemble (`colon()`, `full_stop()`, `paren()`).

Allowed: URLs and domains, numbers (3.45, 2024(4)), file extensions (.ics), units and code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2] / "web"
CJK = r"[\u3400-\u9fff\u3001\u3002\uff08\uff09\uff0c\uff1a\uff1b]"
# An ASCII colon or full stop right after Chinese text, or one followed by Chinese text.
ASCII_STOP_IN_CHINESE = re.compile(rf"{CJK}[ \t]*[:.](?![0-9A-Za-z_/])|(?<![0-9A-Za-z_])[:.][ \t]*{CJK}")
NOT_PROSE = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|cn|org|gov|jp|net|tw|de|tech)\b|\.ics\b")


def ascii_stops(text: str) -> list[str]:
    text = NOT_PROSE.sub("", text)
    return [text[max(0, m.start() - 15):m.end() + 15] for m in ASCII_STOP_IN_CHINESE.finditer(text)]


def test_the_check_catches_ascii_punctuation_in_chinese():
    assert ascii_stops("以上为2013年的价格.") and ascii_stops("美国数据: 3,000") and ascii_stops("来源:水利部")
    assert not ascii_stops("以上为2013年的价格。") and not ascii_stops("每立方米3.45元") and not ascii_stops("见 https://a.cn/x.")
    assert not ascii_stops("加入我的日历（.ics）") and not ascii_stops("GB 12021.4-2013")


def zh_messages():
    for path in sorted(WEB.glob("**/translations/zh/LC_MESSAGES/messages.po")):
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id:
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    for string in strings:
                        yield path.relative_to(WEB), message.id, string or ""


def test_zh_catalogs_use_chinese_colons_and_full_stops():
    found = [f"{path}: {msgid!r} → {hit!r}" for path, msgid, string in zh_messages() for hit in ascii_stops(string)]
    assert not found, "ASCII ':' or '.' in Chinese text (use ： or 。):\n" + "\n".join(found)


def page_prose(html: str) -> str:
    """The page's own Chinese prose: no markup, no scripts, and no source titles (they are
    recorded as the source wrote them, often in English)."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<([ou]l) class="sources">.*?</\1>', " ", html, flags=re.S)
    html = re.sub(r'<span class="source">(?:[^<]|<(?!/?span)|<span[^>]*>[^<]*</span>)*</span>', " ", html)
    html = re.sub(r'<input[^>]*>', " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("path", [
    "/bill?usage_m3=250&people=5",
    "/savings?people=3&showers_per_day=2&shower_minutes=8&dripping_taps=1&running_toilet=y&laundry_loads_per_week=3",
    "/labels", "/methodology", "/about", "/privacy", "/",
])
def test_chinese_pages_use_chinese_colons_and_full_stops(client, path):
    response = client.get(path + ("&" if "?" in path else "?") + "lang=zh")
    assert response.status_code == 200
    found = ascii_stops(page_prose(response.get_data(as_text=True)))
    assert not found, f"ASCII ':' or '.' in Chinese text on {path}: {found}"

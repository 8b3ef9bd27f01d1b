"""Calendar files (RFC 5545) for events and the Atom feed (RFC 4287) of live campaigns.

Both are built from escaped pieces (iCalendar text escaping and line folding; ElementTree for
XML), so a title with commas, quotes or markup cannot break the file.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

ATOM_NS = "http://www.w3.org/2005/Atom"


def _ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current)
            current = b""
        current += piece
    parts.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def _utc(value: dt.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def event_ics(*, uid: str, title: str, description: str, place: str, starts_at: dt.datetime,
              ends_at: dt.datetime, url: str, stamp: dt.datetime) -> str:
    """One VEVENT in a VCALENDAR; times are naive UTC."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Putuo Saves Water//Campaigns//ZH", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{_ics_text(uid)}", f"DTSTAMP:{_utc(stamp)}", f"DTSTART:{_utc(starts_at)}", f"DTEND:{_utc(ends_at)}",
        f"SUMMARY:{_ics_text(title)}", f"LOCATION:{_ics_text(place)}",
        f"DESCRIPTION:{_ics_text((description + chr(10) + chr(10) + url).strip())}", f"URL:{url}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _atom_time(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def atom_feed(*, feed_id: str, title: str, self_url: str, site_url: str, updated: dt.datetime,
              entries: list[dict]) -> bytes:
    """entries: dicts with id, title, summary, url, updated (naive UTC), published."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_id)
    sub(feed, "title", title)
    sub(feed, "updated", _atom_time(updated))
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", title)
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", item["id"])
        sub(entry, "title", item["title"])
        sub(entry, "updated", _atom_time(item["updated"]))
        if item.get("published"):
            sub(entry, "published", _atom_time(item["published"]))
        sub(entry, "link", rel="alternate", href=item["url"], type="text/html")
        sub(entry, "summary", item["summary"], type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)

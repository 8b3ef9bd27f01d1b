"""Calendar files (RFC 5545) for events and the Atom feed (RFC 4287) of announced campaigns.

Both come from well-kept libraries (`icalendar` escapes and folds iCalendar text; `feedgen`
writes Atom through lxml), so a title with commas, quotes or markup cannot break the file.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event


def _aware_utc(value: dt.datetime) -> dt.datetime:
    """The database keeps naive UTC; both formats want the zone said."""
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def event_ics(*, uid: str, title: str, description: str, place: str, starts_at: dt.datetime,
              ends_at: dt.datetime, url: str, stamp: dt.datetime) -> str:
    """One VEVENT in a VCALENDAR; times are naive UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//Putuo Saves Water//Campaigns//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _aware_utc(stamp))
    event.add("dtstart", _aware_utc(starts_at))
    event.add("dtend", _aware_utc(ends_at))
    event.add("summary", title)
    event.add("location", place)
    event.add("description", (description + "\n\n" + url).strip())
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def atom_feed(*, feed_id: str, title: str, self_url: str, site_url: str, updated: dt.datetime,
              entries: list[dict], language: str) -> bytes:
    """entries: dicts with id, title, summary, url, updated (naive UTC), published."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": title})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=site_url, rel="alternate", type="text/html")
    feed.language(language)
    feed.updated(_aware_utc(updated))
    for item in reversed(entries):  # feedgen prepends each new entry; keep the list's order
        entry = feed.add_entry()
        entry.id(item["id"])
        entry.title(item["title"])
        entry.updated(_aware_utc(item["updated"]))
        if item.get("published"):
            entry.published(_aware_utc(item["published"]))
        entry.link(href=item["url"], rel="alternate", type="text/html")
        entry.summary(item["summary"], type="text")
    return feed.atom_str(pretty=False, encoding="utf-8", xml_declaration=True)

"""`action_water_days` (core.calendar) and `action_campaigns` (the site's campaigns API)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import site_api
from bot.actions.common import content_or_sorry, entity_values, message_text, say
from bot.actions.info_texts import campaigns_text, water_days_text
from bot.actions.water import InfoAction
from bot.components.topic_rules import dates_in
from core import calendar, clock

# Entity text → core.calendar key (how residents name the days; not facts).
DAY_ALIASES = {
    "world_water_day": ("世界水日", "水日", "world water day", "water day"),
    "china_water_week": ("中国水周", "水周", "china water week", "water week"),
    "urban_water_saving_week": (
        "城市节约用水宣传周",
        "节约用水宣传周",
        "节水宣传周",
        "节水周",
        "water-saving week",
        "water saving week",
    ),
}


def day_keys(values: List[Any]) -> List[str]:
    """Every water day named, in order, once each."""
    keys: List[str] = []
    for value in values:
        wanted = str(value).strip().casefold()
        for key, aliases in DAY_ALIASES.items():
            if wanted in aliases and key not in keys:
                keys.append(key)
    return keys


def keys_on_dates(text: str, days: List[calendar.WaterDay]) -> List[str]:
    """The water days that fall on a date written in `text` ("3月22日是什么日子" → World Water
    Day and China Water Week; a week set by notice counts on its anchor date)."""
    keys: List[str] = []
    for month, day_of_month in dates_in(text):
        for day in days:
            first, last = day.month_day, day.end_month_day or day.month_day
            if first <= (month, day_of_month) <= last and day.key not in keys:
                keys.append(day.key)
    return keys


class ActionWaterDays(InfoAction):
    def name(self) -> Text:
        return "action_water_days"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        today = clock.shanghai_today()  # a Shanghai date, whatever the server's zone
        upcoming = content_or_sorry(dispatcher, lang, lambda: calendar.next_water_days(today))
        if upcoming is None:
            return []
        keys = day_keys(entity_values(tracker, "water_day"))
        if not keys:
            keys = keys_on_dates(message_text(tracker), list(calendar.water_days()))
        say(dispatcher, water_days_text(upcoming, lang, today, keys))
        return []


class ActionCampaigns(InfoAction):
    def name(self) -> Text:
        return "action_campaigns"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        say(dispatcher, campaigns_text(await site_api.fetch_campaigns(lang), lang))
        return []

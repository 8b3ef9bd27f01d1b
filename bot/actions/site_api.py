"""The site's JSON API as the bot uses it: current campaigns (GET /api/v1/campaigns), the
FAQ search (GET /api/v1/faq/search) and leaving a question for staff (POST /api/v1/questions).

SITE_URL (default http://127.0.0.1:8000) is read at call time. A missing, slow or broken
endpoint returns None, never raises: the answer then says so politely.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
from typing import Any, List, Optional

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
TIMEOUT_SECONDS = 3


def site_url() -> str:
    return os.environ.get("SITE_URL", DEFAULT_SITE_URL).rstrip("/")


async def _get_json(path: str, params: dict, what: str) -> Any:
    """The JSON body of the site's GET `path`, or None when the site answers anything but 200
    or cannot be reached; `what` names the API in the log."""
    try:
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(
            f"{site_url()}{path}", params=params
        ) as resp:
            if resp.status != 200:
                logger.warning("%s answered %s", what, resp.status)
                return None
            return await resp.json(content_type=None)
    except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ValueError, OSError) as error:
        logger.warning("%s unreachable: %s", what, error)
        return None


async def fetch_campaigns(lang: str) -> Optional[List[dict]]:
    """The campaigns list (each {slug,title,summary,url,starts_at,ends_at,events}) or None."""
    body = await _get_json("/api/v1/campaigns", {"lang": lang}, "campaigns API")
    campaigns = body.get("campaigns") if isinstance(body, dict) else None
    if not isinstance(campaigns, list):
        return None
    return [c for c in campaigns if isinstance(c, dict)]


FAQ_QUERY_MAX_CHARS = 500
QUESTION_MAX_CHARS = 1000  # the site keeps at most this much of a question (web/chat/questions.py)


async def search_faq(question: str, lang: str) -> Optional[dict]:
    """The best approved FAQ entry for `question` above the site's threshold, or None.

    GET /api/v1/faq/search?q=&lang= → {"match": {id, question, answer, url, score} | null,
    "threshold"}. None too when the site is unreachable or answers something else: the
    fallback then says honestly that it could not answer.
    """
    query = question.strip()[:FAQ_QUERY_MAX_CHARS]
    if not query:
        return None
    body = await _get_json("/api/v1/faq/search", {"q": query, "lang": lang}, "FAQ search")
    match = body.get("match") if isinstance(body, dict) else None
    if not isinstance(match, dict):
        return None
    if not isinstance(match.get("answer"), str) or not match["answer"].strip():
        return None
    return match


_CONVERSATION_OK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def conversation_key(sender_id: str) -> str:
    """The conversation id the site accepts (1–64 letters, digits, - or _): the site channel's
    sender is already one (a hash of the browser's token); anything else is hashed."""
    if _CONVERSATION_OK.match(sender_id or ""):
        return sender_id
    return hashlib.sha256((sender_id or "").encode()).hexdigest()[:32]


async def leave_question(text: str, lang: str, sender_id: str) -> Optional[dict]:
    """POST /api/v1/questions: leave `text` for the site's staff.

    → the site's answer ({"status", "times_asked", "message"}) when it saved the question
    (201), else None (refused, rate-limited, unreachable): the bot then says it could NOT
    pass the question on.
    """
    question = text.strip()[:QUESTION_MAX_CHARS]
    if not question:
        return None
    url = f"{site_url()}/api/v1/questions"
    payload = {"text": question, "lang": lang, "conversation_id": conversation_key(sender_id)}
    try:
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.post(url, json=payload) as resp:
            body: Any = await resp.json(content_type=None)
            if resp.status != 201:
                logger.warning("leaving a question: the site answered %s", resp.status)
                return None
    except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ValueError, OSError) as error:
        logger.warning("leaving a question: site unreachable: %s", error)
        return None
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return None
    return body

"""The staff dashboard: figures from each feature over a date range, questions with a status
and a count, the FAQ entry that now answers them, and CSV exports."""

from __future__ import annotations

import datetime as dt

import pytest


def ask(db, question, *, lang="zh", intent=None, fallback=True, days_ago=0, conversation="c" * 32):
    """A question as /api/chat records it (through the chat feature's own recorder)."""
    from web import clock
    from web.chat import services

    answer = services.BotAnswer(replies=[{"text": "…"}], intent=intent, fallback=fallback)
    row = services.record_exchange("token-" + conversation, question, lang, answer)
    row.created_at = clock.now() - dt.timedelta(days=days_ago)
    db.session.commit()
    return row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dashboard_renders_for_each_role(client, make_user, login, db, lang):
    ask(db, "小区停水了吗")
    for role, street in (("admin", None), ("editor", None), ("editor", "wanli")):
        login(client, make_user(role, street=street))
        response = client.get(f"/staff/dashboard/?lang={lang}")
        assert response.status_code == 200, (role, street)
        client.post("/staff/logout")

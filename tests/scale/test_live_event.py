"""A live quiz with a few hundred phones, against gunicorn started from the Procfile's web
line (gevent workers), driven by bench/quiz_live.py's browser-faithful phones: join page,
join form, play page with the cookie, the SSE live channel, answers after a think time, and
a teacher who starts, advances and finishes the event while the projector polls.

Runs on the embedded default (SQLite) always; with TEST_DATABASE_URL (PostgreSQL) and
TEST_REDIS_URL also on two instances, each phone's requests landing on either one.
"""

from __future__ import annotations

import argparse
import math
import os

import pytest

from bench import quiz_live

PHONES = 200


def event_args(instances: int = 1) -> argparse.Namespace:
    # No last-second answers here (tests/web/quiz covers the grace): answers leave at least 1 s
    # before the deadline, so on a loaded machine the check is about losing none, not about timing.
    return argparse.Namespace(students=PHONES, questions=2, seconds=6, instances=instances, join_seconds=4.0,
                              reveal_seconds=1.5, last_second=0.0)


def check(result: dict) -> None:
    stats = result["stats"]
    failures = {kind: dict(why) for kind, why in stats.failures.items() if why}
    assert not failures, failures
    assert not result["server_errors"], result["server_errors"][:3]
    assert result["joined"] == PHONES and result["listening"] == PHONES
    # The teacher sees every phone connected (plus the benchmark's 4 warm-up phones per instance:
    # a stream that was closed is noticed at its next keep-alive line, up to 15 s later).
    assert PHONES <= result["connected_seen"] <= PHONES + 4 * len(result.get("urls", [None]))
    for row in result["spread"]:
        assert row["phones"] == PHONES, row  # every phone got every question and the end
        assert math.isfinite(row["p95_s"]) and row["p95_s"] <= 2.0, row
    assert stats.answers_sent >= PHONES * 2 * 0.9  # (a phone whose think time ran past 0 does not send)
    assert stats.in_window_accepted >= 0.99 * stats.in_window_sent, dict(stats.refusals)
    board = sum(p["answered"] for p in result["board"]["players"])
    assert board == result["stored"] == result["summed"] == stats.accepted


def test_a_live_event_with_a_few_hundred_phones_on_the_default_install():
    check(quiz_live.live_event(event_args(), None, None))


@pytest.mark.skipif(not (os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL")),
                    reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL")
def test_a_live_event_on_two_instances_over_postgresql_and_redis():
    check(quiz_live.live_event(event_args(instances=2), os.environ["TEST_DATABASE_URL"],
                               os.environ["TEST_REDIS_URL"]))

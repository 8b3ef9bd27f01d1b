"""What one live answer costs the site process: CPU and wall time per answer, and SQL
statements per answer, through the real app (Flask test client: routing, rate limit, logging,
the answer view, the database), one answer after another, no network.

    .venv/bin/python bench/quiz_answer_cost.py                       # SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/quiz_answer_cost.py --profile          # + where the CPU goes

With PostgreSQL a fresh database is created and dropped. The first few answers warm the
process (and take the general path that fills the answers' copy of the event); the rest are
measured. The figure to compare is CPU ms per answer: on a shared machine the wall time is
mostly other people's load. Prints figures, judges nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import in_process_site  # noqa: E402

WARM = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=600)
    parser.add_argument("--profile", action="store_true", help="print the top functions by CPU time")
    args = parser.parse_args()
    with in_process_site("putuo_answercost") as (app, code, event_id):
        measure(app, code, event_id, args)
    return 0


def measure(app, code: str, event_id: int, args) -> None:
    from sqlalchemy import event as sa_event

    from web.extensions import db
    from web.quiz import services
    from web.quiz.models import QuizEvent

    client = app.test_client()
    tokens = []
    for index in range(args.players + WARM):
        reply = client.post(f"/api/v1/events/{code}/join", json={"nickname": f"Bench {index}x"})
        tokens.append(reply.get_json()["player_token"])
    with app.app_context():
        event = db.session.get(QuizEvent, event_id)
        services.control(event, "start")
        db.session.commit()
        question = services.event_questions(event)[0]
        statements = {"n": 0}

        @sa_event.listens_for(db.engine, "before_cursor_execute")
        def count(*_args):
            statements["n"] += 1

    body = {"question_id": question[0], "choice_ids": [question[2]["choices"][0]["id"]]}

    def answer(token: str) -> None:
        reply = client.post(f"/api/v1/events/{code}/answers", json=body, headers={"Authorization": "Bearer " + token})
        assert reply.status_code == 201, reply.get_data(as_text=True)

    for token in tokens[:WARM]:
        answer(token)
    profile = cProfile.Profile(time.process_time) if args.profile else None
    statements["n"] = 0
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    for token in tokens[WARM:]:
        answer(token)
    if profile:
        profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = len(tokens) - WARM
    print(f"{app.bench_label}: "
          f"{n} answers, CPU {1000 * cpu / n:.2f} ms per answer, wall {1000 * wall / n:.2f} ms, "
          f"{statements['n'] / n:.1f} SQL statements per answer (besides commit){' (profiled)' if profile else ''}")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    sys.exit(main())

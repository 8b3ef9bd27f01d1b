"""Teacher reports: per-question correctness, most-missed questions, class averages, CSV."""

from __future__ import annotations

from sqlalchemy import case, func, select

from web import csvexport
from web.extensions import db
from web.quiz import services, standings
from web.quiz.models import QuizAnswer, QuizPlayer


def question_rows(event, lang: str) -> list[dict]:
    """One row per question: answers, correct count and rate, and the choice distribution."""
    totals = {
        row.question_id: (row.answers, row.correct or 0)
        for row in db.session.execute(
            select(QuizAnswer.question_id, func.count().label("answers"),
                   func.sum(case((QuizAnswer.correct, 1), else_=0)).label("correct"))
            .where(QuizAnswer.event_id == event.id).group_by(QuizAnswer.question_id))
    }
    rows = []
    for eq_id, position, data in services.event_questions(event):
        answers, correct = totals.get(eq_id, (0, 0))
        counts, _total = services.distribution(event, eq_id)
        rows.append({
            "id": eq_id, "number": position + 1, "text": data["text"][lang], "answers": answers,
            "correct": int(correct), "rate": round(100 * correct / answers) if answers else None,
            "choices": [{"text": c["text"][lang], "correct": c["correct"], "count": counts.get(c["id"], 0)}
                        for c in data["choices"]],
        })
    return rows


def most_missed(rows: list[dict], limit: int = 3) -> list[dict]:
    answered = [r for r in rows if r["answers"]]
    return sorted(answered, key=lambda r: (r["rate"], r["number"]))[:limit]


def csv_text(event, lang: str, headers: dict[str, str]) -> str:
    """One row per player: nickname, class, score, correct, answered, then ✓/✗ per question."""
    questions = services.event_questions(event)
    board = standings.get_standings(event, public=False)
    marks: dict[str, dict[int, bool]] = {}
    for nickname, eq_id, correct in db.session.execute(
            select(QuizPlayer.nickname, QuizAnswer.question_id, QuizAnswer.correct)
            .join(QuizAnswer, QuizAnswer.player_id == QuizPlayer.id).where(QuizPlayer.event_id == event.id)):
        marks.setdefault(nickname, {})[eq_id] = correct
    header = [headers["rank"], headers["nickname"], headers["class"], headers["score"], headers["correct"],
              headers["answered"]] + [f"Q{p + 1}" for _id, p, _d in questions]
    rows = []
    for player in board.players:
        mine = marks.get(player["nickname"], {})
        rows.append([player["rank"], player["nickname"], player["class_label"] or "", player["score"],
                     player["correct"], player["answered"]]
                    + [("1" if mine[q[0]] else "0") if q[0] in mine else "" for q in questions])
    return csvexport.csv_text(header, rows)  # BOM, formula-looking cells neutralised

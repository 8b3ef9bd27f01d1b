"""Teachers: create events, run them (control panel and projector), reports, CSV, certificates,
and delete participant data. Role `teacher` (admins pass); a teacher sees only their events."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import quiz as core_quiz
from web import clock
from web.accounts.access import roles_required
from web.extensions import db
from web.i18n import current_language
from web.quiz import bank, live, reports, services, standings
from web.quiz.forms import EventForm
from web.quiz.messages import message
from web.quiz.models import QuizEvent
from web.quiz.services import QuizError
from web.quiz.views import purge_now_and_then
from web.urls import absolute_url_for

bp = Blueprint("quiz_manage", __name__, url_prefix="/staff/quiz")
roles_required(bp, "teacher")
DEFAULT_WINDOW = dt.timedelta(hours=1)


def _own_event(event_id: int) -> QuizEvent:
    event = db.session.get(QuizEvent, event_id)
    if event is None or (current_user.role != "admin" and event.teacher_id != current_user.id):
        abort(404)
    return event


@bp.app_template_filter("local_time")
def local_time(value: dt.datetime | None) -> str:
    local = clock.to_local(value)
    return local.strftime("%Y-%m-%d %H:%M") if local else ""


@bp.get("/")
def events():
    purge_now_and_then()
    return render_template("quiz/manage/events.html", events=services.events_for(current_user),
                           retention_days=_retention())


def _retention() -> int:
    return current_app.config["QUIZ_RETENTION_DAYS"]


@bp.route("/new", methods=["GET", "POST"])
def new():
    lang = current_language()
    own_banks, own_questions, own_groups = bank.event_choices(current_user)
    form = EventForm(lang=lang, own=(own_banks, own_questions))
    status = 200
    if form.validate_on_submit():
        if form.picked.data:
            questions_by_id = {**core_quiz.all_questions(), **own_questions}
            questions = [questions_by_id[qid] for qid in form.picked.data]
        else:
            questions = bank.select_questions(current_user, form.bank.data, form.count.data,
                                              topics=form.topics.data or (), grade=form.grade.data or None)
            if questions is None:
                questions = core_quiz.select_questions(form.count.data, bank_id=form.bank.data or None,
                                                       topics=form.topics.data or (), grade=form.grade.data or None)
        opens_at = clock.from_local(form.opens_at.data) if form.mode.data == "self_paced" else None
        closes_at = clock.from_local(form.closes_at.data) if form.mode.data == "self_paced" else None
        try:
            event = services.create_event(
                title=form.title.data, mode=form.mode.data, questions=questions, teacher_id=current_user.id,
                bank_id=form.bank.data or None, question_seconds=form.question_seconds.data,
                opens_at=opens_at, closes_at=closes_at, speed_bonus=form.speed_bonus.data,
                shuffle=form.shuffle.data, leaderboard=form.leaderboard.data, class_labels=form.labels(),
                class_score=form.class_score.data, generated_names=form.generated_names.data)
        except QuizError as exc:
            target = form.closes_at if exc.field == "closes_at" else form.count
            target.errors = [*target.errors, message(exc.code)]
            status = exc.status
        else:
            db.session.commit()
            flash(_("Quiz created. Students join with code %(code)s.", code=event.code), "success")
            return redirect(url_for("quiz_manage.event", event_id=event.id))
    elif request.method == "POST":
        status = 400
    else:
        form.closes_at.data = clock.to_local(clock.now() + DEFAULT_WINDOW).replace(second=0, microsecond=0)
    grouped = {topic: [q for q in core_quiz.all_questions().values() if q.topic == topic]
               for topic in core_quiz.TOPICS}
    return render_template("quiz/manage/new.html", form=form, grouped=grouped, own_groups=own_groups), status


@bp.get("/<int:event_id>")
def event(event_id: int):
    event = _own_event(event_id)
    board = standings.get_standings(event, public=False)
    questions = services.event_questions(event)
    return render_template("quiz/manage/event.html", event=event, board=board, questions=questions,
                           players=services.player_count(event), over=services.is_over(event),
                           lobby=services.lobby(event),
                           connected=live.connected_phones(event),
                           join_url=absolute_url_for("quiz.join", code=event.code))


@bp.post("/<int:event_id>/control")
def control(event_id: int):
    event = _own_event(event_id)
    action = request.form.get("action", "")
    try:
        if action == "purge":
            services.purge_event(event)
            flash(_("All players and answers of this quiz have been deleted."), "success")
        elif action == "delete":
            services.delete_event(event)
            db.session.commit()
            flash(_("The quiz and all its data have been deleted."), "success")
            return redirect(url_for("quiz_manage.events"))
        else:
            services.control(event, action)
    except QuizError as exc:
        db.session.rollback()
        flash(message(exc.code), "error")
    else:
        db.session.commit()
    target = request.form.get("next")
    if target == "projector":
        return redirect(url_for("quiz_manage.projector", event_id=event_id))
    return redirect(url_for("quiz_manage.event", event_id=event_id))


@bp.post("/<int:event_id>/players/<int:player_id>/remove")
def remove_player(event_id: int, player_id: int):
    """Remove one player and their answers; their phone is told so and cannot rejoin with the
    same cookie (services.remove_player)."""
    event = _own_event(event_id)
    try:
        player = services.remove_player(event, player_id)
    except QuizError as exc:
        db.session.rollback()
        flash(message(exc.code), "error")
    else:
        nickname = player.nickname
        db.session.commit()
        flash(_("%(name)s has been removed from the quiz, with their answers.", name=nickname), "success")
    if request.form.get("next") == "projector":
        return redirect(url_for("quiz_manage.projector", event_id=event_id))
    return redirect(url_for("quiz_manage.event", event_id=event_id))  # the flash at the top confirms it


def class_board(event: QuizEvent, board: standings.Standings) -> list[dict]:
    """The classes ranked the way the teacher chose (average or total score), each with the
    score it is ranked by; every class label appears, with 0 players if nobody picked it yet."""
    by_label = {entry["label"]: entry for entry in board.classes}
    total = event.class_score == "total"
    key = "total_score" if total else "average_score"
    rows = [{"label": label, "players": by_label.get(label, {}).get("players", 0),
             "score": by_label.get(label, {}).get(key, 0 if total else 0.0)} for label in event.labels]
    rows.sort(key=lambda row: (-row["score"], event.labels.index(row["label"])))
    rank, previous = 0, None
    for index, row in enumerate(rows, start=1):
        if row["score"] != previous:
            rank, previous = index, row["score"]
        row["rank"] = rank
    return rows


@bp.get("/<int:event_id>/projector")
def projector(event_id: int):
    event = _own_event(event_id)
    return render_template("quiz/manage/projector.html", event=event,
                           join_url=absolute_url_for("quiz.join", code=event.code),
                           **live_data(event))


PODIUM_NAMES = 8  # per step: what a podium step holds at 1080p in type the class can read
NEXT_PLACES = 7  # the results screen lists places 4 onwards, as many as fit beside the podium at 1080p


def podium(board: standings.Standings) -> list[dict]:
    """Ranks 1–3 with EVERY player tied at each rank (names beyond PODIUM_NAMES are counted,
    not dropped silently)."""
    places: list[dict] = []
    for player in board.players:
        if player["rank"] > 3:
            break
        if not places or places[-1]["rank"] != player["rank"]:
            places.append({"rank": player["rank"], "score": player["score"], "names": [], "more": 0})
        place = places[-1]
        if len(place["names"]) < PODIUM_NAMES:
            place["names"].append(player["nickname"])
        else:
            place["more"] += 1
    return places


def live_data(event: QuizEvent) -> dict:
    """What the projector shows: phase, players and connected phones, the question, the count
    of answers, its distribution once closed (deadline + grace), and the podium at the end."""
    lang, now = current_language(), clock.now()
    questions = services.event_questions(event)
    position = event.current_position
    current = questions[position] if event.mode == "live" and 0 <= position < len(questions) else None
    data = {"phase": event.phase, "players": services.player_count(event), "connected": live.connected_phones(event),
            "question": None, "number": position + 1, "total": len(questions), "last": position + 1 >= len(questions),
            "time_left_ms": 0, "ends_at_ms": None, "server_now_ms": live.epoch_ms(now), "closed": False,
            "distribution": None, "answered": 0, "podium": [], "explanation": None, "next_places": [],
            "locked": event.locked_at is not None,
            "lobby": [{"id": p["id"], "nickname": p["nickname"], "class_label": p["class_label"]}
                      for p in services.lobby(event)],
            "classes": [], "class_score": event.class_score}
    if event.labels:
        data["classes"] = class_board(event, standings.get_standings(event, public=False))
    if current:
        eq_id, _pos, snap = current
        window = services.answer_window(event, position, now)
        counts, answered = services.distribution(event, eq_id)
        data.update(question=snap["text"][lang], answered=answered, closed=window is not None,
                    ends_at_ms=live.epoch_ms(event.question_ends_at),
                    time_left_ms=max(0, int((event.question_ends_at - now).total_seconds() * 1000))
                    if window is None and event.question_ends_at else 0)
        data["choices"] = [{"id": c["id"], "text": c["text"][lang]} for c in snap["choices"]]
        if window is not None:
            data["distribution"] = [{"id": c["id"], "text": c["text"][lang], "correct": c["correct"],
                                     "count": counts.get(c["id"], 0)} for c in snap["choices"]]
            data["explanation"] = snap["explanation"][lang]
    if services.is_over(event, now):
        board = standings.get_standings(event, public=False)
        data["podium"] = podium(board)
        data["next_places"] = [{"rank": p["rank"], "nickname": p["nickname"], "score": p["score"]}
                               for p in board.players if p["rank"] > 3][:NEXT_PLACES]
    return data


@bp.get("/<int:event_id>/live.json")
def live_json(event_id: int):
    response = jsonify(live_data(_own_event(event_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:event_id>/report")
def report(event_id: int):
    event = _own_event(event_id)
    rows = reports.question_rows(event, current_language())
    board = standings.get_standings(event, public=False)
    return render_template("quiz/manage/report.html", event=event, rows=rows,
                           missed=reports.most_missed(rows), board=board)


@bp.get("/<int:event_id>/report.csv")
def report_csv(event_id: int):
    event = _own_event(event_id)
    headers = {"rank": _("Rank"), "nickname": _("Nickname"), "class": _("Class"), "score": _("Score"),
               "correct": _("Correct"), "answered": _("Answered")}
    text = reports.csv_text(event, current_language(), headers)
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="quiz-{event.code}.csv"', "Cache-Control": "no-store"})


@bp.get("/<int:event_id>/certificates")
def certificates(event_id: int):
    event = _own_event(event_id)
    board = standings.get_standings(event, public=False)
    return render_template("quiz/certificates.html", event=event, people=board.players, single=False)

"""Students: join with a code (or the QR), play, see their result. No account, no real name.

The player's secret token lives in a cookie (and, with JS, in localStorage as a backup), so a
refresh or a flaky phone keeps their place. Every page works without JavaScript for
self-paced quizzes; live quizzes use a small polling script.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from web import clock
from web.extensions import db, limiter
from web.housekeeping import AtMostEvery
from web.i18n import current_language
from web.quiz import admission, countdown, guard, live, names, qr, services, shells, standings
from web.quiz.forms import CodeForm, JoinForm
from web.quiz.messages import message
from web.quiz.services import QuizError
from web.urls import absolute_url_for

bp = Blueprint("quiz", __name__)
bp.add_app_template_global(message, "quiz_message")
COOKIE_PREFIX = "quiz_"
COOKIE_SECONDS = 2 * 24 * 3600
retention_purge = AtMostEvery("READ_TIME_PURGE_SECONDS")
bp.add_app_template_global(countdown.text, "time_left_text")
bp.add_app_template_global(countdown.phrases, "countdown_phrases")


@bp.errorhandler(OperationalError)
@bp.errorhandler(PoolTimeout)
def database_busy(_exc: Exception):
    """A locked database or no free pooled connection: "try again in a moment", never a 500."""
    from web.public.errors import error_response

    db.session.rollback()
    body, status = error_response(503, message("busy"))
    return body, status, {"Retry-After": "2"}


def purge_now_and_then() -> None:
    """Opportunistic retention: at most every 10 minutes per worker, on a quiet page view."""
    if retention_purge.due() and services.purge_expired():
        db.session.commit()


def cookie_name(code: str) -> str:
    return COOKIE_PREFIX + code


def current_player(event):
    return services.player_for_token(event, request.cookies.get(cookie_name(event.code)))


def _removed_page(event):
    """What the phone of a removed player sees instead of the quiz (410: it will not come back)."""
    response = make_response(render_template("quiz/removed.html", event=event), 410)
    response.headers["Cache-Control"] = "no-store"
    return response


def _was_removed(event, token: str | None = None) -> bool:
    return services.was_removed(event, token or request.cookies.get(cookie_name(event.code)))


def _event_or_404(code: str):
    event = services.event_by_code(code)
    if event is None:
        _miss()
        abort(404)
    return event


def _miss() -> None:
    """A wrong code spends the address's miss budget (web/quiz/guard.py); 429 once it is gone."""
    try:
        guard.count_miss()
    except guard.TooManyMisses:
        abort(_too_many())


def _too_many():
    from web.public.errors import error_response

    body, status = error_response(429, message("too_many_misses"))
    response = make_response(body, status)
    response.headers["Retry-After"] = str(guard.MISS_RETRY_AFTER)
    return response


def _with_player_cookie(response, code: str, token: str):
    response.set_cookie(cookie_name(code), token, max_age=COOKIE_SECONDS, httponly=True, samesite="Lax",
                        secure=request.is_secure, path="/")
    return response


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("3000 per minute", methods=["POST"], deduct_when=admission.counted)
@admission.joining
def join():
    purge_now_and_then()
    lang = current_language()
    code = (request.args.get("code") or "").strip()
    code_form = CodeForm(request.args if code else None)
    event, status = None, 200
    if code:
        if not code_form.validate():
            status = 400
        else:
            event = services.event_by_code(code)
            if event is None:
                _miss()
                code_form.code.errors.append(message("unknown_event"))
                status = 404
    if event is None:
        return render_template("quiz/join_code.html", form=code_form), status
    if current_player(event) is not None:
        return redirect(url_for("quiz.play", code=event.code))
    if _was_removed(event):
        return _removed_page(event)
    form = JoinForm()
    form.class_label.choices = [("", _("Choose your class"))] + [(label, label) for label in event.labels]
    status = 200
    if event.locked_at is not None and not services.is_over(event):
        response = make_response(render_template("quiz/join.html", event=event, form=form, over=False,
                                                 locked=True, suggestions=[]),
                                 409 if request.method == "POST" else 200)
        response.headers["Cache-Control"] = "no-store"
        return response
    if form.validate_on_submit():
        try:
            player, token = services.join(event, form.nickname.data, form.class_label.data, lang=lang)
        except QuizError as exc:
            target = form.class_label if exc.field == "class_label" else form.nickname
            target.errors = [*target.errors, message(exc.code)]
            status = exc.status
        else:
            db.session.commit()
            return _with_player_cookie(redirect(url_for("quiz.play", code=event.code)), event.code, token)
    elif request.method == "POST":
        status = 400
    offered = names.suggestions(lang, 4, taken=lambda candidates: services.taken_keys(event, candidates))
    if event.generated_names:
        picked = form.nickname.data if names.is_generated(form.nickname.data or "") else None
        if picked and picked not in offered:
            offered = [picked, *offered[:3]]
        form.nickname.data = picked or (offered[0] if offered else "")
        suggestions = offered[:4]
    else:
        if not form.nickname.data and offered:
            form.nickname.data = offered.pop(0)
        suggestions = offered[:3]
    over = services.is_over(event)
    if status == 200 and shells.usable():
        return _join_shell(event, form, over, suggestions, lang)
    return render_template("quiz/join.html", event=event, form=form, over=over, suggestions=suggestions,
                           locked=False, forget=request.args.get("forget") == "1"), status


def _join_shell(event, form, over: bool, suggestions: list[str], lang: str) -> str:
    """The join page from the event's shell (web/quiz/shells.py): the offered nicknames and
    the CSRF token are this phone's."""
    values = {f"s{index}": name for index, name in enumerate(suggestions)}
    nickname = form.nickname.data or ""
    if not event.generated_names and nickname:
        values["nick"] = nickname
    key = ("join", event.id, event.code, lang, request.args.get("lang"), event.title, tuple(event.labels),
           event.generated_names, over, len(suggestions), "nick" in values)

    def build() -> str:
        if hasattr(form, "csrf_token"):  # (no field when CSRF is off, as in most tests)
            form.csrf_token.current_token = shells.slot("csrf")
        slots = [shells.slot(f"s{index}") for index in range(len(suggestions))]
        if event.generated_names:
            form.nickname.data = slots[0] if slots else ""
        elif "nick" in values:
            form.nickname.data = shells.slot("nick")
        return render_template("quiz/join.html", event=event, form=form, over=over, suggestions=slots,
                               locked=False, forget=False)

    return shells.fill(shells.render(key, build), values)


@bp.get("/join/<code>/qr.svg")
def qr_code(code: str):
    event = _event_or_404(code)
    link = absolute_url_for("quiz.join", code=event.code)
    response = Response(qr.svg(link), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.post("/play/<code>/resume")
def resume(code: str):
    """A phone that lost its cookie but kept the token in localStorage gets its place back."""
    event = _event_or_404(code)
    token = request.form.get("token", "")
    if services.player_for_token(event, token) is None:
        if _was_removed(event, token):
            return _removed_page(event)
        _miss()
        flash(message("bad_token"), "error")
        return redirect(url_for("quiz.join", code=code, forget=1))
    return _with_player_cookie(redirect(url_for("quiz.play", code=code)), code, token)


@bp.get("/play/<code>")
@admission.joining
def play(code: str):
    event = _event_or_404(code)
    player = current_player(event)
    if player is None:
        return _removed_page(event) if _was_removed(event) else redirect(url_for("quiz.join", code=code))
    now = clock.now()
    questions = services.event_questions(event)
    answers = services.answers_of(player)
    # The public standings are one shared copy per event and second (standings.py), so a page
    # view never recomputes them; the phone's own line is looked up in that copy.
    board = standings.get_standings(event, public=True) if event.leaderboard == "show" else None
    me = board.rank_of(player.id) if board is not None else None
    score = sum(points for _ids, _correct, points in answers.values())
    token = request.cookies.get(cookie_name(code))
    context = dict(event=event, player=player, questions=questions, answers=answers, board=board, me=me,
                   score=score, over=services.is_over(event, now), now=now, token=token,
                   ranked_of=len(board.players) if board is not None else 0)
    if event.mode == "live":
        current = questions[event.current_position] if 0 <= event.current_position < len(questions) else None
        window = services.answer_window(event, event.current_position, now) if current else "not_open"
        left_ms = (max(0, int((event.question_ends_at - now).total_seconds() * 1000))
                   if current and event.question_ends_at and window is None else 0)
        revealed = services.revealed(event, now) or (current is not None and window is not None)
        live_context = dict(current=current, window=window, left_ms=left_ms, left_s=-(-left_ms // 1000),
                            revealed=revealed, version=live.version_of(event, now), server_now_ms=live.epoch_ms(now),
                            ends_at_ms=live.epoch_ms(event.question_ends_at) if current else 0)
        mine = answers.get(current[0]) if current else None
        if (event.phase == "lobby" or (current is not None and not revealed and mine is None)) and shells.usable():
            body = _play_shell(event, player, me, {**context, **live_context})
        else:
            body = render_template("quiz/play_live.html", **live_context, **context)
        response = make_response(body)
    else:
        window = services.answer_window(event, 0, now)
        left_ms = int((event.closes_at - now).total_seconds() * 1000) if event.closes_at and window is None else 0
        response = make_response(render_template("quiz/play_self.html", window=window, left_ms=left_ms,
                                                 **context))
    response.headers["Cache-Control"] = "no-store"
    return response


def _play_shell(event, player, me, context: dict) -> str:
    """The live play page from the shell of this state (web/quiz/shells.py) while it shows
    nothing of the phone but its header line: the lobby, or an open question it has not
    answered yet (its answer, a reveal or a leaderboard need the full render)."""
    ranked = me is not None and event.leaderboard == "show"
    values = {"token": context["token"] or "", "nick": player.nickname, "score": context["score"],
              "now": context["server_now_ms"], "left": context["left_ms"], "left_s": context["left_s"]}
    if player.class_label:
        values["class"] = player.class_label
    if ranked:
        values.update(rank=me["rank"], of=context["ranked_of"])
    key = ("play", event.id, event.code, current_language(), request.args.get("lang"), context["version"],
           event.phase, event.current_position, event.question_ends_at, context["window"], event.title,
           event.leaderboard, "class" in values, ranked)

    def build() -> str:
        placeholders = {name: shells.slot(name) for name in values}
        shell_player = SimpleNamespace(id=None, nickname=placeholders["nick"],
                                       class_label=placeholders.get("class"))
        shell_me = {"rank": placeholders["rank"]} if ranked else None
        return render_template("quiz/play_live.html", **{
            **context, "player": shell_player, "me": shell_me, "answers": {}, "token": placeholders["token"],
            "score": placeholders["score"], "server_now_ms": placeholders["now"], "left_ms": placeholders["left"],
            "left_s": placeholders["left_s"], "ranked_of": placeholders.get("of", 0)})

    return shells.fill(shells.render(key, build), values)


@bp.post("/play/<code>/answer")
@limiter.limit("120 per minute", key_func=lambda: request.cookies.get(cookie_name(request.view_args["code"]))
               or request.remote_addr or "unknown")
def answer(code: str):
    """The no-JavaScript path: one form per question, posted here; the first answer stands."""
    event = _event_or_404(code)
    player = current_player(event)
    if player is None:
        return _removed_page(event) if _was_removed(event) else redirect(url_for("quiz.join", code=code))
    question_id = request.form.get("question_id", "")
    try:
        result = services.submit_answer(event, player, question_id, request.form.getlist("choice"))
    except QuizError as exc:
        flash(message(exc.code), "error")
        return redirect(url_for("quiz.play", code=code, _anchor=f"q-{question_id}"), 303)
    db.session.commit()
    if not result.accepted:
        flash(message(result.reason), "warning")
    elif event.mode == "live":
        flash(_("Answer received."), "success")
    return redirect(url_for("quiz.play", code=code, _anchor=f"q-{question_id}"), 303)


@bp.get("/play/<code>/certificate")
def certificate(code: str):
    event = _event_or_404(code)
    player = current_player(event)
    if player is None:
        return redirect(url_for("quiz.join", code=code))
    score = sum(points for _ids, _correct, points in services.answers_of(player).values())
    return render_template("quiz/certificates.html", event=event,
                           people=[{"nickname": player.nickname, "score": score}], single=True)

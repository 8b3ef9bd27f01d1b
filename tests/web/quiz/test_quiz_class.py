"""Running a class (issue 15 item 2, issue 14 item 7): nicknames a school can trust, generated
nicknames only, the lobby list, removing a player, locking the lobby, class-vs-class."""

from __future__ import annotations

import re

from web.quiz import names, services, standings
from web.quiz.models import QuizAnswer, QuizEvent, QuizPlayer, QuizRemoval


def join_page(client, event, nickname, lang="zh", **extra):
    return client.post(f"/join?code={event.code}&lang={lang}", data={"nickname": nickname, **extra})


# ---- nicknames ------------------------------------------------------------------------------

def test_bypass_attempts_are_refused_in_the_pupils_language(client, frozen_now, make_event):
    event = make_event()
    for nickname, zh, en in [
        ("Fück", "请换一个更友好的昵称", "Please choose a friendlier nickname."),
        ("f.u.c.k", "请换一个更友好的昵称", "Please choose a friendlier nickname."),
        ("习 近 平", "请不要用真实人物", "Please do not use the name of a real person"),
        ("X1 J1nP1ng", "请不要用真实人物", "Please do not use the name of a real person"),
        ("ｔｒｕｍｐ", "请不要用真实人物", "Please do not use the name of a real person"),
    ]:
        zh_page = join_page(client.application.test_client(), event, nickname, "zh")
        en_page = join_page(client.application.test_client(), event, nickname, "en")
        assert zh_page.status_code == 400 and zh in zh_page.get_data(as_text=True), nickname
        assert en_page.status_code == 400 and en in en_page.get_data(as_text=True), nickname
    api = client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Xí Jìnpíng"})
    assert api.status_code == 400 and api.get_json()["error"]["field"] == "nickname"
    assert services.player_count(event) == 0
    for ordinary in ("Scunthorpe", "小明", "Dickens"):
        assert join_page(client.application.test_client(), event, ordinary).status_code == 302, ordinary


def test_every_generated_nickname_is_accepted_and_recognised():
    for adjective in names.ADJECTIVES:
        for noun in names.NOUNS:
            for name in (f"{adjective[0]}{noun[0]}", f"{adjective[1]} {noun[1]}", f"{adjective[1]} {noun[1]} 42"):
                assert names.problem(name) is None and names.is_generated(name), name
    assert not names.is_generated("Happy Scunthorpe") and not names.is_generated("快乐的小明")


def test_generated_nicknames_only(client, db, frozen_now, make_event):
    event = make_event(generated_names=True)
    page = client.get(f"/join?code={event.code}").get_data(as_text=True)
    offered = re.findall(r'type="radio" name="nickname" value="([^"]+)"', page)
    assert len(offered) == 4 and all(names.is_generated(name) for name in offered) and "换一批昵称" in page
    typed = join_page(client, event, "Anna", "en")
    assert typed.status_code == 400 and "please pick one of the suggested nicknames" in typed.get_data(as_text=True)
    assert join_page(client, event, offered[1]).status_code == 302
    assert db.session.query(QuizPlayer).one().nickname == offered[1]
    # The API: a typed name is refused; no name at all gets a generated one, in the pupil's language.
    typed = client.post(f"/api/v1/events/{event.code}/join?lang=en", json={"nickname": "Anna"})
    assert typed.status_code == 400 and "suggested nicknames" in typed.get_json()["error"]["message"]
    given = client.post(f"/api/v1/events/{event.code}/join?lang=en", json={})
    assert given.status_code == 201 and names.is_generated(given.get_json()["nickname"])
    assert given.get_json()["nickname"].isascii()


def test_the_event_form_offers_generated_nicknames_by_default(client, db, make_user, login, frozen_now):
    login(client, make_user("teacher"))
    form = client.get("/staff/quiz/new").get_data(as_text=True)
    assert re.search(r'<input checked id="generated_names"|<input[^>]*id="generated_names"[^>]*checked', form)
    client.post("/staff/quiz/new", data={
        "title": "三年级", "mode": "live", "count": "3", "question_seconds": "20", "leaderboard": "show",
        "generated_names": "y", "class_labels": "三(1)班\n三(2)班", "class_score": "total"})
    event = db.session.query(QuizEvent).one()
    assert event.generated_names and event.labels == ["三(1)班", "三(2)班"] and event.class_score == "total"


# ---- the lobby, removing a player, locking ------------------------------------------------------

def teacher_event(make_user, make_event, **options):
    teacher = make_user("teacher")
    return teacher, make_event(mode="live", teacher=teacher, **options)


def test_teacher_sees_the_lobby_list_live(client, db, make_user, login, frozen_now, make_event, join_api):
    teacher, event = teacher_event(make_user, make_event)
    login(client, teacher)
    empty = client.get(f"/staff/quiz/{event.id}").get_data(as_text=True)
    assert "已加入的选手" in empty and "还没有人加入" in empty and "lobby.js" in empty
    join_api(event, "Happy Otter")
    join_api(event, "Brave Frog")
    live = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
    assert [p["nickname"] for p in live["lobby"]] == ["Happy Otter", "Brave Frog"] and live["locked"] is False
    page = client.get(f"/staff/quiz/{event.id}?lang=en").get_data(as_text=True)
    assert "Happy Otter" in page and f"/staff/quiz/{event.id}/players/" in page and "Remove Happy Otter from" in page
    projector = client.get(f"/staff/quiz/{event.id}/projector").get_data(as_text=True)
    assert 'data-testid="projector-lobby"' in projector and "<li>Brave Frog</li>" in projector


def test_removing_a_player_deletes_their_answers_and_tells_their_phone(client, db, make_user, login, frozen_now,
                                                                        make_event, join_api):
    teacher, event = teacher_event(make_user, make_event)
    phone = client.application.test_client()
    assert join_page(phone, event, "Happy Otter").status_code == 302
    other = join_api(event, "Brave Frog")
    services.control(event, "start")
    db.session.commit()
    question = phone.get(f"/api/v1/events/{event.code}/live").get_json()["state"]["question"]
    token = phone.get_cookie(f"quiz_{event.code}").value
    mine = {"Authorization": "Bearer " + token}
    for headers in (mine, other):
        assert client.post(f"/api/v1/events/{event.code}/answers", headers=headers,
                           json={"question_id": question["id"], "choice_ids": ["a"]}).status_code == 201
    before = standings.get_standings(event, public=False)
    assert [p["nickname"] for p in before.players] == ["Brave Frog", "Happy Otter"]
    revision = event.revision

    login(client, teacher)
    player = db.session.query(QuizPlayer).filter_by(nickname="Happy Otter").one()
    response = client.post(f"/staff/quiz/{event.id}/players/{player.id}/remove", follow_redirects=True)
    assert response.status_code == 200 and "已将 Happy Otter 移出竞赛" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [p.nickname for p in db.session.query(QuizPlayer)] == ["Brave Frog"]
    assert db.session.query(QuizAnswer).count() == 1 and db.session.query(QuizRemoval).count() == 1
    assert db.session.get(QuizEvent, event.id).revision == revision + 1  # every phone's state is rebuilt
    after = standings.get_standings(db.session.get(QuizEvent, event.id), public=True)
    assert [p["nickname"] for p in after.players] == ["Brave Frog"]
    live = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
    assert [p["nickname"] for p in live["lobby"]] == ["Brave Frog"] and live["players"] == 1

    # The removed phone: told politely, in its language, on every page and in the API; no way back
    # with the same cookie (or its token).
    for path in (f"/play/{event.code}", f"/join?code={event.code}"):
        page = phone.get(path + ("&" if "?" in path else "?") + "lang=zh")
        assert page.status_code == 410 and "老师已将你移出本次竞赛" in page.get_data(as_text=True), path
    assert "removed you from this quiz" in phone.get(f"/play/{event.code}?lang=en").get_data(as_text=True)
    again = join_page(phone, event, "Happy Otter 2")
    assert again.status_code == 410 and services.player_count(event) == 1
    assert phone.post(f"/play/{event.code}/resume", data={"token": token}).status_code == 410
    for method, path, kwargs in [("get", "live", {}), ("get", "stream", {}), ("get", "state", {}),
                                 ("post", "answers", {"json": {"question_id": question["id"], "choice_ids": ["a"]}})]:
        api = getattr(phone, method)(f"/api/v1/events/{event.code}/{path}?lang=en", headers=mine, **kwargs)
        assert api.status_code == 410 and "removed you" in api.get_json()["error"]["message"], path
    # An unknown player id is a clear message, not a 500.
    gone = client.post(f"/staff/quiz/{event.id}/players/{player.id}/remove?lang=en", follow_redirects=True)
    assert "no longer in the quiz" in gone.get_data(as_text=True)


def test_locking_the_lobby_refuses_new_players_until_it_is_unlocked(client, db, make_user, login, frozen_now,
                                                                     make_event, join_api):
    teacher, event = teacher_event(make_user, make_event)
    join_api(event, "Happy Otter")
    login(client, teacher)
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "lock"})
    page = client.get(f"/staff/quiz/{event.id}").get_data(as_text=True)
    assert "已锁定：新选手不能加入。" in page and "解除锁定" in page
    pupil = client.application.test_client()
    zh = pupil.get(f"/join?code={event.code}").get_data(as_text=True)
    assert "老师已关闭本次竞赛的加入" in zh and 'name="nickname"' not in zh
    en = pupil.post(f"/join?code={event.code}&lang=en", data={"nickname": "Brave Frog"})
    assert en.status_code == 409 and "closed this quiz to new players" in en.get_data(as_text=True)
    api = pupil.post(f"/api/v1/events/{event.code}/join?lang=zh", json={"nickname": "Brave Frog"})
    assert api.status_code == 409 and "老师已关闭" in api.get_json()["error"]["message"]
    assert client.get(f"/staff/quiz/{event.id}/live.json").get_json()["locked"] is True
    assert client.get(f"/staff/quiz/{event.id}/projector").get_data(as_text=True).count("新选手不能加入") == 1
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "unlock"})
    assert join_page(pupil, event, "Brave Frog").status_code == 302 and services.player_count(event) == 2


def test_a_teacher_cannot_remove_from_or_lock_another_teachers_event(client, db, make_user, login, frozen_now,
                                                                     make_event, join_api):
    _owner, event = teacher_event(make_user, make_event)
    join_api(event, "Happy Otter")
    player = db.session.query(QuizPlayer).one()
    login(client, make_user("teacher"))
    assert client.post(f"/staff/quiz/{event.id}/players/{player.id}/remove").status_code == 404
    assert client.post(f"/staff/quiz/{event.id}/control", data={"action": "lock"}).status_code == 404
    db.session.expire_all()
    assert services.player_count(event) == 1 and db.session.get(QuizEvent, event.id).locked_at is None
    # A player of one event cannot be removed through another event of the same teacher.
    other_event = make_event(mode="live", teacher=_owner)
    owner_client = client.application.test_client()
    login(owner_client, _owner)
    assert owner_client.post(f"/staff/quiz/{other_event.id}/players/{player.id}/remove").status_code == 302
    assert services.player_count(event) == 1
    # Editors and anonymous visitors never reach it.
    anonymous = client.application.test_client()
    assert anonymous.post(f"/staff/quiz/{event.id}/players/{player.id}/remove").status_code == 302
    editor = client.application.test_client()
    login(editor, make_user("editor"))
    assert editor.post(f"/staff/quiz/{event.id}/players/{player.id}/remove").status_code == 403


def test_purging_the_event_forgets_removed_players_too(client, db, frozen_now, make_event, join_api):
    event = make_event()
    join_api(event, "Happy Otter")
    services.remove_player(event, db.session.query(QuizPlayer).one().id)
    db.session.commit()
    services.purge_event(event)
    db.session.commit()
    assert db.session.query(QuizRemoval).count() == 0


# ---- class-vs-class -------------------------------------------------------------------------

def test_pupils_must_pick_their_class(client, db, frozen_now, make_event):
    event = make_event(class_labels=["三(1)班", "三(2)班"])
    page = client.get(f"/join?code={event.code}").get_data(as_text=True)
    assert "选择你的班级" in page and "不选班级" not in page
    refused = join_page(client, event, "Happy Otter", "zh", class_label="")
    assert refused.status_code == 400 and "请选择你的班级。" in refused.get_data(as_text=True)
    api = client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Brave Frog"})
    assert api.status_code == 400 and api.get_json()["error"]["field"] == "class_label"
    assert join_page(client, event, "Happy Otter", "zh", class_label="三(2)班").status_code == 302


def test_projector_shows_the_class_board_average_or_total(client, db, make_user, login, frozen_now, make_event,
                                                          join_api):
    teacher = make_user("teacher")
    login(client, teacher)
    for class_score, expected, note in [("average", [("A", 1, 100.0), ("B", 2, 50.0), ("C", 3, 0)],
                                         "按人均得分排名"),
                                        ("total", [("A", 1, 100), ("B", 1, 100), ("C", 3, 0)], "按全班总分排名")]:
        event = make_event(mode="live", teacher=teacher, class_labels=["C", "A", "B"], class_score=class_score)
        phones = [join_api(event, "Happy Otter", "A"), join_api(event, "Brave Frog", "B"),
                  join_api(event, "Quiet Crab", "B")]
        services.control(event, "start")
        db.session.commit()
        question = client.get(f"/api/v1/events/{event.code}/live", headers=phones[0]).get_json()["state"]["question"]
        for headers, choice in zip(phones, ("a", "a", "b"), strict=True):
            client.post(f"/api/v1/events/{event.code}/answers", headers=headers,
                        json={"question_id": question["id"], "choice_ids": [choice]})
        live = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
        assert [(c["label"], c["rank"], c["score"]) for c in live["classes"]] == expected, class_score
        assert live["class_score"] == class_score
        projector = client.get(f"/staff/quiz/{event.id}/projector?lang=zh").get_data(as_text=True)
        assert 'data-testid="class-board"' in projector and note in projector
        en = client.get(f"/staff/quiz/{event.id}/projector?lang=en").get_data(as_text=True)
        assert ("Ranked by the average score per player" if class_score == "average"
                else "Ranked by the total score of each class") in en
        teacher_page = client.get(f"/staff/quiz/{event.id}?lang=en").get_data(as_text=True)
        assert "Average score" in teacher_page and "Total score" in teacher_page  # the teacher sees both


def test_a_held_open_stream_of_a_removed_player_ends_and_the_reconnect_is_refused(client, db, frozen_now, make_event,
                                                                                    join_api):
    from web.quiz import live

    event = make_event(mode="live")
    removed, staying = join_api(event, "Happy Otter"), join_api(event, "Brave Frog")
    services.control(event, "start")
    db.session.commit()
    players = {p.nickname: p.id for p in db.session.query(QuizPlayer)}
    channel = live.Channel(event.id)
    channel.ensure(event)
    streams = {name: live.stream(channel, pid, "en", None) for name, pid in players.items()}
    for body in streams.values():
        assert next(body).startswith("retry: ") and next(body).startswith("id: ")
    services.remove_player(event, players["Happy Otter"])
    db.session.commit()
    channel.ensure(event)  # the watcher's rebuild after the teacher's change
    assert '"me":null' in next(streams["Happy Otter"])  # the new state, then the stream ends
    assert next(streams["Happy Otter"], "ended") == "ended"
    assert channel.me(players["Brave Frog"]) is not None  # the others' streams carry on
    assert next(streams["Brave Frog"]).startswith("id: ")
    reconnect = client.get(f"/api/v1/events/{event.code}/stream", headers=removed)
    assert reconnect.status_code == 410
    assert client.get(f"/api/v1/events/{event.code}/stream", headers=staying).status_code == 200

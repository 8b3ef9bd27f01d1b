"""The classroom projector: a page of its own (no site menu, footer or chat), the teacher's
buttons kept apart from what the class sees, the reveal that marks only the right choice,
and the results with the podium."""

from __future__ import annotations

import re

from conftest import T0

from web.quiz import services


def _live_event(client, db, make_user, login, make_event, join_api, players=("Happy Otter", "Brave Frog")):
    teacher = make_user("teacher")
    event = make_event(mode="live", teacher=teacher, question_seconds=20,
                       question_ids=("tariff-highest", "home-brushing"))
    phones = [join_api(event, name) for name in players]
    login(client, teacher)
    return event, phones


def _stage(client, event, lang="en") -> str:
    response = client.get(f"/staff/quiz/{event.id}/projector?lang={lang}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _outside_controls(page: str) -> str:
    before, _, rest = page.partition('<nav class="stage-controls"')
    return before + rest.partition("</nav>")[2]


def test_the_projector_has_no_site_menu_and_its_buttons_apart(client, db, frozen_now, make_user, login, make_event,
                                                              join_api):
    event, _phones = _live_event(client, db, make_user, login, make_event, join_api)
    for lang in ("zh", "en"):
        page = _stage(client, event, lang)
        for site_part in ('class="main-nav"', 'class="site-header"', 'class="site-footer"', "chat.js", "skip-link"):
            assert site_part not in page, site_part
        assert "stage.css" in page and "projector.js" in page
        # Every button and link is inside the teacher's controls, which the class does not see.
        assert not re.search(r"<(button|a|form)\b", _outside_controls(page))
        assert 'class="stage-fullscreen' in page
    lobby = _stage(client, event)
    assert 'class="stage-qr"' in lobby and f"{event.code[:3]} {event.code[3:]}" in lobby
    assert "Start the quiz" in lobby


def test_the_reveal_marks_only_the_right_choice(client, db, frozen_now, make_user, login, make_event, join_api):
    event, phones = _live_event(client, db, make_user, login, make_event, join_api)
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "start"})
    question = client.get(f"/api/v1/events/{event.code}/state", headers=phones[0]).get_json()["question"]
    client.post(f"/api/v1/events/{event.code}/answers", headers=phones[0],
                json={"question_id": question["id"], "choice_ids": ["c"]})  # tier 3: right
    client.post(f"/api/v1/events/{event.code}/answers", headers=phones[1],
                json={"question_id": question["id"], "choice_ids": ["a"]})
    open_page = _stage(client, event)
    assert open_page.count('class="stage-choice"') == 3 and "stage-choice--right" not in open_page
    assert 'class="quiz-answered">2<' in open_page and "stage-explain\" hidden" in open_page
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "end_question"})
    frozen_now(T0 + services.ANSWER_GRACE)
    for lang in ("zh", "en"):
        page = _stage(client, event, lang)
        assert page.count("stage-choice--right") == 1 and page.count("stage-choice--dim") == 2
        assert "wrong" not in page and "error" not in _outside_controls(page)
        right = re.search(r'<li class="stage-choice stage-choice--right">(.*?)</li>', page, re.S).group(1)
        assert '<strong class="stage-count">1</strong>' in right
        assert "(correct answer)" in right or "（正确答案）" in right
    live = client.get(f"/staff/quiz/{event.id}/live.json?lang=en").get_json()
    assert [d["correct"] for d in live["distribution"]] == [False, False, True] and live["explanation"]


def test_the_results_screen_has_the_podium_and_the_next_places(client, db, frozen_now, make_user, login, make_event,
                                                               join_api):
    names = ("Happy Otter", "Brave Frog", "Quiet Crab", "Calm Heron", "Swift Koi")
    event, phones = _live_event(client, db, make_user, login, make_event, join_api, players=names)
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "start"})
    question = client.get(f"/api/v1/events/{event.code}/state", headers=phones[0]).get_json()["question"]
    client.post(f"/api/v1/events/{event.code}/answers", headers=phones[0],
                json={"question_id": question["id"], "choice_ids": ["c"]})
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "finish"})
    page = _stage(client, event)
    assert "Results" in page and 'class="stage-choice' not in page
    first = re.search(r'<li class="quiz-place quiz-place--1">(.*?)</li>', page, re.S).group(1)
    assert "Happy Otter" in first and "100 points" in first
    assert "quiz-place--2" in page  # the four tied at 0 share second place
    zh = _stage(client, event, "zh")
    assert "成绩" in zh and "100 分" in zh and "参与人数：" in zh

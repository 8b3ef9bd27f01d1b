"""A self-paced quiz page without JavaScript: time left with its unit, progress, the score,
the end screen with every explanation, and what it says when the teacher closed it early."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import T0

from web.quiz import countdown


@pytest.mark.parametrize(("left_ms", "unit", "numbers"), [
    (0, "seconds", {"seconds": 0}),
    (1, "seconds", {"seconds": 1}),
    (59_000, "seconds", {"seconds": 59}),
    (59_001, "minutes", {"minutes": 1}),
    (60_000, "minutes", {"minutes": 1}),
    (60_001, "minutes", {"minutes": 2}),
    (19 * 60_000 + 30_000, "minutes", {"minutes": 20}),  # rounded up, as a countdown is
    (59 * 60_000, "minutes", {"minutes": 59}),
    (59 * 60_000 + 1, "hours", {"hours": 1, "minutes": 0}),
    (47 * 3_600_000 + 59 * 60_000, "hours", {"hours": 47, "minutes": 59}),
    (48 * 3_600_000, "days", {"days": 2, "hours": 0}),
    (3 * 86_400_000 + 5 * 3_600_000, "days", {"days": 3, "hours": 5}),
])
def test_time_left_is_rounded_up_in_the_largest_sensible_unit(left_ms, unit, numbers):
    assert countdown.parts(left_ms) == (unit, numbers)


@pytest.mark.parametrize(("lang", "left", "expected"), [
    ("zh", dt.timedelta(minutes=20), "还剩 20 分钟"),
    ("en", dt.timedelta(minutes=20), "20 min left"),
    ("zh", dt.timedelta(seconds=45), "还剩 45 秒"),
    ("en", dt.timedelta(seconds=45), "45 s left"),
    ("zh", dt.timedelta(hours=3), "还剩 3 小时 0 分钟"),
    ("en", dt.timedelta(days=3), "3 days 0 h left"),
])
def test_the_page_shows_time_left_with_its_unit(client, frozen_now, make_event, lang, left, expected):
    event = make_event(closes_at=T0 + left)
    client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    page = client.get(f"/play/{event.code}?lang={lang}").get_data(as_text=True)
    clock = re.search(r'<span class="quiz-clock"[^>]*>([^<]*)</span>', page).group(1)
    assert clock == expected


def _question_ids(page: str) -> list[str]:
    return re.findall(r'name="question_id" value="(\d+)"', page)


def test_progress_and_score_then_the_end_screen_with_every_explanation(client, frozen_now, make_event):
    event = make_event()  # three questions; the first choice of the first is right
    client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    page = client.get(f"/play/{event.code}?lang=en").get_data(as_text=True)
    assert "0 / 3 answered" in page and "Score: 0" in page and 'id="quiz-end"' not in page
    ids = _question_ids(page)
    client.post(f"/play/{event.code}/answer", data={"question_id": ids[0], "choice": "a"})
    page = client.get(f"/play/{event.code}?lang=zh").get_data(as_text=True)
    assert "已答 1 / 3 题" in page and "得分：100" in page
    client.post(f"/play/{event.code}/answer", data={"question_id": ids[1], "choice": "d"})
    end = client.post(f"/play/{event.code}/answer", data={"question_id": ids[2], "choice": "false"},
                      follow_redirects=True).get_data(as_text=True)
    # The last answer lands on the end screen: the result and each question's explanation.
    assert 'id="quiz-end"' in end and "你已经答完了所有题目" in end
    assert "form" not in end.split('id="quiz-end"')[1].split("</section>")[0]
    assert end.count('class="quiz-explain"') == 3 and end.count('class="quiz-recap-answer"') == 3
    assert f'id="q-{ids[2]}"' in end  # the no-JS redirect's anchor still lands on the last question
    assert "quiz-clock" not in end  # nothing left to count down


def test_a_quiz_the_teacher_closed_early_says_so(client, db, frozen_now, make_event, make_user, login):
    teacher = make_user("teacher")
    event = make_event(teacher=teacher, minutes=30)
    student = client.application.test_client()
    student.post(f"/join?code={event.code}", data={"nickname": "Brave Frog"})
    frozen_now(T0 + dt.timedelta(minutes=5))
    login(client, teacher)
    assert client.post(f"/staff/quiz/{event.id}/control", data={"action": "close"}).status_code == 302
    for lang, text in (("en", "Your teacher closed this quiz at 2026-03-22 17:05."),
                       ("zh", "老师已于 2026-03-22 17:05 结束了本次竞赛。")):
        page = student.get(f"/play/{event.code}?lang={lang}").get_data(as_text=True)
        assert text in page and 'id="quiz-end"' in page and 'data-watch="no"' in page
    # A quiz that closed at its time does not blame the teacher.
    other = make_event(minutes=1)
    student.post(f"/join?code={other.code}", data={"nickname": "Brave Frog"})
    frozen_now(T0 + dt.timedelta(minutes=10))
    page = student.get(f"/play/{other.code}?lang=en").get_data(as_text=True)
    assert "This quiz has finished" in page and "Your teacher closed" not in page


def test_the_live_channel_of_a_self_paced_quiz_says_finished_once_closed(client, frozen_now, make_event, join_api,
                                                                        make_user, login):
    teacher = make_user("teacher")
    event = make_event(teacher=teacher)
    headers = join_api(event)
    before = client.get(f"/api/v1/events/{event.code}/live", headers=headers)
    assert before.status_code == 200 and before.get_json()["state"]["phase"] != "finished"
    login(client, teacher)
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "close"})
    after = client.get(f"/api/v1/events/{event.code}/live",
                       headers={**headers, "If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["state"]["phase"] == "finished"

"""A picture per question: uploaded, checked and re-encoded by the campaign covers' function
(web.campaigns.images.store), described in both languages, shown on the play page and in the
API, and removable."""

from __future__ import annotations

import io
import re

import bank_fixtures
import pytest
from PIL import Image

from web.quiz.bank_models import BankQuestion
from web.quiz.models import QuizEvent

make_bank = bank_fixtures.make_bank  # the fixture, for this module


def image_bytes(fmt="PNG", size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, fmt)
    return out.getvalue()


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "INSTANCE_DIR", str(tmp_path))
    return tmp_path / "uploads" / "quiz"


def form(**fields):
    data = {"kind": "single", "topic": "home", "grades": ["junior"], "text_zh": "图中哪种做法更节水？",
            "text_en": "Which one in the picture saves water?", "choice_1_zh": "淋浴", "choice_1_en": "A shower",
            "choice_2_zh": "泡澡", "choice_2_en": "A bath", "correct": ["1"], "tolerance": "0",
            "image_alt_zh": "一个淋浴喷头", "image_alt_en": "A shower head"}
    data.update(fields)
    return data


def test_a_picture_is_stored_reencoded_and_shown_to_students(client, db, make_user, login, make_bank, uploads,
                                                            frozen_now, join_api):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    response = client.post(f"/staff/quiz/banks/{bank.id}/questions/new",
                           data=form(image=(io.BytesIO(image_bytes("JPEG")), "photo.jpg")),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    question = db.session.query(BankQuestion).one()
    assert re.fullmatch(r"[a-f0-9]{32}\.jpg", question.image) and question.image_alt_en == "A shower head"
    stem = question.image.rsplit(".", 1)[0]
    assert (uploads / question.image).exists() and (uploads / f"{stem}-page.jpg").exists()
    media = client.get(f"/quiz/media/{stem}-page.jpg")
    assert media.status_code == 200 and media.headers["Content-Security-Policy"] == "default-src 'none'"
    assert client.get("/quiz/media/..%2Fsecret.jpg").status_code == 404

    client.post("/staff/quiz/new", data={"title": "Pictures", "mode": "self_paced", "count": "5",
                                         "question_seconds": "20", "closes_at": "2026-03-22T18:00",
                                         "leaderboard": "show", "bank": f"own-{bank.id}"})
    event = db.session.query(QuizEvent).one()
    student = client.application.test_client()
    student.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    page = student.get(f"/play/{event.code}?lang=en").get_data(as_text=True)
    assert f'src="/quiz/media/{stem}-page.jpg" alt="A shower head"' in page
    phone = join_api(event, "Brave Frog")
    state = client.get(f"/api/v1/events/{event.code}/state?lang=zh", headers=phone).get_json()
    assert state["questions"][0]["image"] == f"/quiz/media/{stem}-page.jpg"
    assert state["questions"][0]["image_alt"] == "一个淋浴喷头"

    edit = f"/staff/quiz/banks/{bank.id}/questions/{question.id}"
    client.post(edit, data=form(remove_image="y"), content_type="multipart/form-data")
    db.session.refresh(question)
    assert question.image is None and question.image_alt_zh == ""
    assert student.get(f"/play/{event.code}").status_code == 200  # the event keeps its own copy


@pytest.mark.parametrize("data, name, english, chinese", [
    (b"<html><script>alert(1)</script></html>", "x.jpg", "not a JPEG, PNG or WebP", "不是 JPEG、PNG 或 WebP 图片"),
    (image_bytes() + b"<script>alert(1)</script>", "x.png", "more than an image", "除了图片还有其他内容"),
    (b"\xff\xd8\xff broken", "x.jpg", "could not be read", "无法读取"),
])
def test_bad_files_are_refused_like_campaign_covers(client, db, make_user, login, make_bank, uploads,
                                                    data, name, english, chinese):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    for lang, expected in (("en", english), ("zh", chinese)):
        response = client.post(f"/staff/quiz/banks/{bank.id}/questions/new?lang={lang}",
                               data=form(image=(io.BytesIO(data), name)), content_type="multipart/form-data")
        assert response.status_code == 400 and expected in response.get_data(as_text=True), expected
    assert db.session.query(BankQuestion).count() == 0


def test_a_picture_needs_its_description_in_both_languages(client, db, make_user, login, make_bank, uploads):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    response = client.post(f"/staff/quiz/banks/{bank.id}/questions/new?lang=en",
                           data=form(image=(io.BytesIO(image_bytes()), "p.png"), image_alt_en=""),
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "Describe the picture in Chinese and English" in response.get_data(as_text=True)
    assert db.session.query(BankQuestion).count() == 0
    assert not uploads.exists() or not any(uploads.iterdir())  # the refused upload left no file behind

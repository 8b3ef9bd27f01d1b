"""Staff FAQ pages: who writes, who approves, the prefill from a resident's question, and
that nothing is written into the repository's content/ at run time."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

CONTENT_FAQ = Path(__file__).resolve().parents[3] / "content" / "faq"
FORM = {"slug": "water-outage", "questions_zh": "小区停水了吗\n停水怎么办", "questions_en": "Is the water off?",
        "answer_zh": "请拨打12345。", "answer_en": "Call 12345.", "source_title": "Shanghai Daily (12345)",
        "source_url": "https://archive.shine.cn/"}


def asked(db, question, lang="zh"):
    from web.chat import services

    row = services.record_exchange("resident-token", question, lang, services.BotAnswer(fallback=True))
    db.session.commit()
    return row


def content_files() -> dict[str, float]:
    return {path.name: path.stat().st_mtime for path in CONTENT_FAQ.glob("*")}


def test_district_editor_answers_a_question_with_an_approved_entry(client, make_user, login, db):
    from web.chat import questions
    from web.faq.models import FaqEntry

    before = content_files()
    question = asked(db, "小区停水了吗？")
    login(client, make_user("editor"))
    form = client.get(f"/staff/faq/new?from={question.id}&lang=en").get_data(as_text=True)
    assert "小区停水了吗？" in form and "Remove anything personal" in form
    response = client.post(f"/staff/faq/new?from={question.id}", data={**FORM, "approve": "y"})
    assert response.status_code == 302
    row = db.session.scalar(select(FaqEntry))
    assert row.status == "approved" and row.questions("zh") == ["小区停水了吗", "停水怎么办"]
    page = client.get("/faq?lang=en").get_data(as_text=True)
    assert "Is the water off?" in page and "Call 12345." in page and "Shanghai Daily (12345)" in page
    assert client.get("/faq/water-outage?lang=en").status_code == 200
    [group] = questions.unanswered_questions()
    assert group.status == "answered_by_faq" and group.faq_entry_id == row.id
    assert content_files() == before  # nothing written into the repository
    again = client.post("/staff/faq/new?lang=en", data=FORM)
    assert again.status_code == 400 and "already exists" in again.get_data(as_text=True)


def test_street_editor_writes_drafts_and_cannot_read_residents_questions(client, make_user, login, db):
    from web.faq.models import FaqEntry

    question = asked(db, "我家的水表号是123456，帮我查查")
    login(client, make_user("editor", street="wanli"))
    assert client.get(f"/staff/faq/new?from={question.id}").status_code == 403
    assert client.post(f"/staff/faq/new?from={question.id}", data=FORM).status_code == 403
    form = client.get("/staff/faq/new?lang=en").get_data(as_text=True)
    assert 'name="approve"' not in form and "saved as a draft" in form
    assert client.post("/staff/faq/new", data={**FORM, "approve": "y"}).status_code == 302
    row = db.session.scalar(select(FaqEntry))
    assert row.status == "draft"
    assert "Is the water off?" not in client.get("/faq?lang=en").get_data(as_text=True)
    assert client.get("/faq/water-outage").status_code == 404
    assert client.get("/api/v1/faq/search?q=小区停水了吗&lang=zh").get_json()["match"] is None
    assert client.post(f"/staff/faq/{row.id}/status", data={"status": "approved"}).status_code == 403
    client.post("/staff/logout")

    login(client, make_user("admin"))
    assert client.post(f"/staff/faq/{row.id}/status", data={"status": "approved"}).status_code == 302
    assert "Is the water off?" in client.get("/faq?lang=en").get_data(as_text=True)
    assert client.get("/api/v1/faq/search?q=小区停水了吗&lang=zh").get_json()["match"]["id"] == row.id
    assert client.post(f"/staff/faq/{row.id}/status", data={"status": "draft"}).status_code == 302
    assert client.get("/api/v1/faq/search?q=小区停水了吗&lang=zh").get_json()["match"] is None


def test_form_errors_keep_what_was_typed(client, make_user, login):
    login(client, make_user("editor"))
    response = client.post("/staff/faq/new?lang=en", data={
        "slug": "Not A Slug", "questions_zh": "问题", "questions_en": "", "answer_zh": "回答", "answer_en": "Answer",
        "source_title": "Src", "source_url": "javascript:alert(1)"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="slug-error"' in page and 'id="questions_en-error"' in page and 'id="source_url-error"' in page
    assert "回答" in page


def test_access(client, make_user, login, make_faq):
    entry = make_faq("x-entry", ["问题"], ["Question"], status="draft")
    for url in ("/staff/faq/", "/staff/faq/new"):
        assert "/staff/login" in client.get(url).headers["Location"]
    assert "/staff/login" in client.post(f"/staff/faq/{entry.id}/status", data={"status": "approved"}).headers["Location"]
    login(client, make_user("teacher"))
    assert client.get("/staff/faq/").status_code == 403
    assert client.post(f"/staff/faq/{entry.id}/status", data={"status": "approved"}).status_code == 403
    old = client.get("/staff/campaigns/faq/new?from=7")
    assert old.status_code == 301 and old.headers["Location"].endswith("/staff/faq/new?from=7")


def test_prefill_of_a_missing_or_bad_question_is_a_404(client, make_user, login):
    login(client, make_user("admin"))
    assert client.get("/staff/faq/new?from=999999").status_code == 404
    assert client.get("/staff/faq/new?from=9" * 3).status_code == 404
    assert client.get("/staff/faq/new?from=" + "9" * 30).status_code == 404


def test_answers_link_the_sites_own_paths_and_nothing_else(client, make_faq):
    make_faq("links", ["问题"], ["Question"], answer_en="Use the calculator (/bill) or <script>x</script> /etc/passwd.")
    page = client.get("/faq/links?lang=en").get_data(as_text=True)
    assert '<a href="/bill">/bill</a>' in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page and 'href="/etc' not in page


def test_editing_entries(client, make_user, login, db, make_faq):
    seeded = make_faq("hotlines", ["供水热线是多少"], ["What is the water hotline"], seed_digest="abc")
    street = make_user("editor", street="wanli")
    login(client, street)
    assert client.get(f"/staff/faq/{seeded.id}/edit").status_code == 403  # approved: only approvers edit
    client.post("/staff/faq/new", data=FORM)
    from web.faq.models import FaqEntry

    draft = db.session.scalar(select(FaqEntry).where(FaqEntry.slug == "water-outage"))
    form = client.get(f"/staff/faq/{draft.id}/edit?lang=en").get_data(as_text=True)
    assert "Edit FAQ entry" in form and "小区停水了吗\n停水怎么办" in form
    assert client.post(f"/staff/faq/{draft.id}/edit", data={**FORM, "answer_en": "Call 12345 (24 hours)."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(FaqEntry, draft.id).answer_en == "Call 12345 (24 hours)." and draft.status == "draft"
    client.post("/staff/logout")
    login(client, make_user("admin"))
    taken = client.post(f"/staff/faq/{seeded.id}/edit?lang=en", data={**FORM, "slug": "water-outage"})
    assert taken.status_code == 400 and "already exists" in taken.get_data(as_text=True)
    variants = {**FORM, "slug": "hotlines", "questions_zh": "供水热线是多少\n自来水公司电话多少"}
    assert client.post(f"/staff/faq/{seeded.id}/edit", data=variants).status_code == 302
    db.session.expire_all()
    row = db.session.get(FaqEntry, seeded.id)
    assert row.status == "approved" and row.edited_by_staff and row.questions("zh")[1] == "自来水公司电话多少"
    assert client.get("/api/v1/faq/search?q=自来水公司电话多少&lang=zh").get_json()["match"]["id"] == seeded.id
    assert client.get("/staff/faq/999999/edit").status_code == 404


def test_the_pages_say_what_approval_does_and_never_training(client, make_user, login):
    login(client, make_user("admin"))
    form = client.get("/staff/faq/new?lang=en").get_data(as_text=True)
    assert "answered by the assistant when a resident's question matches" in form and "search, not training" in form
    for page in (form, client.get("/faq?lang=en").get_data(as_text=True)):
        assert "trains" not in page and "trained" not in page

"""A small but complete site in the database: staff of every role, a live campaign with an
event, registrations, pledges and a cover image, an FAQ entry, a chat question, and two quiz
events (self-paced and live) with players and answers. Used by tests that visit every page.

Built through each feature's own services where they exist, so the data is what the site
itself would store.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field

from tests.support import TEST_PASSWORD

ROLES = ("teacher", "editor", "admin")


@dataclass
class SampleSite:
    users: dict = field(default_factory=dict)  # role → User
    campaign: object = None
    campaign_event: object = None
    registration: object = None
    tally: object = None
    faq_entry: object = None
    chat_exchange: object = None
    self_paced: object = None
    live: object = None
    media_name: str = ""
    bank: object = None  # a teacher's own question bank (one question of each type)
    player_tokens: dict = field(default_factory=dict)  # quiz code → a player's token


def build(app, db) -> SampleSite:
    from core import quiz as core_quiz
    from web import clock
    from web.accounts import services as accounts
    from web.campaigns import images, participation
    from web.campaigns.models import Campaign, CampaignEvent
    from web.campaigns.views import uploads_folder
    from web.chat import services as chat
    from web.faq.models import FaqEntry
    from web.quiz import services as quiz

    site = SampleSite()
    now = clock.now()
    for role in ROLES:
        site.users[role] = accounts.create_user(f"sample-{role}", TEST_PASSWORD, role)

    with app.test_request_context():
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (20, 120, 200)).save(buffer, "PNG")
        site.media_name = images.store(buffer.getvalue(), uploads_folder())

    site.campaign = Campaign(
        slug="sample-week", title_zh="节水周", title_en="Water week", summary_zh="摘要", summary_en="Summary",
        body_zh="## 正文\n\n节约用水。", body_en="## Body\n\nSave water.", street=None,
        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=6), published=True,
        goal_pledges=100, pledge_actions=json.dumps(["fix_drip", "shorter_shower"]),
        cover_image=site.media_name, cover_alt_zh="封面", cover_alt_en="Cover", created_at=now, updated_at=now)
    db.session.add(site.campaign)
    db.session.flush()
    site.campaign_event = CampaignEvent(
        campaign_id=site.campaign.id, title_zh="讲座", title_en="Talk", place_zh="活动室", place_en="Activity room",
        starts_at=now + dt.timedelta(days=1), ends_at=now + dt.timedelta(days=1, hours=1), capacity=5,
        phone_reason_zh="通知变更", phone_reason_en="To tell you of changes")
    db.session.add(site.campaign_event)
    db.session.flush()
    site.registration = participation.register(site.campaign_event, participation.new_token(), "小明", "13800000000")
    site.tally = participation.add_tally(site.campaign, source="sheet", street="changshoulu", count=3, actions=["fix_drip"],
                                         note="样例", day=now.date(), user=None)
    participation.pledge(site.campaign, participation.new_token(), "changshoulu", ["fix_drip"])

    site.faq_entry = FaqEntry(
        slug="sample-faq", questions_zh=json.dumps(["怎么查水费？"], ensure_ascii=False),
        questions_en=json.dumps(["How do I check my bill?"]), answer_zh="看账单。", answer_en="Read the bill.",
        source_title="上海市水务局", source_url="https://swj.sh.gov.cn/", created_by="sample-editor",
        status="approved", created_at=now, updated_at=now)
    db.session.add(site.faq_entry)
    site.chat_exchange = chat.record_exchange("sample-sender", "洗澡用多少水？", "zh",
                                              chat.BotAnswer(replies=[], intent="nlu_fallback", confidence=0.2,
                                                             fallback=True))

    questions = list(core_quiz.all_questions().values())[:3]
    teacher = site.users["teacher"]
    from tests.web.quiz.bank_fixtures import PLAIN
    from web.quiz import bank as banks

    site.bank = banks.create_bank(teacher, "我的题库")
    for plain in PLAIN.values():
        banks.add_question(site.bank, banks.clean(plain))
    questions.append(banks.to_core(site.bank.questions[-1]))  # numeric: last, never answered below
    site.self_paced = quiz.create_event(title="自主测验", mode="self_paced", questions=questions,
                                        teacher_id=teacher.id, opens_at=now - dt.timedelta(minutes=5),
                                        closes_at=now + dt.timedelta(hours=1), class_labels=["三(1)班"])
    site.live = quiz.create_event(title="现场测验", mode="live", questions=questions, teacher_id=teacher.id)
    for event in (site.self_paced, site.live):
        for number, nickname in enumerate(("Happy Otter", "Quiet River")):
            player, token = quiz.join(event, nickname, "三(1)班" if event is site.self_paced else None)
            site.player_tokens.setdefault(event.code, token)
            if event is site.self_paced:
                for eq_id, _position, data in quiz.event_questions(event)[: 2 + number]:
                    choice = data["choices"][0]["id"]
                    quiz.submit_answer(event, player, eq_id, [choice])
    db.session.commit()
    return site

"""Question-bank factories: `make_bank(owner, shared=False, questions=[plain, …])` stores a
teacher's bank through the same service the editor uses; `PLAIN` holds one valid question of
each type (the plain shape of web/quiz/bank.py). Import the fixtures into a test module."""

from __future__ import annotations

import copy

import pytest

BASE = {"topic": "home", "grades": ["junior"], "explanation": {"zh": "因为节水。", "en": "Because it saves water."},
        "source": {"title": "", "url": ""}, "seconds": None}
PLAIN = {
    "single": {**BASE, "kind": "single", "text": {"zh": "哪种做法更节水？", "en": "Which saves more water?"},
               "choices": [{"zh": "淋浴", "en": "A shower", "correct": True},
                           {"zh": "泡澡", "en": "A bath", "correct": False}]},
    "multi": {**BASE, "kind": "multi", "text": {"zh": "哪些做法节水？", "en": "Which ones save water?"},
              "choices": [{"zh": "关紧水龙头", "en": "Turn the tap off", "correct": True},
                          {"zh": "修好漏水", "en": "Fix leaks", "correct": True},
                          {"zh": "长时间冲洗", "en": "Rinse for long", "correct": False}]},
    "true_false": {**BASE, "kind": "true_false", "text": {"zh": "刷牙时关水龙头能节水。",
                                                          "en": "Turning the tap off while brushing saves water."},
                   "answer": True},
    "numeric": {**BASE, "kind": "numeric", "text": {"zh": "一个水龙头每分钟流出6升水，5分钟流出多少升？",
                                                    "en": "A tap runs 6 litres a minute. How many litres in 5 minutes?"},
                "numeric": {"value": "30", "tolerance": "0.5", "unit": {"zh": "升", "en": "litres"}},
                "seconds": 45},
}


def plain(kind: str, **changes) -> dict:
    value = copy.deepcopy(PLAIN[kind])
    value.update(changes)
    return value


@pytest.fixture
def make_bank(app, db):
    from web.quiz import bank

    def make(owner, title="我的题库", shared=False, kinds=("single", "multi", "true_false", "numeric")):
        item = bank.create_bank(owner, title, shared)
        for kind in kinds:
            bank.add_question(item, bank.clean(plain(kind)))
        db.session.commit()
        return item

    return make

"""The staff home says who is signed in in plain words: the role's name and the street's name,
never the codes stored in the database (admin, teacher, changshoulu)."""

import re

import pytest


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.mark.parametrize(("role", "street", "lang", "words", "codes"), [
    ("admin", None, "en", "(Administrator)", ["(admin)"]),
    ("teacher", None, "zh", "（教师）", ["teacher"]),
    ("editor", "changshoulu", "zh", "（社区编辑，长寿路街道）", ["changshoulu", "editor"]),
    ("editor", "changshoulu", "en", "(Community editor, Changshou Road Subdistrict)", ["changshoulu", "(editor"]),
])
def test_staff_home_names_role_and_street(client, make_user, login, role, street, lang, words, codes):
    user = make_user(role, street=street)
    login(client, user)
    body = text_of(client.get(f"/staff/?lang={lang}"))
    assert words in body
    shown = body.replace(user.username, "")
    for code in codes:
        assert code not in shown

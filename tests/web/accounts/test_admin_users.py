"""Admins manage staff from the browser: role and street, deactivate and reactivate, force a
password reset, and read what was changed in plain words. Nobody else may."""

from __future__ import annotations

import pytest

from tests.support import TEST_PASSWORD


@pytest.fixture
def admin_client(app, make_user, login):
    admin = make_user("admin", username="chief")
    client = app.test_client()
    login(client, admin)
    return client


def test_an_admin_changes_role_and_street_and_the_person_signs_in_again(app, admin_client, make_user, login, db):
    teacher = make_user("teacher", username="wang")
    their_client = app.test_client()
    login(their_client, teacher)
    response = admin_client.post(f"/staff/users/{teacher.id}?lang=en",
                                 data={"role": "editor", "street": "wanli", "display_name": "Wang Li"})
    assert response.status_code == 302
    db.session.refresh(teacher)
    assert (teacher.role, teacher.street, teacher.display_name) == ("editor", "wanli", "Wang Li")
    assert their_client.get("/staff/").status_code == 302  # rights changed: signed out
    page = admin_client.get("/staff/users?lang=zh").get_data(as_text=True)
    assert "万里街道" in page and "wanli" not in page.replace('value="wanli"', "")  # street names, not slugs
    assert "社区编辑" in page or "编辑" in page
    audit = admin_client.get("/staff/audit?lang=en").get_data(as_text=True)
    assert "chief changed the role, street or town, display name of wang" in audit


def test_an_unknown_street_is_refused_in_the_form_and_the_cli(app, admin_client, make_user, db):
    teacher = make_user("teacher", username="li")
    response = admin_client.post(f"/staff/users/{teacher.id}?lang=en", data={"role": "editor", "street": "caojiadu"})
    assert response.status_code == 400
    result = app.test_cli_runner().invoke(args=["staff", "create-user", "ed1", "--role", "editor",
                                                "--street", "caojiadu", "--password", "a long enough passphrase 42"])
    assert result.exit_code != 0 and "unknown street" in result.output


def test_deactivated_staff_are_signed_out_and_cannot_sign_in_until_reactivated(app, admin_client, make_user, login, db):
    editor = make_user("editor", username="zhao", street="wanli")
    their_client = app.test_client()
    login(their_client, editor)
    assert admin_client.post(f"/staff/users/{editor.id}/active", data={"active": "0"}).status_code == 302
    assert their_client.get("/staff/").status_code == 302
    refused = app.test_client().post("/staff/login", data={"username": "zhao", "password": TEST_PASSWORD})
    assert refused.status_code == 401
    admin_client.post(f"/staff/users/{editor.id}/active", data={"active": "1"})
    login(app.test_client(), editor)
    audit = admin_client.get("/staff/audit?lang=en").get_data(as_text=True)
    assert "chief deactivated the account of zhao" in audit and "chief reactivated the account of zhao" in audit


def test_the_last_admin_cannot_lock_the_district_out(app, admin_client, db):
    from web.accounts.models import User

    chief = db.session.scalar(db.select(User).where(User.username == "chief"))
    page = admin_client.post(f"/staff/users/{chief.id}?lang=en", data={"role": "teacher"})
    assert page.status_code == 400 and "last active administrator" in page.get_data(as_text=True)
    admin_client.post(f"/staff/users/{chief.id}/active", data={"active": "0"})
    db.session.refresh(chief)
    assert chief.active and chief.role == "admin"


def test_a_forced_reset_leads_to_a_new_password_before_anything_else(app, admin_client, make_user, login, db):
    teacher = make_user("teacher", username="sun")
    their_client = app.test_client()
    login(their_client, teacher)
    admin_client.post(f"/staff/users/{teacher.id}/reset")
    assert their_client.get("/staff/").status_code == 302  # signed out everywhere
    fresh = app.test_client()
    login(fresh, teacher)
    response = fresh.get("/staff/quiz/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/password")
    assert "An administrator has reset your password" in fresh.get("/staff/password?lang=en").get_data(as_text=True)
    fresh.post("/staff/password", data={"current_password": TEST_PASSWORD, "new_password": "river lantern quiet harbour",
                                        "confirm": "river lantern quiet harbour"})
    db.session.refresh(teacher)
    assert not teacher.must_change_password
    assert fresh.get("/staff/quiz/").status_code == 200


@pytest.mark.parametrize("role", ["teacher", "editor"])
def test_only_admins_reach_the_account_tools(app, make_user, login, role):
    person = make_user(role, street="wanli" if role == "editor" else None)
    client = app.test_client()
    login(client, person)
    for path in ("/staff/users", f"/staff/users/{person.id}", "/staff/audit"):
        assert client.get(path).status_code == 403
    assert client.post(f"/staff/users/{person.id}/reset").status_code == 403


def test_buttons_that_lose_access_ask_first_and_say_what_happens(admin_client, make_user):
    teacher = make_user("teacher", username="qian")
    page = admin_client.get(f"/staff/users/{teacher.id}?lang=en").get_data(as_text=True)
    assert page.count("data-confirm=") == 2
    assert "Nothing they wrote is deleted" in page and "must choose a new password" in page

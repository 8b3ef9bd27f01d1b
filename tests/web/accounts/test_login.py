"""Staff sign-in: passwords, throttling, session invalidation, roles, CLI."""

from web.accounts.models import LoginFailure, User


def test_login_page_renders_in_both_languages(client):
    assert "员工登录" in client.get("/staff/login").get_data(as_text=True)
    assert "Staff sign-in" in client.get("/staff/login?lang=en").get_data(as_text=True)


def test_good_password_signs_in_and_reaches_staff_home(client, make_user, login):
    user = make_user("teacher")
    login(client, user)
    page = client.get("/staff/")
    assert page.status_code == 200
    assert user.username in page.get_data(as_text=True)


def test_wrong_password_is_401_with_message(client, make_user):
    user = make_user("editor")
    response = client.post("/staff/login?lang=en", data={"username": user.username, "password": "wrong-password"})
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)


def test_unknown_user_gets_the_same_message(client):
    response = client.post("/staff/login", data={"username": "nobody", "password": "whatever-pass"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)


def fail(client, username: str, address: str = "192.0.2.1", times: int = 1) -> list:
    """Wrong-password attempts from `address`; the responses."""
    return [client.post("/staff/login?lang=en", environ_base={"REMOTE_ADDR": address},
                        data={"username": username, "password": "nope-nope-nope"}) for _ in range(times)]


def age_failures(db, seconds: float) -> None:
    """Pretend the recorded failures happened `seconds` earlier (the delays are measured from them)."""
    import datetime as dt

    for failure in db.session.query(LoginFailure):
        failure.created_at -= dt.timedelta(seconds=seconds)
    db.session.commit()


def test_failures_slow_down_progressively_per_account_and_address(app, client, make_user, db):
    user = make_user("teacher")
    free = app.config["LOGIN_FREE_FAILURES"]
    assert [r.status_code for r in fail(client, user.username, times=free)] == [401] * free
    # Now each attempt waits for a delay that doubles; even the right password is refused
    # while waiting (no oracle), and a refused attempt does not lengthen the wait.
    waits = []
    for _ in range(3):
        refused = client.post("/staff/login?lang=en", environ_base={"REMOTE_ADDR": "192.0.2.1"},
                              data={"username": user.username, "password": "correct-horse-battery"})
        assert refused.status_code == 429
        assert "Too many failed attempts" in refused.get_data(as_text=True)
        waits.append(int(refused.headers["Retry-After"]))
        age_failures(db, waits[-1])
        assert fail(client, user.username)[0].status_code == 401
    assert waits == [waits[0], 2 * waits[0], 4 * waits[0]]
    assert db.session.query(LoginFailure).count() >= free


def test_the_delay_ends_and_the_right_password_then_works(app, client, make_user, db):
    user = make_user("teacher")
    fail(client, user.username, times=app.config["LOGIN_FREE_FAILURES"])
    waiting = fail(client, user.username)[0]
    assert waiting.status_code == 429
    age_failures(db, int(waiting.headers["Retry-After"]))
    response = client.post("/staff/login", environ_base={"REMOTE_ADDR": "192.0.2.1"},
                           data={"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_a_lockout_cannot_be_used_as_a_weapon_against_an_account(app, make_user):
    """Someone guessing a teacher's password from their own address slows only themselves:
    the teacher, at another address, signs in at once."""
    user = make_user("teacher")
    attacker, teacher = app.test_client(), app.test_client()
    statuses = [r.status_code for r in fail(attacker, user.username, address="203.0.113.66", times=25)]
    assert statuses[-1] == 429
    response = teacher.post("/staff/login", environ_base={"REMOTE_ADDR": "198.51.100.5"},
                            data={"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_address_is_throttled_across_accounts(app, client, make_user):
    app.config["LOGIN_FREE_FAILURES_PER_ADDRESS"] = 3
    user = make_user("teacher")  # before the failures: hashing must not eat the 1 s delay on a busy machine
    try:
        for i in range(3):
            fail(client, f"guess{i}")
        response = client.post("/staff/login", environ_base={"REMOTE_ADDR": "192.0.2.1"},
                               data={"username": user.username, "password": "correct-horse-battery"})
        assert response.status_code == 429
        elsewhere = client.post("/staff/login", environ_base={"REMOTE_ADDR": "192.0.2.2"},
                                data={"username": user.username, "password": "correct-horse-battery"})
        assert elsewhere.status_code == 302
    finally:
        app.config["LOGIN_FREE_FAILURES_PER_ADDRESS"] = 20


def test_logout_ends_other_sessions_too(app, make_user, login):
    user = make_user("teacher")
    first, second = app.test_client(), app.test_client()
    login(first, user)
    login(second, user)
    first.post("/staff/logout")
    assert second.get("/staff/").status_code == 302  # back to sign-in


def test_password_change_keeps_this_session_and_ends_others(app, make_user, login, db):
    user = make_user("teacher")
    mine, other = app.test_client(), app.test_client()
    login(mine, user)
    login(other, user)
    response = mine.post("/staff/password", data={
        "current_password": "correct-horse-battery",
        "new_password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert response.status_code == 302
    assert mine.get("/staff/").status_code == 200
    assert other.get("/staff/").status_code == 302


def test_password_change_errors_are_shown(client, make_user, login):
    login(client, make_user("teacher"))
    response = client.post("/staff/password?lang=en",
                           data={"current_password": "wrong", "new_password": "short", "confirm": "x"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "at least 10 characters" in body


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_next_parameter_cannot_leave_the_site(client, make_user, login):
    user = make_user("teacher")
    credentials = {"username": user.username, "password": "correct-horse-battery"}
    response = client.post("/staff/login?next=//evil.example/", data=credentials)
    assert response.headers["Location"].endswith("/staff/")


def test_only_admins_manage_users(client, make_user, login):
    login(client, make_user("editor"))
    assert client.get("/staff/users").status_code == 403


def test_admin_creates_a_user(client, make_user, login, db):
    login(client, make_user("admin"))
    form = {"username": "t.wang", "role": "teacher", "password": "long-enough-pass", "street": ""}
    response = client.post("/staff/users", data=form)
    assert response.status_code == 302
    assert db.session.query(User).filter_by(username="t.wang").one().role == "teacher"
    again = client.post("/staff/users?lang=en", data=form)
    assert again.status_code == 400 and "That username is taken" in again.get_data(as_text=True)


def test_cli_creates_user(runner, db):
    result = runner.invoke(args=["staff", "create-user", "li.ming", "--role", "editor", "--password", "long-enough-pass"])
    assert result.exit_code == 0, result.output
    assert db.session.query(User).filter_by(username="li.ming").one().role == "editor"


def test_cli_refuses_short_password_and_bad_role(runner):
    assert runner.invoke(args=["staff", "create-user", "x", "--role", "editor", "--password", "short"]).exit_code != 0
    assert runner.invoke(args=["staff", "create-user", "x", "--role", "king", "--password", "long-enough-pass"]).exit_code != 0


def test_missing_csrf_token_is_400_not_500(csrf_app, make_user):
    with csrf_app.app_context():
        client = csrf_app.test_client()
        response = client.post("/staff/login?lang=en", data={"username": "a", "password": "b"})
        assert response.status_code == 400
        assert "form expired" in response.get_data(as_text=True)


def test_sign_in_events_are_logged_without_the_password(client, make_user, caplog):
    user = make_user("teacher")
    with caplog.at_level("WARNING", logger="web"):
        client.post("/staff/login", data={"username": user.username, "password": "wrong-secret-123"})
    record = next(r for r in caplog.records if r.getMessage() == "sign-in failed")
    assert record.username == user.username
    assert "wrong-secret-123" not in caplog.text


def test_common_passwords_are_refused_with_a_message(client, make_user, login, runner):
    login(client, make_user("admin"))
    response = client.post("/staff/users?lang=en", data={"username": "weak", "role": "teacher",
                                                         "password": "password123", "street": ""})
    assert response.status_code == 400 and "too common or easy to guess" in response.get_data(as_text=True)
    result = runner.invoke(args=["staff", "create-user", "weak2", "--role", "teacher", "--password", "qwertyuiop1"])
    assert result.exit_code != 0 and "too common" in result.output


def test_a_deactivated_account_loses_access_at_once(app, client, make_user, login, db):
    user = make_user("editor")
    login(client, user)
    user.active = False
    db.session.commit()
    assert client.get("/staff/").status_code == 302  # the session's user no longer loads
    response = client.post("/staff/login", data={"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 401


def test_passwords_are_stored_with_argon2id(make_user):
    user = make_user("teacher")
    assert user.password_hash.startswith("$argon2id$") and "correct-horse-battery" not in user.password_hash

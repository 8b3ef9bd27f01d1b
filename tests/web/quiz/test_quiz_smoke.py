def test_smoke(client, make_event, join_api, make_user, login):
    event = make_event()
    assert client.get(f"/join?code={event.code}").status_code == 200
    headers = join_api(event)
    state = client.get(f"/api/v1/events/{event.code}/state", headers=headers)
    assert state.status_code == 200, state.get_json()
    q = state.get_json()["questions"][0]
    r = client.post(f"/api/v1/events/{event.code}/answers", headers=headers,
                    json={"question_id": q["id"], "choice_ids": [q["choices"][0]["id"]]})
    assert r.status_code == 201, r.get_json()
    r = client.get(f"/api/v1/events/{event.code}/leaderboard")
    assert r.status_code == 200, r.get_json()
    teacher = make_user("teacher")
    login(client, teacher)
    for url in ["/staff/quiz/", "/staff/quiz/new", f"/join/{event.code}/qr.svg"]:
        assert client.get(url).status_code == 200, url

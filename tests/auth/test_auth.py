from __future__ import annotations

import httpx

from interpreters.audit.tables import AuditEntry
from tests.factories import (
    PASSWORD,
    Account,
    app_client,
    browser_sign_in,
    code_of,
)

LOGIN = "/api/v1/auth/login"


async def test_browser_login_sets_a_protected_cookie_and_needs_csrf_for_changes(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    response = await client.post(LOGIN, json={"email": coordinator.email, "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "secure" not in cookie  # served over plain http in the test
    assert response.json()["token"] is None
    assert response.json()["user"]["stage"] == "second_factor"
    verified = await client.post(
        "/api/v1/auth/second-factor/verify",
        json={"code": code_of(coordinator.email)},
        headers={"x-csrf-token": response.json()["csrf_token"]},
    )
    # A new session under a new cookie: the one the password opened is gone.
    assert verified.headers["set-cookie"].split(";")[0] != cookie.split(";")[0]
    csrf = verified.json()["csrf_token"]

    me = await client.get("/api/v1/auth/me")
    assert me.json()["user"]["role"] == "coordinator"
    assert me.json()["user"]["stage"] == "full"
    assert me.json()["csrf_token"] == csrf

    body = {
        "name": "Fiscalía X",
        "kind": "prosecutor_office",
        "country": "HN",
        "timezone": "America/Tegucigalpa",
    }
    refused = await client.post("/api/v1/institutions", json=body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    wrong = await client.post("/api/v1/institutions", json=body, headers={"x-csrf-token": "x"})
    assert wrong.status_code == 403
    accepted = await client.post("/api/v1/institutions", json=body, headers={"x-csrf-token": csrf})
    assert accepted.status_code == 201


async def test_cookie_is_secure_over_https(coordinator: Account) -> None:
    async with app_client("https://testserver.local") as client:
        response = await client.post(LOGIN, json={"email": coordinator.email, "password": PASSWORD})
    assert "secure" in response.headers["set-cookie"].lower()


async def test_scripts_use_a_bearer_token_without_csrf(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    response = await client.post(
        LOGIN,
        json={
            "email": coordinator.email,
            "password": PASSWORD,
            "issue_token": True,
            "code": code_of(coordinator.email),
        },
    )
    token = response.json()["token"]
    assert token
    assert "set-cookie" not in response.headers
    headers = {"authorization": f"Bearer {token}"}
    body = {"name": "Tribunal", "kind": "court", "country": "CR", "timezone": "America/Costa_Rica"}
    created = await client.post("/api/v1/institutions", json=body, headers=headers)
    assert created.status_code == 201
    bad = await client.get("/api/v1/auth/me", headers={"authorization": "Bearer nope"})
    assert bad.status_code == 401


async def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    wrong = await client.post(LOGIN, json={"email": coordinator.email, "password": "nope"})
    unknown = await client.post(LOGIN, json={"email": "nobody@example.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_login_is_rate_limited_per_client(client: httpx.AsyncClient) -> None:
    statuses = [
        (await client.post(LOGIN, json={"email": "x@example.org", "password": "y"})).status_code
        for _ in range(13)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429] * 3
    # The first refusal of the window is in the log, with the address: once, not per attempt.
    limited = await AuditEntry.select().where(AuditEntry.action == "sign_in_limited")
    assert [(e["record_type"], e["client_address"]) for e in limited] == [("address", "127.0.0.1")]
    # Other routes are not throttled.
    assert (await client.get("/health")).status_code == 200


async def test_logout_ends_the_session(client: httpx.AsyncClient, coordinator: Account) -> None:
    csrf = await browser_sign_in(client, coordinator.email)
    response = await client.post("/api/v1/auth/logout", headers={"x-csrf-token": csrf})
    assert response.status_code == 204
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    # The script's token of the fixture is another session: it goes on.
    assert (await client.get("/api/v1/auth/me", headers=coordinator.headers)).status_code == 200
    actions = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.actor_id == coordinator.user_id
    )
    assert [a["action"] for a in actions] == ["login", "second_factor_given", "logout"]


async def test_login_refuses_cross_site_and_non_json_requests(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    body = f'{{"email": "{coordinator.email}", "password": "{PASSWORD}"}}'
    form_shaped = await client.post(LOGIN, content=body, headers={"content-type": "text/plain"})
    assert form_shaped.status_code == 403
    assert "set-cookie" not in form_shaped.headers
    cross_site = await client.post(
        LOGIN,
        content=body,
        headers={"content-type": "application/json", "sec-fetch-site": "cross-site"},
    )
    assert cross_site.status_code == 403


async def test_the_cookie_lives_as_long_as_the_session(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    response = await client.post(LOGIN, json={"email": coordinator.email, "password": PASSWORD})
    # Long enough to give the code; the full session's cookie lasts as long as it does.
    assert "max-age=900" in response.headers["set-cookie"].lower()
    verified = await client.post(
        "/api/v1/auth/second-factor/verify",
        json={"code": code_of(coordinator.email)},
        headers={"x-csrf-token": response.json()["csrf_token"]},
    )
    assert "max-age=43200" in verified.headers["set-cookie"].lower()


async def test_a_non_ascii_csrf_header_is_refused_not_a_crash(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    await browser_sign_in(client, coordinator.email)
    response = await client.post("/api/v1/auth/logout", headers={b"x-csrf-token": "ñandú".encode()})
    assert response.status_code == 403


async def test_failed_sign_ins_are_audited_without_the_attempted_secret(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    await client.post(LOGIN, json={"email": coordinator.email, "password": "guess-1"})
    await client.post(LOGIN, json={"email": "nobody@example.org", "password": "guess-2"})
    rows = await AuditEntry.select().where(AuditEntry.action == "login_failed")
    assert [(r["record_id"], r["client_address"]) for r in rows] == [
        (coordinator.user_id, "127.0.0.1"),
        (None, "127.0.0.1"),
    ]
    assert all("guess" not in str(r) and "nobody" not in str(r) for r in rows)

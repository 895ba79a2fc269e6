"""An account's life: invitation, first password, reset, change, deactivation, role and
scope changes, and the person's own sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from argon2 import PasswordHasher

from interpreters.audit.tables import AuditEntry
from interpreters.auth.tables import AccountLink, AuthSession, User
from interpreters.principal import Role
from tests.factories import (
    PASSWORD,
    Account,
    browser_sign_in,
    code_of,
    make_account,
    make_institution,
)
from tests.notifications.factories import mails, texts
from tests.registry.factories import add_interpreter

LOGIN = "/api/v1/auth/login"
SET_PASSWORD = "/api/v1/auth/password/link"
RESET = "/api/v1/auth/password/reset"
NEW_PASSWORD = "quetzal volcán 2026"


def invitation(**changes: object) -> dict[str, object]:
    return {
        "email": "nueva@example.org",
        "role": "coordinator",
        "display_name": "Nueva Persona",
        "countries": ["HN"],
        **changes,
    }


async def link_token(topic: str = "account") -> str:
    """The token of the newest account link mailed, as the person's mail shows it."""
    [*_, message] = await mails(topic)
    text = message.get_body(("plain",))
    assert text is not None
    [url] = [word for word in text.get_content().split() if "/ui/password.html#" in word]
    return str(url).split("#", 1)[1]


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str, *, right: bool = True
) -> httpx.Response:
    """Signs in as a script, with the app's code when the password is expected `right`
    (a code is good once: a failure need not spend one)."""
    code = code_of(email) if right else "000000"
    return await client.post(
        LOGIN, json={"email": email, "password": password, "issue_token": True, "code": code}
    )


def bearer(response: httpx.Response) -> dict[str, str]:
    return {"authorization": f"Bearer {response.json()['token']}"}


async def actions(record_id: int | None = None) -> list[str]:
    query = AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)
    if record_id is not None:
        query = query.where(AuditEntry.record_id == record_id)
    return [row["action"] for row in await query]


async def test_an_invited_person_sets_their_own_password_through_a_one_time_link(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    invited = await client.post("/api/v1/users", json=invitation(), headers=coordinator.headers)
    assert invited.status_code == 201, invited.text
    assert invited.json()["invited"] is True
    user_id = invited.json()["id"]
    [message] = await mails("account")
    assert message["To"].addresses[0].addr_spec == "nueva@example.org"
    assert message["Subject"] == "Su cuenta en el Banco regional de intérpretes"
    assert "72 horas" in texts(message)
    token = await link_token()
    # Only a keyed digest is stored: the token is nowhere in the database.
    links = await AccountLink.select()
    assert len(links) == 1
    assert token not in str(links)
    assert token not in str(await AuditEntry.select())
    # No password signs in before the person chooses one.
    for guess in ("", "anything at all"):
        attempt = await client.post(LOGIN, json={"email": "nueva@example.org", "password": guess})
        assert attempt.status_code == 401

    chosen = await client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
    assert chosen.status_code == 204, chosen.text
    signed_in = await client.post(
        LOGIN, json={"email": "nueva@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 200
    # A coordinator sets up a second factor next, before anything else.
    assert signed_in.json()["user"]["stage"] == "enrol"
    assert signed_in.json()["user"]["countries"] == ["HN"]
    listed = await client.get("/api/v1/users", headers=coordinator.headers)
    assert [u["invited"] for u in listed.json() if u["id"] == user_id] == [False]

    again = await client.post(
        SET_PASSWORD, json={"token": token, "password": "otra clave larga 99"}
    )
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "token"
    other = {"email": "nueva@example.org", "password": "otra clave larga 99"}
    assert (await client.post(LOGIN, json=other)).status_code == 401
    assert await actions() == [
        "invite",
        "login_failed",
        "login_failed",
        "password_set",
        "login",
        "password_link_refused",
        "login_failed",
    ]
    entries = await AuditEntry.select().where(AuditEntry.action == "password_set")
    assert entries[0]["record_id"] == user_id
    assert entries[0]["client_address"] == "127.0.0.1"


async def test_expired_forged_and_superseded_links_change_nothing(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    invited = await client.post("/api/v1/users", json=invitation(), headers=coordinator.headers)
    user_id = invited.json()["id"]
    first = await link_token()
    renewed = await client.post(f"/api/v1/users/{user_id}/invitation", headers=coordinator.headers)
    assert renewed.status_code == 204
    second = await link_token()
    assert first != second
    for token in (first, second[:-2] + "xx", "not-a-token"):
        refused = await client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
        assert refused.status_code == 400, token
    await AccountLink.update(
        {AccountLink.expires_at: datetime.now(UTC) - timedelta(seconds=1)}, force=True
    )
    expired = await client.post(SET_PASSWORD, json={"token": second, "password": NEW_PASSWORD})
    assert expired.status_code == 400
    assert (await User.select(User.password_hash).where(User.id == user_id))[0][
        "password_hash"
    ] == ""
    assert (await actions()).count("password_link_refused") == 4


async def test_a_new_password_is_long_and_not_a_common_one(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    await client.post("/api/v1/users", json=invitation(), headers=coordinator.headers)
    token = await link_token()
    spanish = {"accept-language": "es"}
    short = await client.post(
        SET_PASSWORD, json={"token": token, "password": "corta123"}, headers=spanish
    )
    assert short.status_code == 400
    assert short.json()["errors"][0]["field"] == "password"
    common = await client.post(
        SET_PASSWORD, json={"token": token, "password": "password1234"}, headers=spanish
    )
    assert common.status_code == 400
    assert common.json()["errors"] == [
        {"field": "password", "message": "Esta contraseña es de las más usadas; elija otra."}
    ]
    # Refusals for the password itself leave the link usable.
    accepted = await client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
    assert accepted.status_code == 204


async def test_a_reset_gives_the_same_answer_for_any_address_and_ends_every_session(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await browser_sign_in(client, prosecutor.email)
    unknown = await client.post(RESET, json={"email": "nadie@example.org"})
    known = await client.post(RESET, json={"email": prosecutor.email.upper()})
    assert unknown.status_code == known.status_code == 202
    assert unknown.content == known.content
    [message] = await mails("account")
    assert message["To"].addresses[0].addr_spec == prosecutor.email
    assert "60 minutos" in texts(message)
    token = await link_token()

    assert (
        await client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
    ).status_code == 204
    # The API token of the fixture and the browser session both end.
    assert (await client.get("/api/v1/auth/me", headers=prosecutor.headers)).status_code == 401
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert (await sign_in(client, prosecutor.email, PASSWORD, right=False)).status_code == 401
    assert (await sign_in(client, prosecutor.email, NEW_PASSWORD)).status_code == 200
    entries = await AuditEntry.select(AuditEntry.action, AuditEntry.record_id).where(
        AuditEntry.action.is_in(["password_reset_requested", "password_reset"])
    )
    assert [(e["action"], e["record_id"]) for e in entries] == [
        ("password_reset_requested", None),
        ("password_reset_requested", prosecutor.user_id),
        ("password_reset", prosecutor.user_id),
    ]
    assert "nadie" not in str(await AuditEntry.select())


async def test_reset_requests_count_against_the_sign_in_limits(
    client: httpx.AsyncClient,
) -> None:
    statuses = [
        (await client.post(RESET, json={"email": f"x{n}@example.org"})).status_code
        for n in range(11)
    ]
    assert statuses == [202] * 10 + [429]


async def test_a_deactivated_account_gets_no_reset_mail(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    await client.post(f"/api/v1/users/{prosecutor.user_id}/deactivate", headers=coordinator.headers)
    assert (await client.post(RESET, json={"email": prosecutor.email})).status_code == 202
    assert await mails("account") == []


async def test_changing_a_password_needs_the_current_one_and_ends_the_other_sessions(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    other = await sign_in(client, prosecutor.email, PASSWORD)
    body = {"current_password": "not the password", "new_password": NEW_PASSWORD}
    wrong = await client.put("/api/v1/auth/password", json=body, headers=prosecutor.headers)
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "current_password"
    same = {"current_password": PASSWORD, "new_password": PASSWORD}
    assert (
        await client.put("/api/v1/auth/password", json=same, headers=prosecutor.headers)
    ).status_code == 400
    body = {**body, "current_password": PASSWORD, "code": code_of(prosecutor.email)}
    changed = await client.put("/api/v1/auth/password", json=body, headers=prosecutor.headers)
    assert changed.status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=prosecutor.headers)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=bearer(other))).status_code == 401
    assert (await sign_in(client, prosecutor.email, NEW_PASSWORD)).status_code == 200
    assert "password_changed" in await actions(prosecutor.user_id)


async def test_a_hash_made_with_older_parameters_is_renewed_at_sign_in(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    await User.update({User.password_hash: weak}).where(User.id == coordinator.user_id)
    assert (await sign_in(client, coordinator.email, PASSWORD)).status_code == 200
    [row] = await User.select(User.password_hash).where(User.id == coordinator.user_id)
    assert row["password_hash"] != weak
    assert not PasswordHasher().check_needs_rehash(row["password_hash"])
    assert (await sign_in(client, coordinator.email, PASSWORD)).status_code == 200


async def test_deactivation_ends_the_browser_session_and_the_api_token_at_once(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    csrf = {"x-csrf-token": await browser_sign_in(client, prosecutor.email)}
    assert (await client.get("/api/v1/requests")).status_code == 200
    done = await client.post(
        f"/api/v1/users/{prosecutor.user_id}/deactivate", headers=coordinator.headers
    )
    assert done.status_code == 200
    assert done.json()["active"] is False
    assert (await client.get("/api/v1/requests")).status_code == 401
    assert (await client.post("/api/v1/auth/logout", headers=csrf)).status_code == 401
    assert (await client.get("/api/v1/requests", headers=prosecutor.headers)).status_code == 401
    assert (await client.get("/api/v1/requests", headers=prosecutor.headers)).status_code == 401
    assert await AuthSession.count().where(AuthSession.user == prosecutor.user_id) == 0
    # The first use of each old session (the browser's, the script's token) is in the log,
    # with the address it came from; later ones are those of an unknown token.
    refused = await AuditEntry.select().where(AuditEntry.action == "deactivated_session_refused")
    assert [(e["record_id"], e["client_address"]) for e in refused] == [
        (prosecutor.user_id, "127.0.0.1")
    ] * 2
    assert (await sign_in(client, prosecutor.email, PASSWORD, right=False)).status_code == 401

    back = await client.post(
        f"/api/v1/users/{prosecutor.user_id}/reactivate", headers=coordinator.headers
    )
    assert back.json()["active"] is True
    assert (await sign_in(client, prosecutor.email, PASSWORD)).status_code == 200
    assert [a for a in await actions(prosecutor.user_id) if a.endswith("activate")] == [
        "deactivate",
        "reactivate",
    ]
    own = await client.post(
        f"/api/v1/users/{coordinator.user_id}/deactivate", headers=coordinator.headers
    )
    assert own.status_code == 403


async def test_a_deactivated_invitee_cannot_use_the_invitation(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    invited = await client.post("/api/v1/users", json=invitation(), headers=coordinator.headers)
    token = await link_token()
    user_id = invited.json()["id"]
    await client.post(f"/api/v1/users/{user_id}/deactivate", headers=coordinator.headers)
    refused = await client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
    assert refused.status_code == 400
    renew = await client.post(f"/api/v1/users/{user_id}/invitation", headers=coordinator.headers)
    assert renew.status_code == 409


async def test_a_change_of_role_or_scope_ends_the_sessions_and_is_checked_like_an_invitation(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    url = f"/api/v1/users/{prosecutor.user_id}"
    renamed = await client.patch(
        url, json={"display_name": "Fiscal Uno"}, headers=coordinator.headers
    )
    assert renamed.status_code == 200
    assert renamed.json()["display_name"] == "Fiscal Uno"
    # A new name takes nothing away: the session goes on.
    assert (await client.get("/api/v1/auth/me", headers=prosecutor.headers)).status_code == 200
    court_id = await make_institution("HN", "court", "America/Tegucigalpa")
    wrong = await client.patch(url, json={"role": "court"}, headers=coordinator.headers)
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "institution_id"
    moved = await client.patch(
        url, json={"role": "court", "institution_id": court_id}, headers=coordinator.headers
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["role"] == "court"
    assert (await client.get("/api/v1/auth/me", headers=prosecutor.headers)).status_code == 401
    again = await sign_in(client, prosecutor.email, PASSWORD)
    assert again.json()["user"]["role"] == "court"
    [entry] = (
        await AuditEntry.select()
        .where(AuditEntry.action == "update", AuditEntry.record_id == prosecutor.user_id)
        .where(AuditEntry.fields.like("%role%"))
    )
    assert entry["fields"] == "institution_id,role"


async def test_scoped_coordinators_manage_only_the_accounts_inside_their_countries(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    scoped = await make_account(Role.COORDINATOR, "hn@example.org", countries="HN")
    guatemala = await make_institution("GT", "prosecutor_office", "America/Guatemala")
    fiscal_gt = await make_account(Role.PROSECUTOR, "gt@example.org", institution_id=guatemala)
    listed = await client.get("/api/v1/users", headers=scoped.headers)
    assert {u["email"] for u in listed.json()} == {"hn@example.org", prosecutor.email}
    assert (
        await client.post(f"/api/v1/users/{fiscal_gt.user_id}/deactivate", headers=scoped.headers)
    ).status_code == 403
    assert (
        await client.post(f"/api/v1/users/{prosecutor.user_id}/deactivate", headers=scoped.headers)
    ).status_code == 200
    for outside in (
        invitation(countries=[]),
        invitation(countries=["HN", "GT"]),
        invitation(role="prosecutor", countries=[], institution_id=guatemala),
    ):
        refused = await client.post("/api/v1/users", json=outside, headers=scoped.headers)
        assert refused.status_code == 403, outside
    inside = await client.post(
        "/api/v1/users",
        json=invitation(role="prosecutor", countries=[], institution_id=prosecutor.institution_id),
        headers=scoped.headers,
    )
    assert inside.status_code == 201
    # Nor can they move an account of theirs out of their reach.
    moved = await client.patch(
        f"/api/v1/users/{inside.json()['id']}",
        json={"institution_id": guatemala},
        headers=scoped.headers,
    )
    assert moved.status_code == 403
    regional = await client.get("/api/v1/users", headers=coordinator.headers)
    assert len(regional.json()) == 5


async def test_invitations_check_the_accounts_links(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    missing = await client.post(
        "/api/v1/users",
        json=invitation(role="prosecutor", countries=[]),
        headers=coordinator.headers,
    )
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "institution_id"
    duplicate = invitation(email=coordinator.email)
    conflict = await client.post("/api/v1/users", json=duplicate, headers=coordinator.headers)
    assert conflict.status_code == 409
    assert conflict.json()["errors"] == [
        {"field": "email", "message": "An account with this email already exists."}
    ]
    interpreter_id = await add_interpreter(1)
    body = invitation(role="interpreter", countries=[], interpreter_id=interpreter_id)
    first = await client.post("/api/v1/users", json=body, headers=coordinator.headers)
    assert first.status_code == 201
    second = await client.post(
        "/api/v1/users", json={**body, "email": "otra@example.org"}, headers=coordinator.headers
    )
    assert second.status_code == 409
    assert second.json()["errors"][0]["field"] == "interpreter_id"
    many = invitation(email="wide@example.org", countries=["HN"] * 3 + ["GT"] * 20)
    assert (
        await client.post("/api/v1/users", json=many, headers=coordinator.headers)
    ).status_code == 400
    deduplicated = await client.post(
        "/api/v1/users",
        json={**many, "countries": ["HN", "GT", "HN"]},
        headers=coordinator.headers,
    )
    assert deduplicated.json()["countries"] == ["GT", "HN"]
    # Nothing but the failed ones' mail is missing: two invitations went out.
    assert len(await mails("account")) == 2


async def test_people_see_their_own_sessions_and_end_any_of_them(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    phone = await client.post(
        LOGIN,
        json={
            "email": prosecutor.email,
            "password": PASSWORD,
            "issue_token": True,
            "code": code_of(prosecutor.email),
        },
        headers={"user-agent": "Telefono de prueba"},
    )
    listed = await client.get("/api/v1/auth/sessions", headers=prosecutor.headers)
    assert listed.status_code == 200
    sessions = listed.json()
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    [other] = [s for s in sessions if not s["current"]]
    assert other["device"] == "Telefono de prueba"
    assert other["client_address"] == "127.0.0.1"
    assert other["kind"] == "api"
    # Another person's session is not theirs to see or end.
    theirs = await client.get("/api/v1/auth/sessions", headers=coordinator.headers)
    assert all(s["id"] != other["id"] for s in theirs.json())
    stranger = await client.delete(
        f"/api/v1/auth/sessions/{other['id']}", headers=coordinator.headers
    )
    assert stranger.status_code == 404
    ended = await client.delete(f"/api/v1/auth/sessions/{other['id']}", headers=prosecutor.headers)
    assert ended.status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=bearer(phone))).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=prosecutor.headers)).status_code == 200
    assert "end_session" in [
        row["action"]
        for row in await AuditEntry.select(AuditEntry.action).where(
            AuditEntry.actor_id == prosecutor.user_id
        )
    ]

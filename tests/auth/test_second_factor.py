"""The second factor: set up at first sign-in where the role needs it, nothing else open until
then; a code is good once; recovery codes; the attempt limits; a coordinator's reset."""

from __future__ import annotations

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.auth.tables import TotpFactor
from interpreters.principal import Role
from interpreters.settings import SettingsError, get_settings
from tests.factories import (
    PASSWORD,
    Account,
    code_of,
    make_account,
    make_institution,
    next_code,
)

LOGIN = "/api/v1/auth/login"
FACTOR = "/api/v1/auth/second-factor"


async def sign_in_by_password(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    """Signs in a browser with the password alone; its CSRF header."""
    response = await client.post(LOGIN, json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"x-csrf-token": response.json()["csrf_token"]}


async def enrol(client: httpx.AsyncClient, csrf: dict[str, str]) -> tuple[str, list[str]]:
    """Sets up an authenticator app through the API: its secret and the recovery codes."""
    begun = await client.post(f"{FACTOR}/totp", headers=csrf)
    assert begun.status_code == 201, begun.text
    secret = begun.json()["secret"]
    confirmed = await client.post(
        f"{FACTOR}/totp/confirm", json={"code": next_code(secret)}, headers=csrf
    )
    assert confirmed.status_code == 200, confirmed.text
    return secret, confirmed.json()["recovery_codes"]


async def actions() -> list[str]:
    return [
        row["action"] for row in await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)
    ]


@pytest.fixture
async def newcomer() -> Account:
    """A prosecutor who has not set up a second factor yet."""
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    return await make_account(
        Role.PROSECUTOR, "nuevo@example.org", institution_id=office, second_factor=False
    )


async def test_a_role_that_needs_a_second_factor_sets_one_up_before_anything_else(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    csrf = await sign_in_by_password(client, newcomer.email)
    me = (await client.get("/api/v1/auth/me")).json()
    assert me["user"]["stage"] == "enrol"
    refused = await client.get("/api/v1/requests")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Set up your second factor before anything else."
    status = (await client.get(FACTOR)).json()
    assert status == {
        "enrolled": False,
        "required": True,
        "recovery_codes_left": 0,
        "totp": False,
        "passkeys": 0,
    }

    begun = await client.post(f"{FACTOR}/totp", headers=csrf)
    secret = begun.json()["secret"]
    assert begun.json()["uri"].startswith("otpauth://totp/")
    assert "nuevo%40example.org" in begun.json()["uri"]
    # The secret is stored encrypted.
    assert secret not in str(await TotpFactor.select())
    qr = await client.get(f"{FACTOR}/totp/qr.svg")
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert "no-store" in qr.headers["cache-control"]
    assert qr.content.lstrip().startswith(b"<?xml")
    wrong = await client.post(f"{FACTOR}/totp/confirm", json={"code": "000000"}, headers=csrf)
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "code"
    assert (await client.get("/api/v1/requests")).status_code == 403

    confirmed = await client.post(
        f"{FACTOR}/totp/confirm", json={"code": next_code(secret)}, headers=csrf
    )
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    assert (await client.get("/api/v1/requests")).status_code == 200
    assert (await client.get(FACTOR)).json()["enrolled"] is True
    # Each call the guards refused before the second factor is in the log too.
    assert [a for a in await actions() if "second_factor" in a] == [
        "second_factor_skipped",
        "second_factor_failed",
        "second_factor_skipped",
        "second_factor_enrolled",
    ]
    # Once set up, it cannot be replaced by whoever holds the session.
    assert (await client.post(f"{FACTOR}/totp", headers=csrf)).status_code == 409


async def test_scripts_get_a_token_only_with_a_second_factor_given_in_the_same_request(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    ask = {"email": newcomer.email, "password": PASSWORD, "issue_token": True}
    without = await client.post(LOGIN, json=ask)
    assert without.status_code == 403
    csrf = await sign_in_by_password(client, newcomer.email)
    secret, _ = await enrol(client, csrf)
    no_code = await client.post(LOGIN, json=ask)
    assert no_code.status_code == 401
    assert no_code.json()["errors"][0]["field"] == "code"
    code = next_code(secret)
    given = await client.post(LOGIN, json={**ask, "code": code})
    assert given.status_code == 200
    assert given.json()["token"]
    # A code is good once.
    replayed = await client.post(LOGIN, json={**ask, "code": code})
    assert replayed.status_code == 400
    assert replayed.json()["errors"][0]["field"] == "code"
    assert "second_factor_failed" in await actions()


async def test_a_role_that_may_go_without_one_signs_in_but_gets_no_api_token(
    client: httpx.AsyncClient,
) -> None:
    interpreter = await make_account(Role.INTERPRETER, "i@example.org", second_factor=False)
    await sign_in_by_password(client, interpreter.email)
    assert (await client.get("/api/v1/auth/me")).json()["user"]["stage"] == "full"
    assert (await client.get("/api/v1/notices")).status_code == 200
    status = (await client.get(FACTOR)).json()
    assert status == {
        "enrolled": False,
        "required": False,
        "recovery_codes_left": 0,
        "totp": False,
        "passkeys": 0,
    }
    token = await client.post(
        LOGIN, json={"email": interpreter.email, "password": PASSWORD, "issue_token": True}
    )
    assert token.status_code == 403


async def test_a_browser_waits_for_the_code_and_a_recovery_code_serves_once(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    secret, codes = await enrol(client, await sign_in_by_password(client, newcomer.email))
    csrf = await sign_in_by_password(client, newcomer.email)
    assert (await client.get("/api/v1/auth/me")).json()["user"]["stage"] == "second_factor"
    waiting = await client.get("/api/v1/requests")
    assert waiting.status_code == 403
    assert waiting.json()["detail"] == "Give the code of your second factor first."
    done = await client.post(f"{FACTOR}/verify", json={"code": codes[0].upper()}, headers=csrf)
    assert done.status_code == 200, done.text
    assert (await client.get("/api/v1/requests")).status_code == 200
    assert (await client.get(FACTOR)).json()["recovery_codes_left"] == 9

    csrf = await sign_in_by_password(client, newcomer.email)
    again = await client.post(f"{FACTOR}/verify", json={"code": codes[0]}, headers=csrf)
    assert again.status_code == 400
    assert (await client.get("/api/v1/requests")).status_code == 403
    assert "recovery_code_used" in await actions()
    ok = await client.post(f"{FACTOR}/verify", json={"code": next_code(secret)}, headers=csrf)
    assert ok.status_code == 200


async def test_wrong_codes_count_against_the_accounts_sign_in_limit(
    client: httpx.AsyncClient,
    coordinator: Account,
    monkeypatch: pytest.MonkeyPatch,
    fresh_settings: None,
) -> None:
    # Only the account's limit in play: the address may try far more.
    monkeypatch.setenv("LOGIN_ATTEMPTS_PER_MINUTE", "100")
    get_settings.cache_clear()
    limit = get_settings().login_attempts_per_account
    csrf = await sign_in_by_password(client, coordinator.email)
    # The password counted once; every wrong code counts too.
    statuses = [
        (await client.post(f"{FACTOR}/verify", json={"code": "123456"}, headers=csrf)).status_code
        for _ in range(limit)
    ]
    assert statuses == [400] * (limit - 1) + [429]
    stopped = await client.post(
        f"{FACTOR}/verify", json={"code": code_of(coordinator.email)}, headers=csrf
    )
    assert stopped.status_code == 429


async def test_a_coordinator_resets_a_lost_second_factor(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    scoped = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    url = f"/api/v1/users/{prosecutor.user_id}/second-factor/reset"
    assert (await client.post(url, headers=scoped.headers)).status_code == 403
    assert (await client.post(url, headers=coordinator.headers)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=prosecutor.headers)).status_code == 401
    await sign_in_by_password(client, prosecutor.email)
    assert (await client.get("/api/v1/auth/me")).json()["user"]["stage"] == "enrol"
    entries = await AuditEntry.select().where(AuditEntry.action == "second_factor_reset")
    assert [(e["actor_id"], e["record_id"]) for e in entries] == [
        (coordinator.user_id, prosecutor.user_id)
    ]


async def test_changing_the_password_needs_the_second_factor_too(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    body = {"current_password": PASSWORD, "new_password": "ceiba quetzal 2026"}
    url = "/api/v1/auth/password"
    missing = await client.put(url, json=body, headers=prosecutor.headers)
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "code"
    wrong = await client.put(url, json={**body, "code": "000000"}, headers=prosecutor.headers)
    assert wrong.status_code == 400
    right = {**body, "code": code_of(prosecutor.email)}
    assert (await client.put(url, json=right, headers=prosecutor.headers)).status_code == 204


async def test_the_roles_that_need_a_second_factor_are_a_setting(
    client: httpx.AsyncClient,
    newcomer: Account,
    monkeypatch: pytest.MonkeyPatch,
    fresh_settings: None,
) -> None:
    monkeypatch.setenv("SECOND_FACTOR_ROLES", "coordinator")
    get_settings.cache_clear()
    await sign_in_by_password(client, newcomer.email)
    assert (await client.get("/api/v1/auth/me")).json()["user"]["stage"] == "full"
    monkeypatch.setenv("SECOND_FACTOR_ROLES", "coordinator,judge")
    get_settings.cache_clear()
    with pytest.raises(SettingsError):
        get_settings()

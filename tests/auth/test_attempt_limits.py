"""Sign-in attempts are limited per client address and per account, whether or not the
account exists, and the limits are the ones the OpenAPI publishes."""

from __future__ import annotations

import re

import httpx

from interpreters.audit.tables import AuditEntry
from interpreters.settings import get_settings
from tests.factories import PASSWORD, Account, app_client, script_token

LOGIN = "/api/v1/auth/login"


async def _try(email: str, password: str, address: str) -> httpx.Response:
    async with app_client(address=address) as client:
        return await client.post(LOGIN, json={"email": email, "password": password})


async def test_guessing_one_accounts_password_from_many_addresses_is_stopped(
    coordinator: Account,
) -> None:
    limit = get_settings().login_attempts_per_account
    guesses = [await _try(coordinator.email, f"guess-{n}", f"10.0.0.{n}") for n in range(limit)]
    assert [r.status_code for r in guesses] == [401] * limit
    # Even the right password waits now: the count does not tell a guesser when they hit it.
    stopped = await _try(coordinator.email, PASSWORD, "10.0.1.1")
    assert stopped.status_code == 429
    assert stopped.headers["content-type"].startswith("application/problem+json")
    wait = int(stopped.headers["retry-after"])
    assert 0 < wait <= get_settings().login_account_window_minutes * 60
    assert f"{wait} seconds" in stopped.json()["detail"]
    # Another account is not held up.
    other = await _try("someone.else@example.org", "x", "10.0.1.2")
    assert other.status_code == 401


async def test_an_unknown_account_is_limited_alike_so_the_limit_tells_nothing(
    coordinator: Account,
) -> None:
    limit = get_settings().login_attempts_per_account
    for email in (coordinator.email, "nobody@example.org"):
        for n in range(limit):
            await _try(email, "wrong", f"10.1.{n}.1")
    known = await _try(coordinator.email, "wrong", "10.2.0.1")
    unknown = await _try("nobody@example.org", "wrong", "10.2.0.2")
    assert known.status_code == unknown.status_code == 429
    # The same answer but for the seconds left, which run from each account's first attempt.
    assert re.sub(r"\d+", "N", known.text) == re.sub(r"\d+", "N", unknown.text)


async def test_a_finished_sign_in_clears_the_accounts_count(coordinator: Account) -> None:
    limit = get_settings().login_attempts_per_account
    for n in range(limit - 1):
        assert (await _try(coordinator.email, "wrong", f"10.3.{n}.1")).status_code == 401
    # The password and the code together count as one attempt.
    async with app_client(address="10.3.9.1") as client:
        await script_token(client, coordinator.email)
    for n in range(limit - 1):
        assert (await _try(coordinator.email, "wrong", f"10.4.{n}.1")).status_code == 401


async def test_one_address_trying_many_accounts_is_stopped(client: httpx.AsyncClient) -> None:
    limit = get_settings().login_attempts_per_minute
    answers = [
        await client.post(LOGIN, json={"email": f"u{n}@example.org", "password": "x"})
        for n in range(limit + 1)
    ]
    assert [r.status_code for r in answers] == [401] * limit + [429]
    spanish = await client.post(
        LOGIN,
        json={"email": "u@example.org", "password": "x"},
        headers={"accept-language": "es"},
    )
    assert spanish.json()["title"] == "Demasiadas solicitudes"
    assert "Demasiados intentos de inicio de sesión" in spanish.json()["detail"]
    # Refused attempts are not audited as failed sign-ins: no password was checked.
    failed = await AuditEntry.count().where(AuditEntry.action == "login_failed")
    assert failed == limit


async def test_the_openapi_publishes_the_limits(client: httpx.AsyncClient) -> None:
    settings = get_settings()
    login = (await client.get("/schema/openapi.json")).json()["paths"][LOGIN]["post"]
    assert "429" in login["responses"]
    assert f"At most {settings.login_attempts_per_minute} attempts a minute" in login["description"]
    assert f"{settings.login_attempts_per_account} attempts on one account" in login["description"]

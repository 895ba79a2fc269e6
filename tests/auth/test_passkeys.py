"""Passkeys (WebAuthn): set up as the first second factor at enrolment, given at sign-in
after the password, or used alone to sign in; an answer is good once and only for its own
account; removing the last factor a role needs is refused; a coordinator's reset forgets
them. Answers come from a software authenticator signing for real (see `authenticator`)."""

from __future__ import annotations

from collections.abc import Iterator

import cbor2
import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.auth.tables import Passkey, PasskeyChallenge
from interpreters.principal import Role
from interpreters.settings import get_settings
from tests.auth.authenticator import Authenticator, unb64url
from tests.auth.test_second_factor import FACTOR, actions, enrol, sign_in_by_password
from tests.factories import PASSWORD, Account, app_client, make_account, make_institution

ORIGIN = "https://interpretes.example.org"


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Passkeys belong to a host name: browsers refuse an IP address."""
    monkeypatch.setenv("PUBLIC_URL", ORIGIN)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
async def newcomer() -> Account:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    return await make_account(
        Role.PROSECUTOR, "nuevo@example.org", institution_id=office, second_factor=False
    )


async def add_passkey(
    client: httpx.AsyncClient, csrf: dict[str, str], device: Authenticator, name: str = "Portátil"
) -> httpx.Response:
    options = await client.post(f"{FACTOR}/passkeys/options", headers=csrf)
    assert options.status_code == 200, options.text
    body = options.json()
    credential = device.create(body["options"])
    return await client.post(
        f"{FACTOR}/passkeys",
        json={"ticket": body["ticket"], "credential": credential, "name": name},
        headers=csrf,
    )


async def answer(
    client: httpx.AsyncClient, csrf: dict[str, str], device: Authenticator
) -> tuple[str, dict[str, object]]:
    """A ticket and the device's answer to a challenge for the signed-in account's passkeys."""
    options = await client.post(f"{FACTOR}/passkey/options", headers=csrf)
    assert options.status_code == 200, options.text
    return options.json()["ticket"], device.get(options.json()["options"])


async def test_a_passkey_is_the_first_second_factor_then_finishes_each_sign_in(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    device = Authenticator(ORIGIN)
    csrf = await sign_in_by_password(client, newcomer.email)
    assert (await client.get("/api/v1/requests")).status_code == 403
    added = await add_passkey(client, csrf, device)
    assert added.status_code == 201, added.text
    assert added.json()["passkey"]["name"] == "Portátil"
    # The first second factor comes with its recovery codes, shown this once.
    assert len(added.json()["recovery_codes"]) == 10
    assert (await client.get("/api/v1/requests")).status_code == 200
    status = (await client.get(FACTOR)).json()
    assert status["enrolled"] is True
    assert (status["totp"], status["passkeys"]) == (False, 1)
    # What is kept is the public key, as COSE (ES256).
    [stored] = await Passkey.select()
    assert cbor2.loads(unb64url(stored["public_key"]))[3] == -7

    csrf = await sign_in_by_password(client, newcomer.email)
    assert (await client.get("/api/v1/auth/me")).json()["user"]["stage"] == "second_factor"
    ticket, signed = await answer(client, csrf, device)
    done = await client.post(
        f"{FACTOR}/passkey/verify", json={"ticket": ticket, "credential": signed}, headers=csrf
    )
    assert done.status_code == 200, done.text
    assert done.json()["user"]["stage"] == "full"
    assert (await client.get("/api/v1/requests")).status_code == 200
    assert (await client.get(f"{FACTOR}/passkeys")).json()[0]["last_used_at"] is not None
    assert {"passkey_added", "second_factor_given"} <= set(await actions())

    # An answer is good once: its challenge is spent.
    csrf = await sign_in_by_password(client, newcomer.email)
    replayed = await client.post(
        f"{FACTOR}/passkey/verify", json={"ticket": ticket, "credential": signed}, headers=csrf
    )
    assert replayed.status_code == 400
    assert replayed.json()["errors"][0]["field"] == "ticket"
    assert (await client.get("/api/v1/requests")).status_code == 403


async def test_a_passkey_of_another_account_or_a_forged_answer_is_refused_and_audited(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    other = await make_account(Role.INTERPRETER, "otra@example.org", second_factor=False)
    theirs, mine = Authenticator(ORIGIN), Authenticator(ORIGIN)
    async with app_client() as second:
        assert (
            await add_passkey(second, await sign_in_by_password(second, other.email), theirs)
        ).status_code == 201
    assert (
        await add_passkey(client, await sign_in_by_password(client, newcomer.email), mine)
    ).status_code == 201

    csrf = await sign_in_by_password(client, newcomer.email)
    ticket, signed = await answer(client, csrf, theirs)
    refused = await client.post(
        f"{FACTOR}/passkey/verify", json={"ticket": ticket, "credential": signed}, headers=csrf
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "credential"

    ticket, signed = await answer(client, csrf, mine)
    forged = {**signed, "response": {**signed["response"], "signature": "AAAA"}}  # type: ignore[dict-item]
    refused = await client.post(
        f"{FACTOR}/passkey/verify", json={"ticket": ticket, "credential": forged}, headers=csrf
    )
    assert refused.status_code == 400
    assert (await client.get("/api/v1/requests")).status_code == 403
    failed = await AuditEntry.select().where(AuditEntry.action == "passkey_failed")
    assert [entry["record_id"] for entry in failed] == [newcomer.user_id] * 2


async def test_a_passkey_alone_signs_in_but_not_for_a_deactivated_account(
    client: httpx.AsyncClient, newcomer: Account, coordinator: Account
) -> None:
    device = Authenticator(ORIGIN)
    await add_passkey(client, await sign_in_by_password(client, newcomer.email), device)
    await client.post("/api/v1/auth/logout", headers={"x-csrf-token": ""})
    client.cookies.clear()

    options = (await client.post("/api/v1/auth/passkey/options")).json()
    # Any passkey of this service may answer: the passkey names its account.
    assert (
        "allowCredentials" not in options["options"] or not options["options"]["allowCredentials"]
    )
    assert options["options"]["userVerification"] == "required"
    signed = device.get(options["options"])
    login = await client.post(
        "/api/v1/auth/passkey/login", json={"ticket": options["ticket"], "credential": signed}
    )
    assert login.status_code == 200, login.text
    assert login.json()["user"]["email"] == newcomer.email
    assert login.json()["user"]["stage"] == "full"
    assert (await client.get("/api/v1/requests")).status_code == 200
    assert "login_passkey" in await actions()

    deactivated = await client.post(
        f"/api/v1/users/{newcomer.user_id}/deactivate", headers=coordinator.headers
    )
    assert deactivated.status_code == 200
    client.cookies.clear()
    options = (await client.post("/api/v1/auth/passkey/options")).json()
    refused = await client.post(
        "/api/v1/auth/passkey/login",
        json={"ticket": options["ticket"], "credential": device.get(options["options"])},
    )
    assert refused.status_code == 401


async def test_the_last_passkey_a_role_needs_stays_until_another_factor_is_set_up(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    csrf = await sign_in_by_password(client, newcomer.email)
    await add_passkey(client, csrf, Authenticator(ORIGIN))
    [passkey] = (await client.get(f"{FACTOR}/passkeys")).json()
    url = f"{FACTOR}/passkeys/{passkey['id']}"
    refused = await client.delete(url, headers=csrf)
    assert refused.status_code == 403
    # With an authenticator app as well, it may go; the recovery codes stay those of the
    # first factor.
    _, codes = await enrol(client, csrf)
    assert codes
    assert (await client.delete(url, headers=csrf)).status_code == 204
    assert (await client.get(f"{FACTOR}/passkeys")).json() == []
    assert "passkey_removed" in await actions()


async def test_a_coordinators_reset_forgets_the_passkeys(
    client: httpx.AsyncClient, newcomer: Account, coordinator: Account
) -> None:
    await add_passkey(
        client, await sign_in_by_password(client, newcomer.email), Authenticator(ORIGIN)
    )
    reset = await client.post(
        f"/api/v1/users/{newcomer.user_id}/second-factor/reset", headers=coordinator.headers
    )
    assert reset.status_code == 200
    assert await Passkey.count() == 0
    await sign_in_by_password(client, newcomer.email)
    assert (await client.get("/api/v1/auth/me")).json()["user"]["stage"] == "enrol"


async def test_a_passkey_confirms_a_new_password(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    device = Authenticator(ORIGIN)
    csrf = await sign_in_by_password(client, newcomer.email)
    await add_passkey(client, csrf, device)
    body = {"current_password": PASSWORD, "new_password": "ceiba quetzal 2026"}
    missing = await client.put("/api/v1/auth/password", json=body, headers=csrf)
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "code"
    ticket, signed = await answer(client, csrf, device)
    changed = await client.put(
        "/api/v1/auth/password",
        json={**body, "passkey": {"ticket": ticket, "credential": signed}},
        headers=csrf,
    )
    assert changed.status_code == 204, changed.text


async def test_recovery_codes_can_be_renewed_and_the_old_ones_stop(
    client: httpx.AsyncClient, newcomer: Account
) -> None:
    csrf = await sign_in_by_password(client, newcomer.email)
    _, old = await enrol(client, csrf)
    renewed = await client.post(f"{FACTOR}/recovery-codes", headers=csrf)
    assert renewed.status_code == 200
    new = renewed.json()["recovery_codes"]
    assert len(new) == 10
    assert not set(new) & set(old)
    assert "recovery_codes_renewed" in await actions()
    csrf = await sign_in_by_password(client, newcomer.email)
    stale = await client.post(f"{FACTOR}/verify", json={"code": old[0]}, headers=csrf)
    assert stale.status_code == 400
    fresh = await client.post(f"{FACTOR}/verify", json={"code": new[0]}, headers=csrf)
    assert fresh.status_code == 200


async def test_passkey_challenges_are_limited_per_address_and_need_a_host_name(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = get_settings().login_attempts_per_minute
    statuses = [
        (await client.post("/api/v1/auth/passkey/options")).status_code for _ in range(limit + 1)
    ]
    assert statuses == [200] * limit + [429]
    assert await PasskeyChallenge.count() == limit

    monkeypatch.setenv("PUBLIC_URL", "http://127.0.0.1:8000")
    get_settings.cache_clear()
    newcomer = await make_account(Role.INTERPRETER, "ip@example.org", second_factor=False)
    async with app_client(address="10.0.0.2") as elsewhere:
        csrf = await sign_in_by_password(elsewhere, newcomer.email)
        refused = await elsewhere.post(f"{FACTOR}/passkeys/options", headers=csrf)
        assert refused.status_code == 409
        assert "host name" in refused.json()["detail"]

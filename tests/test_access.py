"""Every route against every role: who may use it, and what each role must not see."""

from __future__ import annotations

import re

import httpx
import pytest

from interpreters.app import create_app
from interpreters.audit.tables import AuditEntry
from interpreters.principal import Role
from interpreters.registry.tables import Credential
from tests.factories import PASSWORD, Account, make_account, make_institution
from tests.registry.factories import TODAY, add_interpreter, credential

CO, PR, IN, CT = Role.COORDINATOR, Role.PROSECUTOR, Role.INTERPRETER, Role.COURT
EVERYONE = {CO, PR, IN, CT}
PUBLIC = "public"

# (method, path template) -> roles allowed; PUBLIC needs no sign-in.
ACCESS: dict[tuple[str, str], set[Role] | str] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/"): PUBLIC,
    ("POST", "/api/v1/auth/login"): PUBLIC,
    # Authorised by the link's token in the body alone.
    ("POST", "/api/v1/auth/password/link"): PUBLIC,
    ("POST", "/api/v1/auth/password/reset"): PUBLIC,
    ("POST", "/api/v1/auth/passkey/options"): PUBLIC,
    ("POST", "/api/v1/auth/passkey/login"): PUBLIC,
    ("GET", "/api/v1/auth/me"): EVERYONE,
    ("GET", "/api/v1/auth/sessions"): EVERYONE,
    ("DELETE", "/api/v1/auth/sessions/{session_id}"): EVERYONE,
    ("PUT", "/api/v1/auth/password"): EVERYONE,
    ("GET", "/api/v1/auth/second-factor"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/totp"): EVERYONE,
    ("GET", "/api/v1/auth/second-factor/totp/qr.svg"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/totp/confirm"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/verify"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/passkeys/options"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/passkeys"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/passkey/options"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/passkey/verify"): EVERYONE,
    ("GET", "/api/v1/auth/second-factor/passkeys"): EVERYONE,
    ("DELETE", "/api/v1/auth/second-factor/passkeys/{passkey_id}"): EVERYONE,
    ("POST", "/api/v1/auth/second-factor/recovery-codes"): EVERYONE,
    ("GET", "/api/v1/institutions"): {CO, PR, CT},
    ("POST", "/api/v1/institutions"): {CO},
    ("GET", "/api/v1/institutions/{institution_id}/webhooks"): {CO},
    ("POST", "/api/v1/institutions/{institution_id}/webhooks"): {CO},
    ("DELETE", "/api/v1/institutions/{institution_id}/webhooks/{webhook_id}"): {CO},
    ("GET", "/api/v1/users"): {CO},
    ("POST", "/api/v1/users"): {CO},
    ("PATCH", "/api/v1/users/{user_id}"): {CO},
    ("POST", "/api/v1/users/{user_id}/invitation"): {CO},
    ("POST", "/api/v1/users/{user_id}/deactivate"): {CO},
    ("POST", "/api/v1/users/{user_id}/reactivate"): {CO},
    ("POST", "/api/v1/users/{user_id}/second-factor/reset"): {CO},
    ("GET", "/api/v1/audit"): {CO},
    ("GET", "/api/v1/languages"): EVERYONE,
    ("GET", "/api/v1/interpreters"): {CO, PR, CT},
    ("POST", "/api/v1/interpreters"): {CO},
    ("GET", "/api/v1/interpreters/{interpreter_id}"): EVERYONE,
    ("PATCH", "/api/v1/interpreters/{interpreter_id}"): {CO, IN},
    ("PUT", "/api/v1/interpreters/{interpreter_id}/skills"): {CO, IN},
    ("POST", "/api/v1/interpreters/{interpreter_id}/credentials"): {CO, IN},
    ("PUT", "/api/v1/interpreters/{interpreter_id}/credentials/{credential_id}"): {CO, IN},
    ("POST", "/api/v1/interpreters/{interpreter_id}/credentials/{credential_id}/verify"): {CO},
    ("POST", "/api/v1/interpreters/{interpreter_id}/vetting"): {CO},
    ("POST", "/api/v1/interpreters/{interpreter_id}/conflicts"): {CO, IN},
    ("GET", "/api/v1/interpreters/{interpreter_id}/case-blocks"): {CO},
    ("POST", "/api/v1/interpreters/{interpreter_id}/case-blocks"): {CO},
    ("DELETE", "/api/v1/interpreters/{interpreter_id}/case-blocks/{block_id}"): {CO},
    ("GET", "/api/v1/registry/coverage"): {CO},
    ("GET", "/api/v1/registry/export.csv"): {CO},
    ("POST", "/api/v1/registry/import"): {CO},
    ("GET", "/api/v1/interpreters/{interpreter_id}/availability"): {CO, IN},
    ("PUT", "/api/v1/interpreters/{interpreter_id}/availability/weekly"): {CO, IN},
    ("PUT", "/api/v1/interpreters/{interpreter_id}/availability/limits"): {CO, IN},
    ("PUT", "/api/v1/interpreters/{interpreter_id}/availability/overrides/{day}"): {CO, IN},
    ("DELETE", "/api/v1/interpreters/{interpreter_id}/availability/overrides/{day}"): {CO, IN},
    ("POST", "/api/v1/interpreters/{interpreter_id}/availability/time-off"): {CO, IN},
    ("DELETE", "/api/v1/interpreters/{interpreter_id}/availability/time-off/{time_off_id}"): {
        CO,
        IN,
    },
    ("GET", "/api/v1/interpreters/{interpreter_id}/availability/export.ics"): {CO, IN},
    ("POST", "/api/v1/interpreters/{interpreter_id}/availability/import"): {CO, IN},
    ("POST", "/api/v1/requests"): {PR, CT},
    ("GET", "/api/v1/requests"): {CO, PR, CT},
    ("GET", "/api/v1/requests/{request_id}"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/booking"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/assign"): {CO},
    ("POST", "/api/v1/requests/{request_id}/reschedule"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/restaff"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/cancel"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/complete"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/no-show"): {CO, PR, CT},
    ("GET", "/api/v1/requests/{request_id}/history"): {CO, PR, CT},
    ("GET", "/api/v1/requests/{request_id}/candidates"): {CO, PR, CT},
    ("POST", "/api/v1/requests/{request_id}/offers"): {CO, PR, CT},
    ("GET", "/api/v1/requests/{request_id}/offers"): {CO, PR, CT},
    ("GET", "/api/v1/offers"): {IN},
    ("POST", "/api/v1/offers/{offer_id}/accept"): {IN},
    ("POST", "/api/v1/offers/{offer_id}/decline"): {IN},
    ("GET", "/api/v1/assignments"): {IN},
    ("GET", "/api/v1/notices"): EVERYONE,
    ("POST", "/api/v1/notices/{notice_id}/read"): EVERYONE,
    ("GET", "/api/v1/outbox"): {CO},
    ("GET", "/api/v1/outbox/{message_id}/message.eml"): {CO},
    ("GET", "/api/v1/credential-rules/{country}"): {CO, PR, CT},
    ("PUT", "/api/v1/credential-rules/{country}/{session_kind}"): {CO},
    ("DELETE", "/api/v1/credential-rules/{country}/{session_kind}"): {CO},
    ("GET", "/api/v1/facilities"): {CO, PR, CT},
    ("POST", "/api/v1/facilities"): {CO},
    ("PATCH", "/api/v1/facilities/{facility_id}"): {CO},
    ("GET", "/api/v1/facilities/{facility_id}/holds"): {CO, PR, CT},
    ("GET", "/api/v1/freebusy"): EVERYONE,
    ("GET", "/api/v1/freebusy/ics"): EVERYONE,
    ("POST", "/api/v1/calendar/feed"): EVERYONE,
    ("GET", "/api/v1/calendar/feed"): EVERYONE,
    ("DELETE", "/api/v1/calendar/feed"): EVERYONE,
    # Authorised by the token in the address alone.
    ("GET", "/calendar/feed/{filename}"): PUBLIC,
    ("GET", "/calendar/answer/{token}"): PUBLIC,
    ("POST", "/calendar/answer/{token}"): PUBLIC,
    ("GET", "/api/v1/requests/{request_id}/room/participants"): {PR, CT},
    ("POST", "/api/v1/requests/{request_id}/room/participants"): {PR, CT},
    ("POST", "/api/v1/requests/{request_id}/room/participants/{participant_id}/renew"): {PR, CT},
    ("DELETE", "/api/v1/requests/{request_id}/room/participants/{participant_id}"): {PR, CT},
    ("GET", "/api/v1/requests/{request_id}/room/recordings"): {PR, CT},
    ("GET", "/api/v1/recordings/{recording_id}/file"): {PR, CT},
    # Authorised by the join token in the body alone.
    ("POST", "/api/v1/video/check"): PUBLIC,
    ("POST", "/api/v1/video/probe"): PUBLIC,
    # Last: it changes the record the routes above use.
    ("DELETE", "/api/v1/interpreters/{interpreter_id}/credentials/{credential_id}"): {CO, IN},
    # Last of all: it ends the session.
    ("POST", "/api/v1/auth/logout"): EVERYONE,
}
QUERIES = {
    "/api/v1/languages": "?q=quc",
    "/api/v1/freebusy": "?interpreter={interpreter_id}",
    "/api/v1/freebusy/ics": "?interpreter={interpreter_id}",
}


def _path(template: str, interpreter_id: int, credential_id: int) -> str:
    return (template + QUERIES.get(template, "")).format(
        interpreter_id=interpreter_id,
        credential_id=credential_id,
        day="2026-12-24",
        time_off_id=1,
        block_id=1,
        passkey_id=1,
        request_id=1,
        offer_id=1,
        notice_id=1,
        facility_id=1,
        institution_id=1,
        webhook_id=1,
        message_id=1,
        participant_id=1,
        recording_id=1,
        # No such session or account: ending the caller's own would sign them out.
        session_id=999999,
        user_id=999999,
        country="HN",
        session_kind="court_hearing",
        filename="unknown.ics",
        token="unknown",
    )


def _app_routes() -> set[tuple[str, str]]:
    found = set()
    for route in create_app().routes:
        if route.path.startswith(("/schema", "/ui")):
            continue
        for handler in getattr(route, "route_handlers", []):
            for method in handler.http_methods - {"HEAD", "OPTIONS"}:
                found.add((method, re.sub(r":\w+}", "}", route.path)))
    return found


def test_the_table_covers_every_route_of_the_app() -> None:
    assert _app_routes() == set(ACCESS)


def test_every_route_handler_declares_a_guard() -> None:
    """Schema and static files included; only Litestar's automatic OPTIONS answers have none."""
    for route in create_app().routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.http_methods != {"OPTIONS"}:
                assert handler.resolve_guards(), f"{route.path} has no guard"


async def _accounts() -> tuple[dict[Role, Account], int, int]:
    interpreter_id = await add_interpreter(
        1, credentials=[credential("court_certified", TODAY, None, "quc")]
    )
    credential_id = (await Credential.select(Credential.id).first() or {})["id"]
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    court_id = await make_institution("CR", "court", "America/Costa_Rica")
    accounts = {
        CO: await make_account(CO, "c@example.org"),
        PR: await make_account(PR, "p@example.org", institution_id=office),
        CT: await make_account(CT, "k@example.org", institution_id=court_id),
        IN: await make_account(IN, "i@example.org", interpreter_id=interpreter_id),
    }
    return accounts, interpreter_id, credential_id


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: str(r or "anonymous"))
async def test_each_role_reaches_exactly_its_routes(
    client: httpx.AsyncClient, role: Role | None
) -> None:
    accounts, interpreter_id, credential_id = await _accounts()
    headers = accounts[role].headers if role else {}
    for (method, template), allowed in ACCESS.items():
        path = _path(template, interpreter_id, credential_id)
        response = await client.request(method, path, headers=headers, follow_redirects=False)
        denied = response.status_code in {401, 403}
        if allowed == PUBLIC or (role is not None and role in allowed):
            assert not denied, (role, method, template, response.text)
        else:
            assert response.status_code == (403 if role else 401), (role, method, template)
            assert response.headers["content-type"].startswith("application/problem+json")


# Open before the second factor is given or set up: what finishing the sign-in needs. Managing
# the factors once there is not.
SIGNING_IN = {
    ("GET", "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/logout"),
    *(
        (method, path)
        for method, path in ACCESS
        if path.startswith("/api/v1/auth/second-factor")
        and not (method in {"GET", "DELETE"} and "/passkeys" in path)
        and not path.endswith("/recovery-codes")
    ),
}


@pytest.mark.parametrize("stage", ["enrol", "second_factor"])
async def test_before_the_second_factor_only_finishing_the_sign_in_is_open(
    client: httpx.AsyncClient, stage: str
) -> None:
    """Skipping the second factor by calling the API directly gets nothing."""
    accounts, interpreter_id, credential_id = await _accounts()
    office = accounts[PR].institution_id
    person = await make_account(
        PR, "nuevo@example.org", institution_id=office, second_factor=stage == "second_factor"
    )
    signed_in = await client.post(
        "/api/v1/auth/login", json={"email": person.email, "password": PASSWORD}
    )
    assert signed_in.json()["user"]["stage"] == stage
    csrf = {"x-csrf-token": signed_in.json()["csrf_token"]}
    refused = 0
    for (method, template), allowed in ACCESS.items():
        if allowed == PUBLIC or (method, template) in SIGNING_IN or PR not in allowed:
            continue
        path = _path(template, interpreter_id, credential_id)
        response = await client.request(method, path, headers=csrf)
        assert response.status_code == 403, (method, template, response.text)
        refused += 1
    assert (await client.get("/api/v1/auth/me")).status_code == 200
    skipped = await AuditEntry.select().where(AuditEntry.action == "second_factor_skipped")
    assert refused > 30
    assert [entry["actor_id"] for entry in skipped] == [person.user_id] * refused


async def test_every_change_made_with_a_session_cookie_needs_the_csrf_token(
    client: httpx.AsyncClient,
) -> None:
    accounts, interpreter_id, credential_id = await _accounts()
    signed_in = await client.post(
        "/api/v1/auth/login", json={"email": accounts[CO].email, "password": PASSWORD}
    )
    csrf = signed_in.json()["csrf_token"]
    for (method, template), allowed in ACCESS.items():
        if method == "GET" or allowed == PUBLIC:
            continue
        response = await client.request(method, _path(template, interpreter_id, credential_id))
        assert response.status_code == 403, (method, template)
        assert "CSRF" in response.json()["detail"]
    assert (
        await client.post("/api/v1/auth/logout", headers={"x-csrf-token": csrf})
    ).status_code == 204


async def test_prosecutor_and_court_never_see_identity_conflicts_or_unvetted(
    client: httpx.AsyncClient, prosecutor: Account, court: Account
) -> None:
    vetted = await add_interpreter(1)
    unvetted = await add_interpreter(2, vetted=False)
    for viewer in (prosecutor, court):
        found = (await client.get("/api/v1/interpreters", headers=viewer.headers)).json()
        assert [item["id"] for item in found["items"]] == [vetted]
        assert found["items"][0]["identity"] is None
        profile = await client.get(f"/api/v1/interpreters/{vetted}", headers=viewer.headers)
        body = profile.json()
        assert body["identity"] is None
        assert body["conflicts"] is None
        assert all(c["number"] is None for c in body["credentials"])
        assert "Legal Name" not in profile.text
        assert "interpreter1@" not in profile.text
        hidden = await client.get(f"/api/v1/interpreters/{unvetted}", headers=viewer.headers)
        assert hidden.status_code == 404


async def test_interpreter_sees_own_identity_but_not_another_record(
    client: httpx.AsyncClient,
) -> None:
    own = await add_interpreter(1)
    other = await add_interpreter(2)
    account = await make_account(IN, "i@example.org", interpreter_id=own)
    mine = await client.get(f"/api/v1/interpreters/{own}", headers=account.headers)
    assert mine.json()["identity"]["legal_name"] == "Legal Name 1"
    assert mine.json()["conflicts"] is None
    theirs = await client.get(f"/api/v1/interpreters/{other}", headers=account.headers)
    assert theirs.status_code == 403
    edit = await client.patch(
        f"/api/v1/interpreters/{other}", json={"phone": "+1 555"}, headers=account.headers
    )
    assert edit.status_code == 403


async def test_prosecutors_and_courts_list_only_their_countrys_institutions(
    client: httpx.AsyncClient, prosecutor: Account, court: Account, coordinator: Account
) -> None:
    await make_institution("GT", "court", "America/Guatemala")
    for viewer, country in ((prosecutor, "HN"), (court, "CR")):
        rows = (await client.get("/api/v1/institutions", headers=viewer.headers)).json()
        assert {row["country"] for row in rows} == {country}
    everyone = (await client.get("/api/v1/institutions", headers=coordinator.headers)).json()
    assert {row["country"] for row in everyone} == {"HN", "CR", "GT"}


async def test_scoped_coordinator_sees_identity_only_within_their_countries(
    client: httpx.AsyncClient,
) -> None:
    inside = await add_interpreter(1, country="GT", countries_served=["GT"])
    outside = await add_interpreter(
        2, country="PA", timezone="America/Panama", countries_served=["PA"]
    )
    scoped = await make_account(CO, "gt@example.org", countries="GT")
    await make_institution("GT", "court", "America/Guatemala")
    await make_institution("PA", "court", "America/Panama")
    institutions = (await client.get("/api/v1/institutions", headers=scoped.headers)).json()
    assert [row["country"] for row in institutions] == ["GT"]
    seen = await client.get(f"/api/v1/interpreters/{inside}", headers=scoped.headers)
    assert seen.json()["identity"] is not None
    unseen = await client.get(f"/api/v1/interpreters/{outside}", headers=scoped.headers)
    assert unseen.json()["identity"] is None
    vet = await client.post(
        f"/api/v1/interpreters/{outside}/vetting",
        json={"status": "suspended"},
        headers=scoped.headers,
    )
    assert vet.status_code == 403


MALFORMED_BODIES = {
    "nested 5,000 deep": "[" * 5000 + "]" * 5000,
    "nested 1,000 deep in an object": '{"a":' * 1000 + "1" + "}" * 1000,
    "cut short": '{"email": "x',
    "not JSON": "{email: x}",
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
async def test_every_malformed_body_is_a_400_problem_in_spanish(
    client: httpx.AsyncClient, body: str
) -> None:
    accounts, interpreter_id, credential_id = await _accounts()
    for (method, template), allowed in ACCESS.items():
        if method in {"GET", "DELETE"} or template == "/api/v1/auth/logout":
            continue
        account = accounts[CO if isinstance(allowed, str) or CO in allowed else min(allowed)]
        response = await client.request(
            method,
            _path(template, interpreter_id, credential_id),
            content=body,
            headers={
                **account.headers,
                "content-type": "application/json",
                "accept-language": "es",
            },
        )
        if response.status_code != 400:
            # A route that reads no body; it must not have failed on this one.
            assert response.status_code < 500, (method, template, response.text)
            continue
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["title"] == "Solicitud no válida", (method, template, problem)
        assert "JSON" not in problem["title"]

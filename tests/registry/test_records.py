"""Creating, editing, vetting and verifying interpreter records; bad input stores nothing."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import httpx
import pytest

from interpreters.principal import Role
from interpreters.registry.tables import Credential, Interpreter, LanguageSkill
from tests.factories import Account, make_account
from tests.registry.factories import TODAY, add_interpreter, credential, interpreter_data

BASE = "/api/v1/interpreters"


async def test_coordinator_registers_an_applicant_with_skills_and_credentials(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    body = interpreter_data(
        1,
        skills=[
            {"language": "mfs", "proficiency": 5, "modes": ["simultaneous"]},
            {
                "language": "bzj",
                "working_language": "eng",
                "direction": "into_working",
                "proficiency": 3,
            },
        ],
        credentials=[credential("sign_language_certification", TODAY, None, "mfs")],
    )
    response = await client.post(BASE, json=body, headers=coordinator.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["vetting"]["status"] == "applicant"
    assert created["identity"]["national_id"] == "ID-1"
    assert {s["language"] for s in created["skills"]} == {"mfs", "bzj"}
    assert created["credentials"][0]["verified"] is False
    assert created["vetting"]["history"][0]["status"] == "applicant"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"skills": [{"language": "zzz", "proficiency": 3}]}, "skills.0.language"),
        ({"timezone": "America/Atlantis"}, "timezone"),
        ({"countries_served": ["XX"]}, "countries_served.0"),
        (
            {"credentials": [credential("court_certified", TODAY, TODAY - timedelta(days=1))]},
            "credentials.0",
        ),
        ({"skills": [{"language": "quc", "proficiency": 7}]}, "skills.0.proficiency"),
        ({"email": "not-an-email"}, "email"),
        ({"gender": "other"}, "gender"),
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    client: httpx.AsyncClient, coordinator: Account, change: dict[str, Any], field: str
) -> None:
    response = await client.post(
        BASE, json=interpreter_data(1, **change), headers=coordinator.headers
    )
    assert response.status_code == 400
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"].endswith(field) for e in problem["errors"]), problem
    assert await Interpreter.count() == 0


async def test_duplicate_email_is_a_conflict_and_malformed_json_a_clear_400(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    await add_interpreter(1)
    duplicate = await client.post(
        BASE, json=interpreter_data(1, display_name="Other"), headers=coordinator.headers
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "email"
    malformed = await client.post(
        BASE,
        content=b'{"display_name": ',
        headers={**coordinator.headers, "content-type": "application/json"},
    )
    assert malformed.status_code == 400
    assert malformed.json()["status"] == 400
    assert await Interpreter.count() == 1


async def test_interpreter_edits_own_contact_details_and_skills_but_not_identity(
    client: httpx.AsyncClient,
) -> None:
    own = await add_interpreter(1)
    account = await make_account(Role.INTERPRETER, "i@example.org", interpreter_id=own)
    changed = await client.patch(
        f"{BASE}/{own}",
        json={
            "phone": "+502 5555 1234",
            "specialisations": ["minors", "court"],
            "timezone": "Europe/Madrid",
        },
        headers=account.headers,
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["identity"]["phone"] == "+502 5555 1234"
    assert body["specialisations"] == ["court", "minors"]
    assert body["timezone"] == "Europe/Madrid"
    refused = await client.patch(
        f"{BASE}/{own}", json={"legal_name": "Someone Else"}, headers=account.headers
    )
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"] == "legal_name"
    skills = await client.put(
        f"{BASE}/{own}/skills",
        json=[{"language": "kek", "proficiency": 4, "modes": ["consecutive"]}],
        headers=account.headers,
    )
    assert skills.status_code == 200
    assert [s["language"] for s in await LanguageSkill.select(LanguageSkill.language)] == ["kek"]


async def test_a_change_to_a_verified_credential_returns_it_to_unverified(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    own = await add_interpreter(
        1, credentials=[credential("court_certified", TODAY - timedelta(days=10), None, "quc")]
    )
    account = await make_account(Role.INTERPRETER, "i@example.org", interpreter_id=own)
    credential_id = (await Credential.select(Credential.id).first() or {})["id"]
    url = f"{BASE}/{own}/credentials/{credential_id}"
    verified = await client.post(f"{url}/verify", headers=coordinator.headers)
    assert verified.json()["credentials"][0]["verified"] is True
    assert verified.json()["credentials"][0]["verified_by"] == coordinator.user_id
    edited = await client.put(
        url,
        json=credential("court_certified", TODAY - timedelta(days=10), None, "kek"),
        headers=account.headers,
    )
    assert edited.status_code == 200
    assert edited.json()["credentials"][0]["verified"] is False
    assert edited.json()["credentials"][0]["valid_today"] is False


async def test_vetting_needs_its_checks_and_follows_the_allowed_transitions(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    applicant = await add_interpreter(1, vetted=False)
    url = f"{BASE}/{applicant}/vetting"
    incomplete = await client.post(url, json={"status": "vetted"}, headers=coordinator.headers)
    assert incomplete.status_code == 400
    assert incomplete.json()["errors"][0]["field"] == "background_check_on"
    checks = {
        "background_check_on": (TODAY - timedelta(days=3)).isoformat(),
        "background_check_expires_on": (TODAY + timedelta(days=700)).isoformat(),
        "confidentiality_signed_on": TODAY.isoformat(),
        "code_of_conduct_accepted_on": TODAY.isoformat(),
    }
    vetted = await client.post(
        url, json={"status": "vetted", **checks}, headers=coordinator.headers
    )
    assert vetted.status_code == 200
    assert vetted.json()["vetting"]["valid"] is True
    for status in ("suspended", "revoked"):
        step = await client.post(
            url, json={"status": status, "note": "review"}, headers=coordinator.headers
        )
        assert step.json()["vetting"]["status"] == status
    final = await client.post(url, json={"status": "vetted"}, headers=coordinator.headers)
    assert final.status_code == 409
    history = [e["status"] for e in step.json()["vetting"]["history"]]
    assert history == ["applicant", "vetted", "suspended", "revoked"]


async def test_conflicts_are_declared_by_the_interpreter_and_read_by_coordinators_only(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    own = await add_interpreter(1)
    account = await make_account(Role.INTERPRETER, "i@example.org", interpreter_id=own)
    declared = await client.post(
        f"{BASE}/{own}/conflicts",
        json={"community": "Aldea X", "description": "Family ties in the community"},
        headers=account.headers,
    )
    assert declared.status_code == 201
    seen = await client.get(f"{BASE}/{own}", headers=coordinator.headers)
    assert seen.json()["conflicts"][0]["community"] == "Aldea X"
    for viewer in (account, prosecutor):
        body = (await client.get(f"{BASE}/{own}", headers=viewer.headers)).json()
        assert body["conflicts"] is None


async def test_the_working_language_defaults_to_english_in_belize_and_spanish_elsewhere(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    belize = interpreter_data(
        1,
        country="BZ",
        timezone="America/Belize",
        countries_served=["BZ"],
        skills=[{"language": "bzj", "proficiency": 4}, {"language": "spa", "proficiency": 5}],
    )
    created = await client.post(BASE, json=belize, headers=coordinator.headers)
    assert {(s["language"], s["working_language"]) for s in created.json()["skills"]} == {
        ("bzj", "eng"),
        ("spa", "eng"),
    }
    honduras = interpreter_data(2, country="HN", skills=[{"language": "miq", "proficiency": 4}])
    created = await client.post(BASE, json=honduras, headers=coordinator.headers)
    assert created.json()["skills"][0]["working_language"] == "spa"
    itself = interpreter_data(3, skills=[{"language": "spa", "proficiency": 5}])
    refused = await client.post(BASE, json=itself, headers=coordinator.headers)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "skills.0.working_language"


async def test_concurrent_vetting_changes_never_undo_a_revocation(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    interpreter_id = await add_interpreter(1)
    url = f"{BASE}/{interpreter_id}/vetting"
    statuses = ["suspended", "revoked", "suspended", "revoked", "suspended"]
    responses = await asyncio.gather(
        *(client.post(url, json={"status": s}, headers=coordinator.headers) for s in statuses)
    )
    assert {r.status_code for r in responses} <= {200, 409}
    final = (await client.get(f"{BASE}/{interpreter_id}", headers=coordinator.headers)).json()
    history = [event["status"] for event in final["vetting"]["history"]]
    # Every step follows the allowed transitions, and nothing follows a revocation.
    allowed = {
        ("applicant", "vetted"),
        ("vetted", "suspended"),
        ("vetted", "revoked"),
        ("suspended", "vetted"),
        ("suspended", "revoked"),
    }
    # The factory vetted the record without an event: the walk starts from "vetted".
    steps = list(itertools.pairwise(["vetted", *history[1:]]))
    assert all(step in allowed for step in steps), history
    if "revoked" in history:
        assert history[-1] == "revoked"
        assert final["vetting"]["status"] == "revoked"


async def test_concurrent_registrations_all_succeed_and_a_shared_email_wins_once(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    distinct = await asyncio.gather(
        *(
            client.post(BASE, json=interpreter_data(n), headers=coordinator.headers)
            for n in range(1, 11)
        )
    )
    assert [r.status_code for r in distinct] == [201] * 10
    same = await asyncio.gather(
        *(
            client.post(
                BASE,
                json=interpreter_data(99, display_name=f"Twin {n}"),
                headers=coordinator.headers,
            )
            for n in range(5)
        )
    )
    assert sorted(r.status_code for r in same) == [201, 409, 409, 409, 409]
    assert await Interpreter.count() == 11


async def test_vetting_dates_must_be_in_order_and_not_in_the_future(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    applicant = await add_interpreter(1, vetted=False)
    url = f"{BASE}/{applicant}/vetting"
    future = (TODAY + timedelta(days=30)).isoformat()
    checks = {
        "background_check_on": future,
        "background_check_expires_on": (TODAY + timedelta(days=700)).isoformat(),
        "confidentiality_signed_on": TODAY.isoformat(),
        "code_of_conduct_accepted_on": TODAY.isoformat(),
    }
    ahead = await client.post(url, json={"status": "vetted", **checks}, headers=coordinator.headers)
    assert ahead.status_code == 400
    assert ahead.json()["errors"][0]["field"] == "background_check_on"
    backwards = {
        "status": "revoked",
        "background_check_on": TODAY.isoformat(),
        "background_check_expires_on": (TODAY - timedelta(days=9)).isoformat(),
    }
    refused = await client.post(url, json=backwards, headers=coordinator.headers)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "background_check_expires_on"


async def test_interpreters_do_not_see_the_coordinators_vetting_notes(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    own = await add_interpreter(1)
    account = await make_account(Role.INTERPRETER, "i@example.org", interpreter_id=own)
    await client.post(
        f"{BASE}/{own}/vetting",
        json={"status": "suspended", "note": "complaint"},
        headers=coordinator.headers,
    )
    mine = await client.get(f"{BASE}/{own}", headers=account.headers)
    assert mine.json()["vetting"]["status"] == "suspended"
    assert mine.json()["vetting"]["history"] is None
    assert "complaint" not in mine.text


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PATCH", "{base}/{id}", {}, "body"),
        ("PATCH", "{base}/{id}", {"display_name": "Bad\u0000name"}, "display_name"),
        ("PATCH", "{base}/{id}", {"phone": None}, "phone"),
        (
            "PUT",
            "{base}/{id}/skills",
            [{"language": "quc", "proficiency": 3, "variety": f"v{n}"} for n in range(31)],
            "skills",
        ),
        (
            "POST",
            "{base}/{id}/credentials",
            {"kind": "other", "issuer": "A; B", "issued_on": "2024-01-01"},
            "issuer",
        ),
        ("GET", "{base}/99999999999999999999", None, "interpreter_id"),
        ("GET", "{base}?offset=100000000000000000000", None, "offset"),
        ("GET", "{base}?name=%00", None, "name"),
        ("GET", "/api/v1/registry/coverage?on=9999-12-20", None, "on"),
        ("GET", "/api/v1/audit?record_id=99999999999", None, "record_id"),
    ],
)
async def test_out_of_range_and_unclean_input_is_a_clear_400(
    client: httpx.AsyncClient,
    coordinator: Account,
    method: str,
    path: str,
    body: Any,
    field: str,
) -> None:
    interpreter_id = await add_interpreter(1)
    url = path.format(base=BASE, id=interpreter_id)
    response = await client.request(method, url, json=body, headers=coordinator.headers)
    assert response.status_code == 400, response.text
    fields = [e["field"] for e in response.json().get("errors", [])]
    assert any(f.split(".")[0] == field or f.endswith(field) for f in fields), fields

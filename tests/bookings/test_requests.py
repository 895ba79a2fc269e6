"""Prosecutors and courts ask for interpreters: pseudonyms only, in their own zone, with the
credentials each kind of session needs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from interpreters.principal import Role
from tests.bookings.factories import NEXT_WEEK, ask
from tests.factories import Account, make_account, make_institution


async def test_a_prosecutor_asks_in_the_offices_zone_and_gets_the_default_needs(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    created = await ask(client, prosecutor, latest_start=f"{NEXT_WEEK}T15:00:00")
    assert created.status_code == 201, created.text
    body = created.json()
    # The office is in Tegucigalpa (UTC-6): its 09:00 is kept as 15:00 UTC.
    assert body["earliest_start"] == f"{NEXT_WEEK}T09:00:00-06:00"
    assert body["latest_start"] == f"{NEXT_WEEK}T15:00:00-06:00"
    assert (body["country"], body["timezone"]) == ("HN", "America/Tegucigalpa")
    assert body["working_language"] == "spa"
    assert body["status"] == "requested"
    assert body["required_credentials"] == [["trauma_informed_training"]]
    assert (
        await client.get(f"/api/v1/requests/{body['id']}", headers=prosecutor.headers)
    ).json() == body


@pytest.mark.parametrize(
    ("kind", "needs"),
    [
        ("court_hearing", [["court_certified", "sworn_expert"]]),
        ("deposition", [["court_certified", "sworn_expert"], ["trauma_informed_training"]]),
        ("minor_forensic_interview", [["child_forensic_training"], ["trauma_informed_training"]]),
        ("psychological_assessment", [["trauma_informed_training"]]),
        ("consular_interview", [["trauma_informed_training"]]),
    ],
)
async def test_each_kind_of_session_needs_its_credentials(
    client: httpx.AsyncClient, court: Account, kind: str, needs: list[list[str]]
) -> None:
    created = await ask(client, court, session_kind=kind)
    assert created.json()["required_credentials"] == needs


async def test_a_coordinator_sets_a_countrys_own_needs_and_returns_to_the_default(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    rule = {"required_credentials": [["sworn_expert"], ["trauma_informed_training"]]}
    url = "/api/v1/credential-rules/HN/victim_interview"
    changed = await client.put(url, json=rule, headers=coordinator.headers)
    assert changed.status_code == 200, changed.text
    [row] = [r for r in changed.json() if r["session_kind"] == "victim_interview"]
    assert row == {"country": "HN", "session_kind": "victim_interview", **rule, "custom": True}
    assert (await ask(client, prosecutor)).json()["required_credentials"] == [
        ["sworn_expert"],
        ["trauma_informed_training"],
    ]
    await client.delete(url, headers=coordinator.headers)
    assert (await ask(client, prosecutor)).json()["required_credentials"] == [
        ["trauma_informed_training"]
    ]
    scoped = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    refused = await client.put(url, json=rule, headers=scoped.headers)
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/credential-rules/HN/victim_interview",
            {"required_credentials": [["magic"]]},
            "required_credentials.0.0",
        ),
        (
            "/api/v1/credential-rules/HN/victim_interview",
            {"required_credentials": [["sworn_expert"], []]},
            "required_credentials.1",
        ),
        ("/api/v1/credential-rules/XX/victim_interview", {"required_credentials": []}, "country"),
        ("/api/v1/credential-rules/HN/seance", {"required_credentials": []}, "session_kind"),
    ],
)
async def test_bad_credential_rules_are_refused(
    client: httpx.AsyncClient, coordinator: Account, path: str, body: dict[str, Any], field: str
) -> None:
    refused = await client.put(path, json=body, headers=coordinator.headers)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"victim_pseudonym": "maria.lopez@example.org"}, "victim_pseudonym"),
        ({"victim_pseudonym": "Tel. +504 9876-5432"}, "victim_pseudonym"),
        ({"case_reference": "9876 5432"}, "case_reference"),
        ({"place": "Llamar al 2222-0000", "modality": "on_site"}, "place"),
        ({"modality": "on_site"}, "body"),
        ({"start": "2020-01-01T09:00:00"}, "start"),
        (
            {"start": f"{NEXT_WEEK}T09:00:00Z", "latest_start": f"{NEXT_WEEK}T08:00:00Z"},
            "latest_start",
        ),
        ({"latest_start": f"{NEXT_WEEK + timedelta(days=20)}T09:00:00"}, "latest_start"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"language": "xxx"}, "language"),
        ({"session_kind": "seance"}, "session_kind"),
        ({"working_language": "quc"}, "body"),
        ({"victim_pseudonym": ""}, "victim_pseudonym"),
    ],
)
async def test_bad_requests_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, prosecutor: Account, changes: dict[str, Any], field: str
) -> None:
    refused = await ask(client, prosecutor, **changes)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == field
    listed = await client.get("/api/v1/requests", headers=prosecutor.headers)
    assert listed.json()["total"] == 0


async def test_case_numbers_with_digits_are_not_taken_for_phone_numbers(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    for reference in ("MP-2026-0123", "0801-2026-00123"):
        created = await ask(client, prosecutor, case_reference=reference, victim_pseudonym="V-17")
        assert created.status_code == 201, created.text


async def test_each_institution_sees_its_own_requests_and_coordinators_their_countries(
    client: httpx.AsyncClient, prosecutor: Account, court: Account, coordinator: Account
) -> None:
    mine = (await ask(client, prosecutor)).json()
    theirs = (await ask(client, court)).json()
    other_office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    colleague = await make_account(Role.PROSECUTOR, "otro@example.org", institution_id=other_office)
    hidden = await client.get(f"/api/v1/requests/{mine['id']}", headers=colleague.headers)
    assert hidden.status_code == 404
    assert (await client.get("/api/v1/requests", headers=colleague.headers)).json()["total"] == 0
    listed = await client.get("/api/v1/requests", headers=court.headers)
    assert [r["id"] for r in listed.json()["items"]] == [theirs["id"]]
    everything = await client.get("/api/v1/requests", headers=coordinator.headers)
    assert {r["id"] for r in everything.json()["items"]} == {mine["id"], theirs["id"]}
    honduras = await make_account(Role.COORDINATOR, "hn@example.org", countries="HN")
    scoped = await client.get("/api/v1/requests", headers=honduras.headers)
    assert [r["id"] for r in scoped.json()["items"]] == [mine["id"]]
    outside = await client.get(f"/api/v1/requests/{theirs['id']}", headers=honduras.headers)
    assert outside.status_code == 404
    by_status = await client.get(
        "/api/v1/requests", params={"status": "confirmed"}, headers=coordinator.headers
    )
    assert by_status.json()["total"] == 0

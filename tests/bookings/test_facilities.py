"""Rooms: coordinators of a country add, change and retire them; requesters of that country
see them and the sessions holding them, in the room's zone, without case or victim data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from interpreters.audit.tables import AuditEntry
from interpreters.principal import Role
from tests.bookings.factories import GESELL, NEXT_WEEK, add_room, ask, book, interpreter
from tests.factories import Account, make_account, make_institution


async def rooms(client: httpx.AsyncClient, account: Account, **params: str) -> list[Any]:
    listed = await client.get("/api/v1/facilities", params=params, headers=account.headers)
    assert listed.status_code == 200, listed.text
    return [(room["country"], room["name"]) for room in listed.json()]


async def test_a_coordinator_adds_rooms_that_requesters_of_the_country_see(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, court: Account
) -> None:
    created = await add_room(client, coordinator)
    assert created.status_code == 201, created.text
    assert {k: created.json()[k] for k in GESELL} == GESELL
    assert created.json()["active"] is True
    await add_room(client, coordinator, name="Sala de audiencias 2", kind="hearing_room")
    await add_room(
        client,
        coordinator,
        country="CR",
        name="Sala de videoconferencia",
        kind="video_room",
        city="San José",
        timezone="America/Costa_Rica",
    )
    assert await rooms(client, prosecutor) == [
        ("HN", "Cámara Gesell 1"),
        ("HN", "Sala de audiencias 2"),
    ]
    # Asking for another country widens nothing.
    assert await rooms(client, prosecutor, country="CR") == []
    assert await rooms(client, court) == [("CR", "Sala de videoconferencia")]
    assert await rooms(client, coordinator, country="CR") == [("CR", "Sala de videoconferencia")]
    assert len(await rooms(client, coordinator)) == 3
    audited = await AuditEntry.select(AuditEntry.action, AuditEntry.record_type).where(
        AuditEntry.record_id == created.json()["id"], AuditEntry.record_type == "facility"
    )
    assert audited == [{"action": "create", "record_type": "facility"}]


async def test_only_the_coordinators_of_a_rooms_country_manage_it(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    honduran = (await add_room(client, coordinator)).json()
    guatemalan = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    refused = await add_room(client, guatemalan)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"] == "country"
    assert await rooms(client, guatemalan) == []
    changed = await client.patch(
        f"/api/v1/facilities/{honduran['id']}", json={"name": "Mine"}, headers=guatemalan.headers
    )
    assert changed.status_code == 404
    own = await add_room(
        client, guatemalan, country="GT", city="Quetzaltenango", timezone="America/Guatemala"
    )
    assert own.status_code == 201, own.text
    assert await rooms(client, guatemalan) == [("GT", "Cámara Gesell 1")]


async def test_a_room_needs_a_known_kind_and_a_zone_of_its_country(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    for changes, field in [
        ({"kind": "broom_cupboard"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        # A real zone, but not Honduras's.
        ({"timezone": "America/Mexico_City"}, "timezone"),
        ({"name": ""}, "name"),
    ]:
        refused = await add_room(client, coordinator, **changes)
        assert refused.status_code == 400, changes
        assert refused.json()["errors"][0]["field"] == field, refused.text
    assert await rooms(client, coordinator) == []


async def test_a_coordinator_renames_changes_and_retires_a_room_which_keeps_its_holds(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    room = (await add_room(client, coordinator)).json()
    request = (await ask(client, prosecutor, facility=room["id"])).json()
    assert (
        await book(client, prosecutor, request["id"], interpreter=await interpreter())
    ).status_code == 201
    url = f"/api/v1/facilities/{room['id']}"
    changed = await client.patch(
        url,
        json={"name": "Cámara Gesell A", "kind": "interview_room", "city": "Choloma"},
        headers=coordinator.headers,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["kind"], changed.json()["city"]) == (
        "Cámara Gesell A",
        "interview_room",
        "Choloma",
    )
    retired = await client.patch(url, json={"active": False}, headers=coordinator.headers)
    assert retired.json()["active"] is False
    assert await rooms(client, prosecutor, active="true") == []
    assert await rooms(client, prosecutor, active="false") == [("HN", "Cámara Gesell A")]
    refused = await ask(client, prosecutor, facility=room["id"], start=f"{NEXT_WEEK}T14:00")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "facility"
    held = await client.get(
        f"{url}/holds", params={"start": f"{NEXT_WEEK}T00:00"}, headers=prosecutor.headers
    )
    assert [h["request"] for h in held.json()["holds"]] == [request["id"]]
    audited = await AuditEntry.select(AuditEntry.fields).where(
        AuditEntry.record_type == "facility", AuditEntry.action == "update"
    )
    assert [a["fields"] for a in audited] == ["city,kind,name", "active"]


async def test_a_change_must_change_something_and_empty_nothing(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    url = f"/api/v1/facilities/{(await add_room(client, coordinator)).json()['id']}"
    for body, field in [
        ({}, "body"),
        ({"name": None}, "name"),
        ({"country": "GT"}, "country"),
        ({"timezone": "America/Managua"}, "timezone"),
    ]:
        refused = await client.patch(url, json=body, headers=coordinator.headers)
        assert refused.status_code == 400, body
        assert refused.json()["errors"][0]["field"] == field, refused.text
    unchanged = await client.get("/api/v1/facilities", headers=coordinator.headers)
    assert unchanged.json()[0]["timezone"] == "America/Tegucigalpa"
    assert unchanged.json()[0]["country"] == "HN"


async def test_holds_are_shown_in_the_rooms_zone_without_case_or_victim_data(
    client: httpx.AsyncClient, coordinator: Account, court: Account
) -> None:
    # A court in Costa Rica (UTC-6) books a room of its own country.
    room = (
        await add_room(
            client,
            coordinator,
            country="CR",
            name="Sala 1",
            kind="hearing_room",
            city="San José",
            timezone="America/Costa_Rica",
        )
    ).json()
    first, second = await interpreter(1), await interpreter(2)
    morning = (await ask(client, court, facility=room["id"])).json()
    afternoon = (await ask(client, court, facility=room["id"], start=f"{NEXT_WEEK}T14:00")).json()
    for request, who in ((morning, first), (afternoon, second)):
        assert (await book(client, court, request["id"], interpreter=who)).status_code == 201
    await client.post(
        f"/api/v1/requests/{afternoon['id']}/cancel",
        json={"reason": "Hearing postponed"},
        headers=court.headers,
    )
    url = f"/api/v1/facilities/{room['id']}/holds"
    held = await client.get(
        url, params={"start": f"{NEXT_WEEK}T00:00", "days": "1"}, headers=court.headers
    )
    assert held.status_code == 200, held.text
    body = held.json()
    assert (body["timezone"], body["start"], body["end"]) == (
        "America/Costa_Rica",
        f"{NEXT_WEEK}T00:00:00-06:00",
        f"{NEXT_WEEK + timedelta(days=1)}T00:00:00-06:00",
    )
    # The cancelled afternoon no longer holds the room.
    assert body["holds"] == [
        {
            "request": morning["id"],
            "starts_at": f"{NEXT_WEEK}T09:00:00-06:00",
            "ends_at": f"{NEXT_WEEK}T09:45:00-06:00",
        }
    ]
    assert "Víctima" not in held.text
    assert morning["case_reference"] not in held.text
    later = await client.get(
        url, params={"start": f"{NEXT_WEEK}T10:00", "days": "2"}, headers=coordinator.headers
    )
    assert later.json()["holds"] == []
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    elsewhere = await make_account(Role.PROSECUTOR, "hn@example.org", institution_id=office)
    assert (await client.get(url, headers=elsewhere.headers)).status_code == 404
    too_long = await client.get(url, params={"days": "400"}, headers=court.headers)
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["field"] == "days"

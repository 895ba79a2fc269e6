"""Coordinators assign interpreters by hand, or replace those of a confirmed session at once;
they find the requests still to be filled with `open=true`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from interpreters.audit.tables import AuditEntry
from interpreters.availability.service import save_profile
from interpreters.bookings.tables import FacilityBooking, Offer
from interpreters.principal import Role
from interpreters.sessions.tables import Booking, InterpretationRequest
from tests.bookings.factories import (
    NEXT_WEEK,
    add_room,
    ask,
    assign,
    book,
    booked,
    interpreter,
    offered,
    post,
    refused_unchanged,
)
from tests.factories import Account, make_account, make_institution


async def history(client: httpx.AsyncClient, account: Account, request_id: int) -> list[Any]:
    events = await client.get(f"/api/v1/requests/{request_id}/history", headers=account.headers)
    return [(e["status"], e["note"], e["by_user"]) for e in events.json()]


async def test_a_coordinator_assigns_an_open_request_and_its_offers_are_withdrawn(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    chosen, other = await interpreter(1), await interpreter(2)
    request = (await ask(client, prosecutor)).json()
    await offered(request, other)
    assigned = await assign(
        client, coordinator, request["id"], interpreter=chosen, reason="Knows the case"
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["status"] == "confirmed"
    assert [(b["interpreter"], b["status"]) for b in assigned.json()["bookings"]] == [
        (chosen, "confirmed")
    ]
    assert await Offer.select(Offer.status) == [{"status": "withdrawn"}]
    assert (await history(client, prosecutor, request["id"]))[-1] == (
        "confirmed",
        "Knows the case",
        coordinator.user_id,
    )
    assert await AuditEntry.count().where(
        AuditEntry.action == "assign", AuditEntry.record_id == request["id"]
    )


async def test_reassigning_replaces_the_interpreter_at_the_booked_time_and_keeps_the_room(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    room = (await add_room(client, coordinator)).json()["id"]
    first, second = await interpreter(1), await interpreter(2)
    # Any start from 09:00 to 15:00 will do; it was booked at 11:00 (17:00 UTC).
    request = (
        await ask(client, prosecutor, facility=room, latest_start=f"{NEXT_WEEK}T15:00")
    ).json()
    confirmed = await book(
        client, prosecutor, request["id"], interpreter=first, start=f"{NEXT_WEEK}T11:00"
    )
    assert confirmed.status_code == 201, confirmed.text
    hold = await FacilityBooking.select(FacilityBooking.id, FacilityBooking.starts_at)
    reassigned = await assign(client, coordinator, request["id"], interpreter=second)
    assert reassigned.status_code == 200, reassigned.text
    assert reassigned.json()["status"] == "confirmed"
    assert [
        (b["interpreter"], b["status"], b["starts_at"]) for b in reassigned.json()["bookings"]
    ] == [
        (first, "reassigned", f"{NEXT_WEEK}T17:00:00Z"),
        (second, "confirmed", f"{NEXT_WEEK}T17:00:00Z"),
    ]
    assert await FacilityBooking.select(FacilityBooking.id, FacilityBooking.starts_at) == hold
    # The first interpreter's time is theirs again.
    elsewhere = (await ask(client, prosecutor, start=f"{NEXT_WEEK}T11:00")).json()
    assert (await book(client, prosecutor, elsewhere["id"], interpreter=first)).status_code == 201
    assert (await history(client, prosecutor, request["id"]))[-1] == (
        "reassigned",
        "Continuity",
        coordinator.user_id,
    )


async def test_an_interpreter_kept_on_is_not_in_their_own_way(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    lead, partner = await interpreter(1), await interpreter(2)
    # One more session of 45 minutes would pass the lead's daily limit.
    await save_profile(lead, max_day_minutes=60)
    request = await booked(client, prosecutor, interpreter=lead)
    team = await assign(client, coordinator, request["id"], interpreter=lead, partner=partner)
    assert team.status_code == 200, team.text
    assert [(b["interpreter"], b["role"], b["status"]) for b in team.json()["bookings"]] == [
        (lead, "interpreter", "reassigned"),
        (lead, "interpreter", "confirmed"),
        (partner, "team", "confirmed"),
    ]


async def test_a_failed_reassignment_leaves_the_session_as_it_was(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    first = await interpreter(1)
    unqualified = await interpreter(2, credentials=[])
    busy = await interpreter(3)
    request = await booked(client, prosecutor, interpreter=first)
    await booked(client, prosecutor, interpreter=busy, start=f"{NEXT_WEEK}T09:30")
    for candidate, message in [
        (unqualified, "no valid trauma_informed_training"),
        (busy, f"Interpreter {busy} is not free"),
    ]:
        attempt = assign(client, coordinator, request["id"], interpreter=candidate)
        refused = await refused_unchanged(request["id"], attempt, 409, "interpreter")
        assert message in refused.text


async def test_only_coordinators_of_the_requests_country_assign(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    assert (
        await assign(client, prosecutor, request["id"], interpreter=interpreter_id)
    ).status_code == 403
    guatemalan = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    assert (
        await assign(client, guatemalan, request["id"], interpreter=interpreter_id)
    ).status_code == 404
    assert await Booking.count() == 0
    await post(client, prosecutor, f"{request['id']}/cancel", reason="Withdrawn")
    closed = await assign(client, coordinator, request["id"], interpreter=interpreter_id)
    assert closed.status_code == 409
    assert await Booking.count() == 0


async def test_requests_still_to_be_filled_are_listed_with_open(
    client: httpx.AsyncClient, prosecutor: Account, court: Account
) -> None:
    waiting = (await ask(client, prosecutor)).json()
    offered = (await ask(client, prosecutor, start=f"{NEXT_WEEK}T11:00")).json()
    await InterpretationRequest.update(status="offered").where(
        InterpretationRequest.id == offered["id"]
    )
    filled = await booked(client, prosecutor, start=f"{NEXT_WEEK}T14:00")
    cancelled = (
        await ask(client, prosecutor, start=f"{NEXT_WEEK + timedelta(days=1)}T09:00")
    ).json()
    await post(client, prosecutor, f"{cancelled['id']}/cancel", reason="Withdrawn")
    abroad = (await ask(client, court)).json()
    honduran = await make_account(Role.COORDINATOR, "hn@example.org", countries="HN")

    async def listed(account: Account, **params: str) -> list[int]:
        page = await client.get("/api/v1/requests", params=params, headers=account.headers)
        assert page.status_code == 200, page.text
        return [item["id"] for item in page.json()["items"]]

    assert await listed(honduran, open="true") == [waiting["id"], offered["id"]]
    assert await listed(honduran, open="false") == [filled["id"], cancelled["id"]]
    assert await listed(prosecutor, open="true") == [waiting["id"], offered["id"]]
    assert await listed(court, open="true") == [abroad["id"]]
    bad = await client.get("/api/v1/requests?open=maybe", headers=honduran.headers)
    assert bad.status_code == 400
    office = await make_institution("GT", "court", "America/Guatemala")
    tribunal = await make_account(Role.COURT, "gt-court@example.org", institution_id=office)
    guatemalan_request = (await ask(client, tribunal)).json()
    guatemalan = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    assert await listed(guatemalan, open="true") == [guatemalan_request["id"]]
    assert guatemalan_request["id"] not in await listed(honduran, open="true")

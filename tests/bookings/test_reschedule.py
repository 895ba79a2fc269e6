"""Rescheduling: a confirmed session keeps its interpreters and room when they are free at
the new time, or nothing changes; an open request moves its window and withdraws offers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.availability.service import save_profile
from interpreters.bookings.tables import FacilityBooking, Offer
from interpreters.principal import Role
from interpreters.sessions.tables import Booking
from tests.bookings.factories import (
    LATER,
    NEXT_WEEK,
    add_room,
    ask,
    book,
    booked,
    interpreter,
    offered,
    post,
    refused_unchanged,
    reschedule,
    state,
)
from tests.factories import Account, make_account, make_institution
from tests.registry.factories import TODAY, credential


async def test_a_confirmed_session_moves_with_its_interpreter_and_room(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    room = (await add_room(client, coordinator)).json()["id"]
    interpreter_id = await interpreter()
    request = await booked(client, prosecutor, interpreter=interpreter_id, facility=room)
    moved = await reschedule(
        client, prosecutor, request["id"], f"{LATER}T14:00", duration_minutes=50
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["status"] == "confirmed"
    assert (body["earliest_start"], body["latest_start"], body["duration_minutes"]) == (
        f"{LATER}T14:00:00-06:00",
        f"{LATER}T14:00:00-06:00",
        50,
    )
    # The same booking, moved: Tegucigalpa's 14:00 is 20:00 UTC.
    [before], [after] = request["bookings"], body["bookings"]
    assert (after["id"], after["interpreter"], after["status"]) == (
        before["id"],
        interpreter_id,
        "confirmed",
    )
    assert (after["starts_at"], after["ends_at"]) == (f"{LATER}T20:00:00Z", f"{LATER}T20:50:00Z")
    holds = await client.get(
        f"/api/v1/facilities/{room}/holds",
        params={"start": f"{NEXT_WEEK}T00:00"},
        headers=prosecutor.headers,
    )
    assert [(h["request"], h["starts_at"]) for h in holds.json()["holds"]] == [
        (request["id"], f"{LATER}T14:00:00-06:00")
    ]
    # The old time is free again, for the interpreter and for the room.
    again = (await ask(client, prosecutor, facility=room)).json()
    assert (
        await book(client, prosecutor, again["id"], interpreter=interpreter_id)
    ).status_code == 201
    history = await client.get(
        f"/api/v1/requests/{request['id']}/history", headers=prosecutor.headers
    )
    assert [(e["status"], e["note"], e["late"], e["by_user"]) for e in history.json()][-1] == (
        "rescheduled",
        "Courtroom unavailable",
        False,
        prosecutor.user_id,
    )
    assert await AuditEntry.count().where(
        AuditEntry.action == "reschedule", AuditEntry.record_id == request["id"]
    )


async def test_a_session_may_move_onto_its_own_old_time(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    await save_profile(interpreter_id, max_day_minutes=60)
    request = await booked(client, prosecutor, interpreter=interpreter_id)
    # 09:00-09:45 becomes 09:30-10:15: it overlaps the booking it replaces, and two
    # sessions of 45 minutes would pass the daily limit of an hour.
    moved = await reschedule(client, prosecutor, request["id"], f"{NEXT_WEEK}T09:30")
    assert moved.status_code == 200, moved.text
    assert moved.json()["bookings"][0]["starts_at"] == f"{NEXT_WEEK}T15:30:00Z"
    assert await Booking.count().where(Booking.status == "confirmed") == 1


async def test_an_interpreter_busy_at_the_new_time_refuses_the_whole_move(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = await booked(client, prosecutor, interpreter=interpreter_id)
    await booked(client, prosecutor, interpreter=interpreter_id, start=f"{LATER}T14:00")
    attempt = reschedule(client, prosecutor, request["id"], f"{LATER}T14:30")
    refused = await refused_unchanged(request["id"], attempt, 409, "interpreter")
    assert f"Interpreter {interpreter_id} is not free" in refused.text


async def test_every_hard_filter_is_checked_again_on_the_new_date(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    lapsing = credential(
        "trauma_informed_training", TODAY - timedelta(days=30), NEXT_WEEK + timedelta(days=3)
    )
    interpreter_id = await interpreter(credentials=[lapsing])
    request = await booked(client, prosecutor, interpreter=interpreter_id)
    attempt = reschedule(
        client, prosecutor, request["id"], f"{NEXT_WEEK + timedelta(days=5)}T09:00"
    )
    refused = await refused_unchanged(request["id"], attempt, 409, "interpreter")
    assert "no valid trauma_informed_training" in refused.text
    kept = await reschedule(client, prosecutor, request["id"], f"{LATER}T09:00")
    assert kept.status_code == 200, kept.text


async def test_a_team_moves_whole_or_not_at_all(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    lead, partner = await interpreter(1), await interpreter(2)
    team = await booked(client, prosecutor, interpreter=lead, partner=partner, duration_minutes=90)
    await booked(client, prosecutor, interpreter=partner, start=f"{LATER}T15:00")
    attempt = reschedule(client, prosecutor, team["id"], f"{LATER}T14:00")
    refused = await refused_unchanged(team["id"], attempt, 409, "interpreter")
    assert f"Interpreter {partner} is not free" in refused.text
    moved = await reschedule(client, prosecutor, team["id"], f"{LATER}T10:00")
    assert [(b["id"], b["starts_at"]) for b in moved.json()["bookings"]] == [
        (b["id"], f"{LATER}T16:00:00Z") for b in team["bookings"]
    ]


async def test_a_room_held_at_the_new_time_refuses_the_move(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    room = (await add_room(client, coordinator)).json()["id"]
    request = await booked(client, prosecutor, interpreter=await interpreter(1), facility=room)
    await booked(
        client, prosecutor, interpreter=await interpreter(2), facility=room, start=f"{LATER}T14:00"
    )
    attempt = reschedule(client, prosecutor, request["id"], f"{LATER}T14:30")
    await refused_unchanged(request["id"], attempt, 409, "facility")


async def test_a_longer_session_needing_a_team_is_refused_until_a_partner_is_assigned(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request = await booked(client, prosecutor)
    attempt = reschedule(client, prosecutor, request["id"], f"{LATER}T09:00", duration_minutes=120)
    await refused_unchanged(request["id"], attempt, 409, "duration_minutes")


async def test_an_open_request_moves_its_window_and_withdraws_its_offers(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (
        await ask(client, prosecutor, latest_start=f"{NEXT_WEEK}T15:00", duration_minutes=30)
    ).json()
    await offered(request, interpreter_id)
    moved = await reschedule(
        client, prosecutor, request["id"], f"{LATER}T11:00", duration_minutes=90
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["status"], body["earliest_start"], body["latest_start"]) == (
        "offered",
        f"{LATER}T11:00:00-06:00",
        f"{LATER}T11:00:00-06:00",
    )
    # Ninety minutes of consecutive interpreting need a team now.
    assert (body["duration_minutes"], body["interpreters_needed"]) == (90, 2)
    assert await Offer.select(Offer.status) == [{"status": "withdrawn"}]
    assert await Booking.count() == 0
    assert await FacilityBooking.count() == 0


@pytest.mark.parametrize(
    ("start", "changes", "field"),
    [
        ("2020-01-06T09:00", {}, "start"),
        ("yesterday", {}, "start"),
        (f"{LATER}T09:00", {"duration_minutes": 0}, "duration_minutes"),
        (f"{LATER}T09:00", {"duration_minutes": 481}, "duration_minutes"),
        (f"{LATER}T09:00", {"reason": ""}, "reason"),
        (f"{LATER}T09:00", {"reason": "Call +504 9876 5432"}, "reason"),
    ],
)
async def test_a_bad_reschedule_is_refused_and_writes_nothing(
    client: httpx.AsyncClient,
    prosecutor: Account,
    start: str,
    changes: dict[str, Any],
    field: str,
) -> None:
    request = await booked(client, prosecutor)
    attempt = reschedule(client, prosecutor, request["id"], start, **changes)
    await refused_unchanged(request["id"], attempt, 400, field)


async def test_only_the_requester_and_the_countrys_coordinators_reschedule(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request = await booked(client, prosecutor)
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    other = await make_account(Role.PROSECUTOR, "otro@example.org", institution_id=office)
    guatemalan = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    before = await state(request["id"])
    for outsider in (other, guatemalan):
        refused = await reschedule(client, outsider, request["id"], f"{LATER}T09:00")
        assert refused.status_code == 404
    assert (await reschedule(client, prosecutor, 4242, f"{LATER}T09:00")).status_code == 404
    assert await state(request["id"]) == before
    honduran = await make_account(Role.COORDINATOR, "hn@example.org", countries="HN")
    moved = await reschedule(client, honduran, request["id"], f"{LATER}T09:00")
    assert moved.status_code == 200, moved.text
    cancelled = await post(client, prosecutor, f"{request['id']}/cancel", reason="Withdrawn")
    assert cancelled.status_code == 200
    late = await reschedule(client, coordinator, request["id"], f"{LATER}T10:00")
    assert late.status_code == 409
    assert late.json()["errors"][0]["field"] == "status"


async def test_moving_a_session_close_to_its_start_is_flagged_late(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    await save_profile(interpreter_id, weekly=[[day, 0, 24 * 60] for day in range(7)])
    soon = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    request = await booked(
        client, prosecutor, interpreter=interpreter_id, start=soon.isoformat(), duration_minutes=30
    )
    moved = await reschedule(client, prosecutor, request["id"], f"{LATER}T09:00")
    assert moved.status_code == 200, moved.text
    history = await client.get(
        f"/api/v1/requests/{request['id']}/history", headers=prosecutor.headers
    )
    assert [(e["status"], e["late"]) for e in history.json()][-1] == ("rescheduled", True)

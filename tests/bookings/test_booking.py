"""Booking an interpreter: every hard filter, free time, and never twice at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from interpreters.registry.tables import ConflictOfInterest
from interpreters.sessions.tables import Booking
from tests.bookings.factories import NEXT_WEEK, ask, book, interpreter
from tests.factories import Account
from tests.registry.factories import TODAY, credential


async def test_a_booking_confirms_the_request_and_the_time_becomes_busy(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    booked = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    [booking] = booked.json()["bookings"]
    assert (booking["interpreter"], booking["role"]) == (interpreter_id, "interpreter")
    assert booking["starts_at"] == f"{NEXT_WEEK}T15:00:00Z"
    again = await client.get(f"/api/v1/requests/{request['id']}", headers=prosecutor.headers)
    assert again.json()["status"] == "confirmed"
    free = await client.get(
        "/api/v1/freebusy",
        params={
            "interpreter": interpreter_id,
            "start": f"{NEXT_WEEK}T08:00:00",
            "end": f"{NEXT_WEEK}T18:00:00",
            "tz": "America/Tegucigalpa",
        },
        headers=prosecutor.headers,
    )
    # Booked 09:00-09:45 with a 15-minute buffer on each side.
    assert [
        (f["start"][11:16], f["end"][11:16]) for f in free.json()["interpreters"][0]["free"]
    ] == [
        ("08:00", "08:45"),
        ("10:00", "18:00"),
    ]
    twice = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert twice.status_code == 409


async def test_an_interpreter_already_booked_at_that_time_is_refused(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    first = (await ask(client, prosecutor)).json()
    second = (await ask(client, prosecutor, start=f"{NEXT_WEEK}T09:55:00")).json()
    assert (
        await book(client, prosecutor, first["id"], interpreter=interpreter_id)
    ).status_code == 201
    refused = await book(client, prosecutor, second["id"], interpreter=interpreter_id)
    assert refused.status_code == 409
    assert "not free" in refused.text


@pytest.mark.parametrize(
    ("overrides", "changes", "message"),
    [
        ({"skills": [{"language": "kek", "proficiency": 5}]}, {}, "does not work between"),
        ({}, {"min_proficiency": 5}, "at level 5"),
        ({"modalities": ["phone"]}, {}, "does not work by video"),
        ({"credentials": []}, {}, "no valid trauma_informed_training"),
        # Valid today, lapsed by the session date next week.
        (
            {
                "credentials": [
                    credential(
                        "trauma_informed_training",
                        TODAY - timedelta(days=30),
                        TODAY + timedelta(days=3),
                    )
                ]
            },
            {},
            "no valid trauma_informed_training",
        ),
        ({}, {"session_kind": "court_hearing"}, "court_certified / sworn_expert"),
    ],
)
async def test_every_hard_filter_refuses_with_its_reason(
    client: httpx.AsyncClient,
    prosecutor: Account,
    overrides: dict[str, Any],
    changes: dict[str, Any],
    message: str,
) -> None:
    interpreter_id = await interpreter(**overrides)
    request = (await ask(client, prosecutor, **changes)).json()
    refused = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert refused.status_code == 409, refused.text
    assert message in refused.text
    assert await Booking.count() == 0


async def test_a_declared_conflict_of_interest_excludes(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    await ConflictOfInterest.insert(
        ConflictOfInterest(
            interpreter=interpreter_id,
            case_reference=request["case_reference"],
            description="Knows the family",
        )
    )
    refused = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert refused.status_code == 409
    assert "conflict of interest" in refused.text


async def test_a_start_outside_the_requests_window_is_refused(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    refused = await book(
        client, prosecutor, request["id"], interpreter=interpreter_id, start=f"{NEXT_WEEK}T11:00:00"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "start"


async def test_the_database_itself_refuses_overlapping_bookings(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    # Inside the first booking's buffer (15:45-16:00 UTC).
    start = datetime.combine(NEXT_WEEK, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=15, minutes=50
    )
    overlapping = Booking(
        request=request["id"],
        interpreter=interpreter_id,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        blocked_until=start + timedelta(hours=1, minutes=15),
        booked_by=0,
    )
    with pytest.raises(Exception, match=r"booking_no_overlap|conflicting key"):
        await overlapping.save()
    assert await Booking.count() == 1


async def test_of_many_concurrent_bookings_of_one_interpreter_exactly_one_wins(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    requests = [
        (await ask(client, prosecutor, start=f"{NEXT_WEEK}T09:{minute:02d}:00")).json()
        for minute in range(0, 40, 2)
    ]
    answers = await asyncio.gather(
        *(book(client, prosecutor, r["id"], interpreter=interpreter_id) for r in requests)
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] + [409] * (len(requests) - 1), [
        a.text for a in answers if a.status_code != 409
    ]
    assert await Booking.count() == 1

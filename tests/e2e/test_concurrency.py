"""Hundreds of simultaneous bookings over real HTTP, from two server processes sharing one
PostgreSQL database (one process on SQLite): one interpreter or one room is never booked
twice at once, and every loser gets a 409 naming what was taken."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import httpx
import pytest

from interpreters import db
from interpreters.availability.service import save_profile
from interpreters.bookings.schemas import SessionKind
from interpreters.bookings.service import required_credentials
from interpreters.bookings.tables import FacilityBooking
from interpreters.principal import Role
from interpreters.sessions.tables import Booking, Facility, InterpretationRequest
from interpreters.settings import get_settings
from tests.bookings.factories import interpreter
from tests.e2e.factories import ServerProcess, running_servers
from tests.factories import TEST_OUTPUT, Account, make_account, make_institution

ATTEMPTS = 200
# Hourly sessions from 09:00 to 17:00 in Tegucigalpa, all inside the interpreter's hours.
DAY_ATTEMPTS = 9
# Every session starts within half an hour of the first and lasts 45 minutes: all overlap.
FIRST_START = datetime.combine(
    datetime.now(UTC).date() + timedelta(days=7), time(15, 0), tzinfo=UTC
)
STEP = timedelta(seconds=9)
DURATION = timedelta(minutes=45)
OVERLAPPING_BOOKINGS = (
    "SELECT count(*) AS pairs FROM booking a JOIN booking b"
    " ON a.interpreter = b.interpreter AND a.id < b.id"
    " WHERE a.status IN ('confirmed', 'completed') AND b.status IN ('confirmed', 'completed')"
    " AND a.starts_at < b.blocked_until AND b.starts_at < a.blocked_until"
)
OVERLAPPING_HOLDS = (
    "SELECT count(*) AS pairs FROM facility_booking a JOIN facility_booking b"
    " ON a.facility = b.facility AND a.id < b.id"
    " WHERE a.status IN ('confirmed', 'completed') AND b.status IN ('confirmed', 'completed')"
    " AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
)


@pytest.fixture(scope="module")
def servers() -> Iterator[list[ServerProcess]]:
    count = 2 if get_settings().is_postgres else 1
    with running_servers(count, TEST_OUTPUT / "concurrency" / "servers.log") as started:
        yield started


async def _prosecutor() -> Account:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    return await make_account(Role.PROSECUTOR, "fiscal@example.org", institution_id=office)


async def _requests(
    account: Account,
    facility: int | None = None,
    step: timedelta = STEP,
    count: int = ATTEMPTS,
) -> list[int]:
    """`count` requests of the prosecutor's office, `step` apart, in one statement."""
    needs = await required_credentials("HN", SessionKind.VICTIM_INTERVIEW)
    rows = [
        InterpretationRequest(
            institution=account.institution_id,
            requested_by=account.user_id,
            country="HN",
            timezone="America/Tegucigalpa",
            case_reference=f"FEVCTP-2026-{n:04d}",
            victim_pseudonym=f"Víctima {n}",
            session_kind=SessionKind.VICTIM_INTERVIEW.value,
            language="quc",
            working_language="spa",
            modality="video",
            facility=facility,
            earliest_start=FIRST_START + n * step,
            latest_start=FIRST_START + n * step,
            duration_minutes=int(DURATION.total_seconds() // 60),
            min_proficiency=3,
            required_credentials=needs,
        )
        for n in range(count)
    ]
    inserted = await InterpretationRequest.insert(*rows).returning(InterpretationRequest.id)
    return sorted(row["id"] for row in inserted)


async def _book_all(
    servers: list[ServerProcess], account: Account, bodies: list[tuple[int, int]]
) -> list[httpx.Response]:
    """Books every (request, interpreter) at once, alternating between the servers."""
    limits = httpx.Limits(max_connections=ATTEMPTS)
    async with httpx.AsyncClient(
        headers={**account.headers, "accept-language": "en"}, timeout=120, limits=limits
    ) as http:
        return await asyncio.gather(
            *(
                http.post(
                    f"{servers[n % len(servers)].url}/api/v1/requests/{request_id}/booking",
                    json={"interpreter": interpreter_id},
                )
                for n, (request_id, interpreter_id) in enumerate(bodies)
            )
        )


def _only_one_wins(answers: list[httpx.Response], field: str) -> None:
    codes = sorted(answer.status_code for answer in answers)
    unexpected = [a.text for a in answers if a.status_code not in {201, 409}]
    assert codes == [201] + [409] * (ATTEMPTS - 1), unexpected[:3]
    fields = {a.json()["errors"][0]["field"] for a in answers if a.status_code == 409}
    assert fields == {field}


async def test_of_200_simultaneous_bookings_of_one_interpreter_exactly_one_wins(
    servers: list[ServerProcess],
) -> None:
    account = await _prosecutor()
    interpreter_id = await interpreter()
    requests = await _requests(account)
    answers = await _book_all(servers, account, [(r, interpreter_id) for r in requests])
    _only_one_wins(answers, "interpreter")
    assert await Booking.count().where(Booking.status == "confirmed") == 1
    assert await Booking.raw(OVERLAPPING_BOOKINGS) == [{"pairs": 0}]
    assert (
        await InterpretationRequest.count().where(InterpretationRequest.status == "confirmed") == 1
    )


async def test_of_200_simultaneous_bookings_of_one_room_exactly_one_wins(
    servers: list[ServerProcess],
) -> None:
    account = await _prosecutor()
    room = Facility(
        country="HN",
        name="Cámara Gesell 1",
        kind="gesell_chamber",
        city="San Pedro Sula",
        timezone="America/Tegucigalpa",
    )
    await room.save()
    # One transaction: on SQLite a commit per statement would take half a minute.
    async with db.transaction():
        interpreters = [await interpreter(n) for n in range(1, ATTEMPTS + 1)]
    requests = await _requests(account, int(room.id))
    answers = await _book_all(servers, account, list(zip(requests, interpreters, strict=True)))
    _only_one_wins(answers, "facility")
    assert await FacilityBooking.count().where(FacilityBooking.status == "confirmed") == 1
    assert await FacilityBooking.raw(OVERLAPPING_HOLDS) == [{"pairs": 0}]
    # The losers' bookings went with their transactions.
    assert await Booking.count() == 1


async def test_simultaneous_bookings_on_one_day_never_pass_the_daily_limit(
    servers: list[ServerProcess],
) -> None:
    """Sessions that do not overlap, which no constraint refuses: only the checks, taking
    turns, keep an interpreter with an hour a day from being booked for two of 45 minutes."""
    account = await _prosecutor()
    interpreter_id = await interpreter()
    await save_profile(interpreter_id, max_day_minutes=60)
    requests = await _requests(account, step=timedelta(hours=1), count=DAY_ATTEMPTS)
    answers = await _book_all(servers, account, [(r, interpreter_id) for r in requests])
    assert sorted(a.status_code for a in answers) == [201] + [409] * (DAY_ATTEMPTS - 1)
    assert await Booking.count().where(Booking.status == "confirmed") == 1

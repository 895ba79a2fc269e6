"""Work already taken, through the commitments seam, and urgent requests to on-call
interpreters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime

import pytest

from interpreters.availability import commitments
from interpreters.availability.intervals import Interval
from interpreters.availability.query import free_time
from interpreters.availability.service import save_profile
from interpreters.availability.wallclock import epoch
from interpreters.db import transaction
from tests.registry.factories import add_interpreter

# Tegucigalpa is UTC-6 all year; Monday 7 December 2026.
MONDAY = epoch(datetime(2026, 12, 7, 6, tzinfo=UTC))
HOUR = 3600
LONG_AGO = epoch(datetime(2020, 1, 1, tzinfo=UTC))
BOOKED: dict[int, list[Interval]] = {}


async def booked(ids: Sequence[int], start: int, end: int) -> Mapping[int, list[Interval]]:
    return {i: [(s, e) for s, e in BOOKED.get(i, []) if e > start and s < end] for i in ids}


@pytest.fixture
async def source() -> AsyncIterator[None]:
    commitments.register(booked)
    yield
    commitments.unregister(booked)
    BOOKED.clear()


async def interpreter(on_call: bool = False) -> int:
    interpreter_id = await add_interpreter(1, timezone="America/Tegucigalpa")
    # Every weekday 08:00-16:00 local; 4 hours a day at most, 30 minutes between sessions.
    await save_profile(
        interpreter_id,
        weekly=[[day, 8 * 60, 16 * 60] for day in range(5)],
        notice_hours=24,
        buffer_minutes=30,
        max_day_minutes=4 * 60,
        max_week_minutes=30 * 60,
        on_call=on_call,
    )
    return interpreter_id


async def test_commitments_are_busy_with_their_buffers(source: None) -> None:
    interpreter_id = await interpreter()
    zones = {interpreter_id: "America/Tegucigalpa"}
    # 10:00-11:00 local on Monday.
    BOOKED[interpreter_id] = [(MONDAY + 10 * HOUR, MONDAY + 11 * HOUR)]
    free = await free_time(zones, MONDAY, MONDAY + 24 * HOUR, LONG_AGO)
    assert free[interpreter_id] == [
        (MONDAY + 8 * HOUR, MONDAY + 9 * HOUR + 1800),
        (MONDAY + 11 * HOUR + 1800, MONDAY + 16 * HOUR),
    ]


async def test_a_day_whose_interpreting_reaches_the_limit_is_busy(source: None) -> None:
    interpreter_id = await interpreter()
    zones = {interpreter_id: "America/Tegucigalpa"}
    BOOKED[interpreter_id] = [(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR)]
    free = await free_time(zones, MONDAY, MONDAY + 48 * HOUR, LONG_AGO)
    # Monday is full (4 h); Tuesday is untouched.
    assert free[interpreter_id] == [(MONDAY + 32 * HOUR, MONDAY + 40 * HOUR)]


async def test_urgent_requests_reach_on_call_interpreters_outside_their_windows() -> None:
    on_call = await interpreter(on_call=True)
    zones = {on_call: "America/Tegucigalpa"}
    # Saturday night, within the 24-hour notice: nothing for a normal request.
    saturday = MONDAY + 5 * 24 * HOUR
    now = saturday - HOUR
    assert (await free_time(zones, saturday, saturday + 6 * HOUR, now))[on_call] == []
    urgent = await free_time(zones, saturday, saturday + 6 * HOUR, now, urgent=True)
    assert urgent[on_call] == [(saturday, saturday + 6 * HOUR)]


async def test_urgent_requests_do_not_reach_interpreters_who_are_not_on_call() -> None:
    regular = await interpreter(on_call=False)
    zones = {regular: "America/Tegucigalpa"}
    saturday = MONDAY + 5 * 24 * HOUR
    assert (await free_time(zones, saturday, saturday + 6 * HOUR, LONG_AGO, urgent=True))[
        regular
    ] == []


async def test_free_time_reads_the_same_inside_a_transaction(source: None) -> None:
    """Schedules and commitments, read side by side elsewhere, take turns on the one
    connection of a transaction."""
    interpreter_id = await interpreter()
    BOOKED[interpreter_id] = [(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR)]
    zones = {interpreter_id: "America/Tegucigalpa"}
    outside = await free_time(zones, MONDAY, MONDAY + 24 * HOUR, LONG_AGO)
    async with transaction():
        inside = await free_time(zones, MONDAY, MONDAY + 24 * HOUR, LONG_AGO)
    assert inside == outside
    # 08:00-08:30 and 10:30-16:00 local: the commitment and its buffers are busy.
    assert outside[interpreter_id] == [
        (MONDAY + 8 * HOUR, MONDAY + 8 * HOUR + 1800),
        (MONDAY + 10 * HOUR + 1800, MONDAY + 16 * HOUR),
    ]

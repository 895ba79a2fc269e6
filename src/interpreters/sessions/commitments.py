"""Bookings that take their interpreter's time count as busy in free/busy (through
availability's commitments seam); registered when the package is imported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import timedelta

from interpreters.availability import Interval, epoch, instant, register_commitments
from interpreters.db import where_interpreter_in
from interpreters.sessions.status import MAX_DURATION_MINUTES, TAKES_TIME, values
from interpreters.sessions.tables import Booking

# No session lasts longer: a booking ending after `start` began less than this before it,
# which bounds the index range read (else every earlier booking of each interpreter).
LONGEST = timedelta(minutes=MAX_DURATION_MINUTES)


async def booked(
    interpreter_ids: Sequence[int], start: int, end: int
) -> Mapping[int, list[Interval]]:
    rows = await Booking.select(Booking.interpreter, Booking.starts_at, Booking.ends_at).where(
        where_interpreter_in(interpreter_ids),
        Booking.status.is_in(values(TAKES_TIME)),
        Booking.starts_at < instant(end),
        Booking.starts_at > instant(start) - LONGEST,
        Booking.ends_at > instant(start),
    )
    found: dict[int, list[Interval]] = defaultdict(list)
    for row in rows:
        found[row["interpreter"]].append((epoch(row["starts_at"]), epoch(row["ends_at"])))
    return found


register_commitments(booked)

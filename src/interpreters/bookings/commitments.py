"""Active bookings count as busy in free/busy (through availability's commitments seam)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import timedelta

from interpreters.availability import commitments
from interpreters.availability.intervals import Interval
from interpreters.availability.loading import where_interpreter_in
from interpreters.availability.wallclock import epoch, instant
from interpreters.bookings.schemas import MAX_DURATION_MINUTES
from interpreters.bookings.tables import Booking

ACTIVE = ("confirmed", "completed")
# No session lasts longer: a booking ending after `start` began less than this before it,
# which bounds the index range read (else every earlier booking of each interpreter).
LONGEST = timedelta(minutes=MAX_DURATION_MINUTES)


async def booked(
    interpreter_ids: Sequence[int], start: int, end: int
) -> Mapping[int, list[Interval]]:
    rows = await Booking.select(Booking.interpreter, Booking.starts_at, Booking.ends_at).where(
        where_interpreter_in(interpreter_ids),
        Booking.status.is_in(list(ACTIVE)),
        Booking.starts_at < instant(end),
        Booking.starts_at > instant(start) - LONGEST,
        Booking.ends_at > instant(start),
    )
    found: dict[int, list[Interval]] = defaultdict(list)
    for row in rows:
        found[row["interpreter"]].append((epoch(row["starts_at"]), epoch(row["ends_at"])))
    return found


commitments.register(booked)

"""Moving a request's session to another time.

A confirmed session keeps its bookings (the same rows, the same interpreters) and its room;
each interpreter is checked again on the new date and for the new time, as if newly booked,
but with their own old time of this session free. A request still to be filled only moves
its window of starts, and the offers made for the old time are withdrawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from interpreters import audit, db
from interpreters.availability import aware, buffers
from interpreters.bookings.booking import (
    Seat,
    hold_facility,
    release,
    require_seats,
    withdraw_open_offers,
)
from interpreters.bookings.rules import interpreters_needed
from interpreters.bookings.schemas import RequestOut, RescheduleIn
from interpreters.bookings.service import get_request, record_event
from interpreters.errors import Conflict, InvalidInput
from interpreters.notifications import SessionChange, announce, kick_outbox
from interpreters.principal import Principal
from interpreters.registry import Mode
from interpreters.sessions import (
    UNFILLED,
    Booking,
    BookingRecord,
    BookingStatus,
    InterpretationRequest,
    RequestStatus,
    locked_request,
    visible_request,
)
from interpreters.settings import get_settings


async def _move_bookings(bookings: Sequence[BookingRecord], start: datetime, end: datetime) -> None:
    after = await buffers([booking.interpreter for booking in bookings])
    for booking in bookings:
        await Booking.update(
            status=BookingStatus.CONFIRMED.value,
            starts_at=start,
            ends_at=end,
            blocked_until=end + after[booking.interpreter],
        ).where(Booking.id == booking.id)


async def reschedule(actor: Principal, request_id: int, data: RescheduleIn) -> RequestOut:
    zone = (await visible_request(actor, request_id)).timezone
    now = datetime.now(UTC)
    start = aware(data.start, zone).astimezone(UTC).replace(microsecond=0)
    if start <= now:
        raise InvalidInput("The session starts in the past.", "start")
    async with db.transaction():
        request = await locked_request(request_id)
        if request.status not in {*UNFILLED, RequestStatus.CONFIRMED}:
            raise Conflict(
                "A {status} request can no longer be rescheduled.",
                "status",
                status=request.status,
            )
        if request.status == RequestStatus.OFFERED and request.seats_filled:
            # Half a team is booked through an offer: moving it alone would split the team.
            raise Conflict(
                "A seat of this request is already taken; reschedule it once it is confirmed.",
                "status",
            )
        duration = data.duration_minutes or request.duration_minutes
        end = start + timedelta(minutes=duration)
        moved = replace(
            request,
            earliest_start=start,
            latest_start=start,
            duration_minutes=duration,
            interpreters_needed=interpreters_needed(Mode(request.mode), duration),
        )
        await InterpretationRequest.update(
            earliest_start=moved.earliest_start,
            latest_start=moved.latest_start,
            duration_minutes=moved.duration_minutes,
            interpreters_needed=moved.interpreters_needed,
        ).where(InterpretationRequest.id == request_id)
        # Moving bookings block no time while their interpreters are checked for the new one.
        bookings = await release(request_id, BookingStatus.MOVING)
        if 0 < len(bookings) < moved.interpreters_needed:
            raise Conflict(
                "A session of {minutes} minutes needs a team of two interpreters; "
                "assign a partner first.",
                "duration_minutes",
                minutes=duration,
            )
        if bookings:
            seats = [Seat(b.interpreter, b.role, b.language, b.working_language) for b in bookings]
            await require_seats(moved, seats, start)
            await _move_bookings(bookings, start, end)
            await hold_facility(moved, start, end)
        before = bookings[0].starts_at if bookings else request.earliest_start
        late = before - now < timedelta(hours=get_settings().late_cancellation_hours)
        await withdraw_open_offers(request_id)
        await record_event(request_id, "rescheduled", actor, data.reason, late)
        await audit.record(
            actor, "reschedule", "interpretation_request", request_id, ["duration_minutes", "start"]
        )
        if bookings:
            await announce(SessionChange(moved, "rescheduled"))
    kick_outbox()
    return await get_request(actor, request_id)

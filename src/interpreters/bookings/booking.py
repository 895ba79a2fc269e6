"""Booking one interpreter for a request, never twice at the same time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from interpreters import db
from interpreters.audit import service as audit
from interpreters.auth.principal import Principal
from interpreters.availability.freebusy import DEFAULT_LIMITS
from interpreters.availability.query import free_time
from interpreters.availability.tables import AvailabilityProfile
from interpreters.availability.wallclock import aware, epoch
from interpreters.bookings.eligibility import require_eligible
from interpreters.bookings.schemas import BookIn, BookingOut, RequestStatus, Urgency
from interpreters.bookings.service import record_event, request_row
from interpreters.bookings.tables import Booking, InterpretationRequest
from interpreters.errors import Conflict, InvalidInput, NotFound
from interpreters.registry.tables import Interpreter
from interpreters.registry.views import vetting_is_valid


async def _buffer(interpreter_id: int) -> timedelta:
    row = (
        await AvailabilityProfile.select(AvailabilityProfile.buffer_minutes)
        .where(AvailabilityProfile.interpreter == interpreter_id)
        .first()
    )
    minutes = row["buffer_minutes"] if row else DEFAULT_LIMITS.buffer_minutes
    return timedelta(minutes=minutes)


def _start(request: dict[str, Any], asked: datetime | None) -> datetime:
    start = (
        aware(asked, request["timezone"]).astimezone(UTC) if asked else request["earliest_start"]
    )
    if not request["earliest_start"] <= start <= request["latest_start"]:
        raise InvalidInput("The start lies outside the request's window of starts.", "start")
    if start <= datetime.now(UTC):
        raise InvalidInput("The session starts in the past.", "start")
    return start.replace(microsecond=0)


async def book(actor: Principal, request_id: int, data: BookIn) -> BookingOut:
    request = await request_row(actor, request_id)
    if request["status"] != RequestStatus.REQUESTED.value:
        raise Conflict("This request is already {status}.", "request", status=request["status"])
    start = _start(request, data.start)
    end = start + timedelta(minutes=request["duration_minutes"])
    interpreter = await Interpreter.select().where(Interpreter.id == data.interpreter).first()
    if interpreter is None or not vetting_is_valid(interpreter, start.date()):
        raise NotFound("No interpreter with id {id}.", id=data.interpreter)
    await require_eligible(data.interpreter, request, start.date())
    free = await free_time(
        {data.interpreter: interpreter["timezone"]},
        epoch(start),
        epoch(end),
        epoch(datetime.now(UTC)),
        urgent=request["urgency"] == Urgency.URGENT.value,
    )
    if free[data.interpreter] != [(epoch(start), epoch(end))]:
        raise Conflict("The interpreter is not free for the whole session.", "interpreter")
    booking = Booking(
        request=request_id,
        interpreter=data.interpreter,
        starts_at=start,
        ends_at=end,
        blocked_until=end + await _buffer(data.interpreter),
        booked_by=actor.user_id,
    )
    async with db.transaction():
        # The database refuses an overlap with another booking (see the migration); the
        # status check keeps two bookings off one request.
        confirmed = await (
            InterpretationRequest.update(status=RequestStatus.CONFIRMED.value)
            .where(
                InterpretationRequest.id == request_id,
                InterpretationRequest.status == RequestStatus.REQUESTED.value,
            )
            .returning(InterpretationRequest.id)
        )
        if not confirmed:
            raise Conflict("This request was booked meanwhile.", "request")
        await booking.save()
        await record_event(request_id, RequestStatus.CONFIRMED, actor)
        await audit.record(actor, "book", "interpretation_request", request_id, ["interpreter"])
    return BookingOut(
        id=int(booking.id),
        request=request_id,
        interpreter=data.interpreter,
        starts_at=start,
        ends_at=end,
        status=booking.status,
    )

"""Booking interpreters for a request, never one of them twice at the same time.

A request is confirmed with one interpreter, a team of two, or a relay of two through a
pivot language; each is one booking row, and the database refuses any row that overlaps
another active booking of the same interpreter (see the migrations), as it refuses two
holds of one room.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from interpreters import db
from interpreters.audit import service as audit
from interpreters.auth.principal import Principal
from interpreters.availability.freebusy import DEFAULT_LIMITS
from interpreters.availability.query import openings
from interpreters.availability.tables import AvailabilityProfile
from interpreters.availability.wallclock import aware, epoch
from interpreters.bookings.eligibility import require_eligible
from interpreters.bookings.schemas import BookIn, RequestOut, RequestStatus, Urgency
from interpreters.bookings.service import get_request, record_event, request_row
from interpreters.bookings.tables import Booking, FacilityBooking, InterpretationRequest, Offer
from interpreters.errors import Conflict, InvalidInput, NotFound
from interpreters.registry.tables import Interpreter
from interpreters.registry.views import vetting_is_valid


@dataclass(frozen=True, slots=True)
class Seat:
    """One interpreter's part in a session: the pair of languages they cover."""

    interpreter: int
    role: str
    language: str
    working_language: str


def seats_for(request: dict[str, Any], data: BookIn) -> list[Seat]:
    language, working = request["language"], request["working_language"]
    if data.pivot_language is not None and data.partner is not None:
        pivot = data.pivot_language
        if pivot in {language, working}:
            raise InvalidInput(
                "The pivot language must differ from both languages of the request.",
                "pivot_language",
            )
        return [
            Seat(data.interpreter, "interpreter", language, pivot),
            Seat(data.partner, "relay", pivot, working),
        ]
    seats = [Seat(data.interpreter, "interpreter", language, working)]
    if data.partner is not None:
        seats.append(Seat(data.partner, "team", language, working))
    if len(seats) < request["interpreters_needed"]:
        raise InvalidInput(
            "This session needs a team of two interpreters; name a partner.", "partner"
        )
    return seats


def session_start(request: dict[str, Any], asked: datetime | None) -> datetime:
    """The start asked for (the institution's local time without an offset), inside the
    request's window of starts; the earliest start when none is asked."""
    start = (
        aware(asked, request["timezone"]).astimezone(UTC) if asked else request["earliest_start"]
    )
    if not request["earliest_start"] <= start <= request["latest_start"]:
        raise InvalidInput("The start lies outside the request's window of starts.", "start")
    if start <= datetime.now(UTC):
        raise InvalidInput("The session starts in the past.", "start")
    return start.replace(microsecond=0)


async def buffers(interpreter_ids: Sequence[int]) -> dict[int, timedelta]:
    rows = await AvailabilityProfile.select(
        AvailabilityProfile.interpreter, AvailabilityProfile.buffer_minutes
    ).where(AvailabilityProfile.interpreter.is_in(list(interpreter_ids)))
    minutes = {row["interpreter"]: row["buffer_minutes"] for row in rows}
    return {
        i: timedelta(minutes=minutes.get(i, DEFAULT_LIMITS.buffer_minutes)) for i in interpreter_ids
    }


async def require_seats(request: dict[str, Any], seats: Sequence[Seat], start: datetime) -> None:
    """Every hard filter for every seat, then free time for the whole session (buffers,
    notice and fatigue limits included): a 409 naming what fails, or nothing."""
    end = start + timedelta(minutes=request["duration_minutes"])
    ids = [seat.interpreter for seat in seats]
    rows = {row["id"]: row for row in await Interpreter.select().where(Interpreter.id.is_in(ids))}
    for seat in seats:
        row = rows.get(seat.interpreter)
        if row is None or not vetting_is_valid(row, start.date()):
            raise NotFound("No interpreter with id {id}.", id=seat.interpreter)
        await require_eligible(
            seat.interpreter, request, start.date(), seat.language, seat.working_language
        )
    open_for = await openings(
        {i: rows[i]["timezone"] for i in ids},
        epoch(start),
        epoch(start),
        epoch(end) - epoch(start),
        epoch(datetime.now(UTC)),
        urgent=request["urgency"] == Urgency.URGENT.value,
    )
    for interpreter_id in ids:
        if open_for.first_start(interpreter_id) is None:
            raise Conflict(
                "Interpreter {id} is not free for the whole session.",
                "interpreter",
                id=interpreter_id,
            )


async def hold_facility(request: dict[str, Any], start: datetime, end: datetime) -> None:
    """Holds the request's room for the session, or moves its hold; call inside the
    transaction that confirms or moves the session (the database refuses an overlap)."""
    if request["facility"] is None:
        return
    moved = await (
        FacilityBooking.update(starts_at=start, ends_at=end)
        .where(FacilityBooking.request == request["id"], FacilityBooking.status == "confirmed")
        .returning(FacilityBooking.id)
    )
    if not moved:
        await FacilityBooking.insert(
            FacilityBooking(
                facility=request["facility"], request=request["id"], starts_at=start, ends_at=end
            )
        )


async def insert_bookings(
    actor: Principal, request: dict[str, Any], seats: Sequence[Seat], start: datetime
) -> None:
    """The booking rows of `seats`; call inside the transaction that confirms them."""
    end = start + timedelta(minutes=request["duration_minutes"])
    after = await buffers([seat.interpreter for seat in seats])
    await Booking.insert(
        *(
            Booking(
                request=request["id"],
                interpreter=seat.interpreter,
                role=seat.role,
                language=seat.language,
                working_language=seat.working_language,
                starts_at=start,
                ends_at=end,
                blocked_until=end + after[seat.interpreter],
                booked_by=actor.user_id,
            )
            for seat in seats
        )
    )


async def book(actor: Principal, request_id: int, data: BookIn) -> RequestOut:
    """Confirms a request with the interpreters chosen, withdrawing any open offers."""
    request = await request_row(actor, request_id)
    if request["status"] not in {RequestStatus.REQUESTED, RequestStatus.OFFERED}:
        raise Conflict("This request is already {status}.", "request", status=request["status"])
    start = session_start(request, data.start)
    seats = seats_for(request, data)
    await require_seats(request, seats, start)
    end = start + timedelta(minutes=request["duration_minutes"])
    async with db.transaction():
        # Only while nobody has accepted an offer for it: the first to move it wins.
        confirmed = await (
            InterpretationRequest.update(
                status=RequestStatus.CONFIRMED.value, seats_filled=len(seats), next_wave_at=None
            )
            .where(
                InterpretationRequest.id == request_id,
                InterpretationRequest.status.is_in(
                    [RequestStatus.REQUESTED.value, RequestStatus.OFFERED.value]
                ),
                InterpretationRequest.seats_filled == 0,
            )
            .returning(InterpretationRequest.id)
        )
        if not confirmed:
            raise Conflict("This request was booked meanwhile.", "request")
        await insert_bookings(actor, request, seats, start)
        await hold_facility(request, start, end)
        await withdraw_open_offers(request_id)
        await record_event(request_id, RequestStatus.CONFIRMED, actor)
        await audit.record(actor, "book", "interpretation_request", request_id, ["interpreter"])
    return await get_request(actor, request_id)


async def withdraw_open_offers(request_id: int) -> None:
    """Open offers of a request that is now filled or cancelled; inside its transaction."""
    await Offer.update(status="withdrawn", answered_at=datetime.now(UTC)).where(
        Offer.request == request_id, Offer.status == "open"
    )

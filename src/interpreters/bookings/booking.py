"""Booking interpreters for a request, never one of them twice at the same time.

A request is confirmed with one interpreter, a team of two, or a relay of two through a
pivot language; each is one booking row, and the database refuses any row that overlaps
another active booking of the same interpreter (see the migrations), as it refuses two
holds of one room.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from interpreters import audit, db, registry
from interpreters.availability import buffers, epoch, openings
from interpreters.bookings.schemas import AssignIn, BookIn, RequestOut
from interpreters.bookings.service import get_request, record_event
from interpreters.bookings.tables import FacilityBooking, Offer
from interpreters.db import for_update
from interpreters.errors import Conflict, InvalidInput, NotFound
from interpreters.notifications import SessionChange, announce, kick_outbox
from interpreters.principal import Principal
from interpreters.sessions import (
    STANDING,
    STANDING_HOLD,
    UNFILLED,
    Amendment,
    Booking,
    BookingRecord,
    BookingStatus,
    Facility,
    InterpretationRequest,
    OfferStatus,
    RequestRecord,
    RequestStatus,
    locked_request,
    require_eligible,
    session_start,
    session_times,
    status_values,
    visible_request,
)


@dataclass(frozen=True, slots=True)
class Seat:
    """One interpreter's part in a session: the pair of languages they cover."""

    interpreter: int
    role: str
    language: str
    working_language: str


def seats_for(request: RequestRecord, data: BookIn) -> list[Seat]:
    language, working = request.language, request.working_language
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
    if len(seats) < request.interpreters_needed:
        raise InvalidInput(
            "This session needs a team of two interpreters; name a partner.", "partner"
        )
    return seats


async def _take_turns(interpreter_ids: Sequence[int], facility_id: int | None) -> None:
    """Locks the rows of the interpreters and of the room about to be booked, always in the
    same order. Bookings of one interpreter or one room then follow one another: the checks
    read what the one before wrote (fatigue limits too, which no constraint sees), and two
    inserts never wait for each other in PostgreSQL's no-overlap constraints, a deadlock it
    would break by failing one of them with an error."""
    await registry.lock_interpreters(interpreter_ids)
    if facility_id is not None:
        await for_update(Facility.select(Facility.id).where(Facility.id == facility_id))


async def require_seats(request: RequestRecord, seats: Sequence[Seat], start: datetime) -> None:
    """Every hard filter for every seat, then free time for the whole session (buffers,
    notice and fatigue limits included): a 409 naming what fails, or nothing. Call it in
    the transaction that books, which it puts in turn behind other bookings of the same
    interpreters or room."""
    end = start + timedelta(minutes=request.duration_minutes)
    ids = [seat.interpreter for seat in seats]
    await _take_turns(ids, request.facility)
    found = await registry.interpreters(ids)
    for seat in seats:
        record = found.get(seat.interpreter)
        if record is None or not record.vetted_on(start.date()):
            raise NotFound("No interpreter with id {id}.", id=seat.interpreter)
        await require_eligible(
            seat.interpreter, request, start.date(), seat.language, seat.working_language
        )
    open_for = await openings(
        {i: found[i].timezone for i in ids},
        epoch(start),
        epoch(start),
        epoch(end) - epoch(start),
        epoch(datetime.now(UTC)),
        urgent=request.is_urgent,
    )
    for interpreter_id in ids:
        if open_for.first_start(interpreter_id) is None:
            raise Conflict(
                "{name} is not free for the whole session.",
                "interpreter",
                name=found[interpreter_id].display_name,
            )


async def hold_facility(request: RequestRecord, start: datetime, end: datetime) -> None:
    """Holds the request's room for the session, or moves its hold; call inside the
    transaction that confirms or moves the session (the database refuses an overlap)."""
    if request.facility is None:
        return
    moved = await (
        FacilityBooking.update(starts_at=start, ends_at=end)
        .where(
            FacilityBooking.request == request.id,
            FacilityBooking.status.is_in(status_values(STANDING_HOLD)),
        )
        .returning(FacilityBooking.id)
    )
    if not moved:
        await FacilityBooking.insert(
            FacilityBooking(
                facility=request.facility, request=request.id, starts_at=start, ends_at=end
            )
        )


async def insert_bookings(
    actor: Principal, request: RequestRecord, seats: Sequence[Seat], start: datetime
) -> None:
    """The booking rows of `seats`; call inside the transaction that confirms them."""
    end = start + timedelta(minutes=request.duration_minutes)
    after = await buffers([seat.interpreter for seat in seats])
    await Booking.insert(
        *(
            Booking(
                request=request.id,
                interpreter=seat.interpreter,
                role=seat.role,
                language=seat.language,
                working_language=seat.working_language,
                session_kind=request.session_kind,
                starts_at=start,
                ends_at=end,
                blocked_until=end + after[seat.interpreter],
                booked_by=actor.user_id,
            )
            for seat in seats
        )
    )


async def release(request_id: int, status: BookingStatus) -> list[BookingRecord]:
    """Gives the request's active bookings `status`, which blocks no time, so that the
    checks that follow in the same transaction see their interpreters' own time free;
    returns them as they were. Call it after `locked_request`, which keeps other changes to
    the request out."""
    rows = await Booking.select().where(
        Booking.request == request_id, Booking.status.is_in(status_values(STANDING))
    )
    if rows:
        await Booking.update(status=status.value).where(
            Booking.id.is_in([row["id"] for row in rows])
        )
    return [BookingRecord.from_row(row) for row in rows]


async def staff(
    actor: Principal,
    request_id: int,
    data: BookIn,
    action: str,
    allowed: Collection[RequestStatus],
    note: str = "",
) -> RequestOut:
    """Books the interpreters `data` names: for a request still to be filled, confirming it
    (and withdrawing its open offers); for a confirmed one, in place of its bookings, which
    become `reassigned`, while its room stays held. Every rule and check runs in the
    transaction that writes, after the bookings replaced stop blocking time, so that an
    interpreter kept on is not in their own way; any failure leaves everything as it was."""
    await visible_request(actor, request_id)
    async with db.transaction():
        request = await locked_request(request_id)
        if request.status not in allowed:
            raise Conflict("This request is already {status}.", "request", status=request.status)
        replacing = request.status == RequestStatus.CONFIRMED
        # Someone accepted an offer for a seat: the offers fill the rest.
        if not replacing and request.seats_filled:
            raise Conflict("This request was booked meanwhile.", "request")
        booked = await session_times(request_id) if replacing else None
        start = session_start(request, data.start, booked[0] if booked else None)
        seats = seats_for(request, data)
        end = start + timedelta(minutes=request.duration_minutes)
        await InterpretationRequest.update(
            status=RequestStatus.CONFIRMED.value, seats_filled=len(seats), next_wave_at=None
        ).where(InterpretationRequest.id == request_id)
        replaced = await release(request_id, BookingStatus.REASSIGNED)
        await require_seats(request, seats, start)
        await insert_bookings(actor, request, seats, start)
        await hold_facility(request, start, end)
        await withdraw_open_offers(request_id)
        event: RequestStatus | Amendment = "reassigned" if replacing else RequestStatus.CONFIRMED
        await record_event(request_id, event, actor, note)
        await audit.record(actor, action, "interpretation_request", request_id, ["interpreter"])
        staffed = replace(request, status=RequestStatus.CONFIRMED, seats_filled=len(seats))
        if replacing:
            dropped = [booking.interpreter for booking in replaced]
            new_time = booked is not None and start != booked[0]
            await announce(SessionChange(staffed, "reassigned", dropped, new_time))
        else:
            await announce(SessionChange(staffed, "confirmed"))
    kick_outbox()
    return await get_request(actor, request_id)


async def book(actor: Principal, request_id: int, data: BookIn) -> RequestOut:
    """Confirms a request still to be filled with the interpreters chosen."""
    return await staff(actor, request_id, data, "book", UNFILLED)


async def assign(actor: Principal, request_id: int, data: AssignIn) -> RequestOut:
    """A coordinator books a request still to be filled, or replaces the interpreters of a
    confirmed one."""
    allowed = {*UNFILLED, RequestStatus.CONFIRMED}
    return await staff(actor, request_id, data, "assign", allowed, data.reason)


async def withdraw_open_offers(request_id: int) -> None:
    """Open offers of a request that is now filled, moved or cancelled; inside its
    transaction."""
    await Offer.update(status=OfferStatus.WITHDRAWN.value, answered_at=datetime.now(UTC)).where(
        Offer.request == request_id, Offer.status == OfferStatus.OPEN.value
    )

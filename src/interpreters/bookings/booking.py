"""Booking interpreters for a request, never one of them twice at the same time.

A request is confirmed with one interpreter, a team of two, or a relay of two through a
pivot language; each is one booking row, and the database refuses any row that overlaps
another active booking of the same interpreter (see the migrations), as it refuses two
holds of one room.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from piccolo.query import Select

from interpreters import db
from interpreters.audit import service as audit
from interpreters.auth.principal import Principal
from interpreters.availability.freebusy import DEFAULT_LIMITS
from interpreters.availability.query import openings
from interpreters.availability.tables import AvailabilityProfile
from interpreters.availability.wallclock import aware, epoch
from interpreters.bookings.eligibility import require_eligible
from interpreters.bookings.schemas import (
    Amendment,
    AssignIn,
    BookIn,
    RequestOut,
    RequestStatus,
    Urgency,
)
from interpreters.bookings.service import UNFILLED, get_request, record_event, request_row
from interpreters.bookings.tables import (
    ACTIVE_BOOKING,
    Booking,
    Facility,
    FacilityBooking,
    InterpretationRequest,
    Offer,
)
from interpreters.errors import Conflict, InvalidInput, NotFound
from interpreters.notifications import invitations, outbox
from interpreters.registry.tables import Interpreter
from interpreters.registry.views import vetting_is_valid
from interpreters.settings import get_settings

# A booking replaced by a coordinator: it holds no time.
REASSIGNED = "reassigned"


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


def session_start(
    request: dict[str, Any], asked: datetime | None, booked: datetime | None = None
) -> datetime:
    """The start asked for (the institution's local time without an offset), inside the
    request's window of starts; when none is asked, the session's booked start or else the
    request's earliest start."""
    if asked is not None:
        start = aware(asked, request["timezone"]).astimezone(UTC)
    else:
        start = booked or request["earliest_start"]
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


def for_update(query: Select[Any]) -> Select[Any]:
    """`query` locking the rows it reads until the transaction ends, on PostgreSQL; SQLite's
    write lock, taken when the transaction begins, already keeps every other writer out."""
    return query.lock_rows("NO KEY UPDATE") if get_settings().is_postgres else query


async def _take_turns(interpreter_ids: Sequence[int], facility_id: int | None) -> None:
    """Locks the rows of the interpreters and of the room about to be booked, always in the
    same order. Bookings of one interpreter or one room then follow one another: the checks
    read what the one before wrote (fatigue limits too, which no constraint sees), and two
    inserts never wait for each other in PostgreSQL's no-overlap constraints, a deadlock it
    would break by failing one of them with an error."""
    await for_update(
        Interpreter.select(Interpreter.id)
        .where(Interpreter.id.is_in(sorted(set(interpreter_ids))))
        .order_by(Interpreter.id)
    )
    if facility_id is not None:
        await for_update(Facility.select(Facility.id).where(Facility.id == facility_id))


async def locked_request(request_id: int) -> dict[str, Any]:
    """The request's row as it is now, locked until the transaction ends: changes to one
    request follow one another, each deciding on what the one before wrote."""
    row = await for_update(
        InterpretationRequest.select()
        .where(InterpretationRequest.id == request_id)
        .output(load_json=True)
    ).first()
    if row is None:
        raise NotFound("No request with id {id}.", id=request_id)
    return dict(row)


async def require_seats(request: dict[str, Any], seats: Sequence[Seat], start: datetime) -> None:
    """Every hard filter for every seat, then free time for the whole session (buffers,
    notice and fatigue limits included): a 409 naming what fails, or nothing. Call it in
    the transaction that books, which it puts in turn behind other bookings of the same
    interpreters or room."""
    end = start + timedelta(minutes=request["duration_minutes"])
    ids = [seat.interpreter for seat in seats]
    await _take_turns(ids, request["facility"])
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
                "{name} is not free for the whole session.",
                "interpreter",
                name=rows[interpreter_id]["display_name"],
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
                session_kind=request["session_kind"],
                starts_at=start,
                ends_at=end,
                blocked_until=end + after[seat.interpreter],
                booked_by=actor.user_id,
            )
            for seat in seats
        )
    )


async def session_of(request_id: int) -> tuple[datetime, datetime] | None:
    """When the request's booked session starts and ends; None while nobody is booked."""
    booking = (
        await Booking.select(Booking.starts_at, Booking.ends_at)
        .where(Booking.request == request_id, Booking.status.is_in(list(ACTIVE_BOOKING)))
        .first()
    )
    return None if booking is None else (booking["starts_at"], booking["ends_at"])


async def release(request_id: int, status: str) -> list[dict[str, Any]]:
    """Gives the request's active bookings `status`, which blocks no time, so that the
    checks that follow in the same transaction see their interpreters' own time free;
    returns them as they were. Call it after `locked_request`, which keeps other changes to
    the request out."""
    rows = await Booking.select().where(
        Booking.request == request_id, Booking.status.is_in(list(ACTIVE_BOOKING))
    )
    if rows:
        await Booking.update(status=status).where(Booking.id.is_in([row["id"] for row in rows]))
    return rows


async def staff(
    actor: Principal,
    request_id: int,
    data: BookIn,
    action: str,
    allowed: Collection[str],
    note: str = "",
) -> RequestOut:
    """Books the interpreters `data` names: for a request still to be filled, confirming it
    (and withdrawing its open offers); for a confirmed one, in place of its bookings, which
    become `reassigned`, while its room stays held. Every rule and check runs in the
    transaction that writes, after the bookings replaced stop blocking time, so that an
    interpreter kept on is not in their own way; any failure leaves everything as it was."""
    await request_row(actor, request_id)
    async with db.transaction():
        request = await locked_request(request_id)
        if request["status"] not in allowed:
            raise Conflict("This request is already {status}.", "request", status=request["status"])
        replacing = request["status"] == RequestStatus.CONFIRMED
        # Someone accepted an offer for a seat: the offers fill the rest.
        if not replacing and request["seats_filled"]:
            raise Conflict("This request was booked meanwhile.", "request")
        booked = await session_of(request_id) if replacing else None
        start = session_start(request, data.start, booked[0] if booked else None)
        seats = seats_for(request, data)
        end = start + timedelta(minutes=request["duration_minutes"])
        await InterpretationRequest.update(
            status=RequestStatus.CONFIRMED.value, seats_filled=len(seats), next_wave_at=None
        ).where(InterpretationRequest.id == request_id)
        replaced = await release(request_id, REASSIGNED)
        await require_seats(request, seats, start)
        await insert_bookings(actor, request, seats, start)
        await hold_facility(request, start, end)
        await withdraw_open_offers(request_id)
        event: RequestStatus | Amendment = "reassigned" if replacing else RequestStatus.CONFIRMED
        await record_event(request_id, event, actor, note)
        await audit.record(actor, action, "interpretation_request", request_id, ["interpreter"])
        if replacing:
            dropped = [row["interpreter"] for row in replaced]
            new_time = booked is not None and start != booked[0]
            await invitations.announce(request_id, "reassigned", dropped, new_time)
        else:
            await invitations.announce(request_id, "confirmed")
    outbox.kick()
    return await get_request(actor, request_id)


async def book(actor: Principal, request_id: int, data: BookIn) -> RequestOut:
    """Confirms a request still to be filled with the interpreters chosen."""
    return await staff(actor, request_id, data, "book", UNFILLED)


async def assign(actor: Principal, request_id: int, data: AssignIn) -> RequestOut:
    """A coordinator books a request still to be filled, or replaces the interpreters of a
    confirmed one."""
    allowed = (*UNFILLED, RequestStatus.CONFIRMED.value)
    return await staff(actor, request_id, data, "assign", allowed, data.reason)


async def withdraw_open_offers(request_id: int) -> None:
    """Open offers of a request that is now filled, moved or cancelled; inside its
    transaction."""
    await Offer.update(status="withdrawn", answered_at=datetime.now(UTC)).where(
        Offer.request == request_id, Offer.status == "open"
    )

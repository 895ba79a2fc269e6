"""Reading a session's rows as records: the one visibility-checked read of a request, the
lock that puts changes to one request in turn, and the bookings that make up its session."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from interpreters.db import for_update
from interpreters.errors import NotFound
from interpreters.principal import Principal, Role
from interpreters.sessions.records import BookingRecord, RequestRecord
from interpreters.sessions.status import LISTED, REPLACED, STANDING, values
from interpreters.sessions.tables import Booking, InterpretationRequest


def _may_see(viewer: Principal, request: RequestRecord) -> bool:
    """Requesters see their institution's requests; coordinators those of their countries."""
    if viewer.role in {Role.PROSECUTOR, Role.COURT}:
        return viewer.institution_id == request.institution
    return viewer.coordinates({request.country})


async def request_record(request_id: int) -> RequestRecord | None:
    """The request as stored, whoever asks: for links that carry their own proof (a signed
    token) and for work the service does on its own."""
    row = (
        await InterpretationRequest.select()
        .where(InterpretationRequest.id == request_id)
        .output(load_json=True)
        .first()
    )
    return None if row is None else RequestRecord.from_row(row)


async def visible_request(viewer: Principal, request_id: int) -> RequestRecord:
    """The request if `viewer` may see it; another institution's request does not exist for
    them (a 404, as for an id never used)."""
    request = await request_record(request_id)
    if request is None or not _may_see(viewer, request):
        raise NotFound("No request with id {id}.", id=request_id)
    return request


async def locked_request(request_id: int) -> RequestRecord:
    """The request as it is now, locked until the transaction ends: changes to one request
    follow one another, each deciding on what the one before wrote."""
    row = await for_update(
        InterpretationRequest.select()
        .where(InterpretationRequest.id == request_id)
        .output(load_json=True)
    ).first()
    if row is None:
        raise NotFound("No request with id {id}.", id=request_id)
    return RequestRecord.from_row(row)


async def standing_bookings(request_id: int) -> list[BookingRecord]:
    """The bookings that make up the request's session now, in the order they were made."""
    rows = (
        await Booking.select()
        .where(Booking.request == request_id, Booking.status.is_in(values(STANDING)))
        .order_by(Booking.id)
    )
    return [BookingRecord.from_row(row) for row in rows]


async def bookings_following(request: RequestRecord) -> list[BookingRecord]:
    """The bookings that took the request's status with it: the standing ones of a confirmed
    session, those cancelled with a cancelled one."""
    rows = (
        await Booking.select()
        .where(Booking.request == request.id, Booking.status == request.status.value)
        .order_by(Booking.id)
    )
    return [BookingRecord.from_row(row) for row in rows]


async def session_times(request_id: int) -> tuple[datetime, datetime] | None:
    """When the request's booked session starts and ends; None while nobody is booked."""
    booking = (
        await Booking.select(Booking.starts_at, Booking.ends_at)
        .where(Booking.request == request_id, Booking.status.is_in(values(STANDING)))
        .order_by(Booking.starts_at)
        .first()
    )
    return None if booking is None else (booking["starts_at"], booking["ends_at"])


async def booked_start(request: RequestRecord) -> datetime:
    """The start its bookings keep (a cancelled session's too), else the first one asked."""
    booking = (
        await Booking.select(Booking.starts_at)
        .where(Booking.request == request.id, Booking.status.not_in(values(REPLACED)))
        .order_by(Booking.id, ascending=False)
        .first()
    )
    start: datetime = booking["starts_at"] if booking else request.earliest_start
    return start


async def raise_calendar_sequence(request: RequestRecord) -> RequestRecord:
    """The request once its invitations' SEQUENCE (RFC 5546) is raised for a change sent to
    its participants; inside the transaction of that change, which holds the request's lock."""
    await InterpretationRequest.update(
        {InterpretationRequest.calendar_sequence: InterpretationRequest.calendar_sequence + 1}
    ).where(InterpretationRequest.id == request.id)
    return replace(request, calendar_sequence=request.calendar_sequence + 1)


async def listed_bookings(
    since: datetime,
    until: datetime,
    *,
    interpreter: int | None = None,
    institution: int | None = None,
    countries: Collection[str] = (),
) -> list[tuple[BookingRecord, RequestRecord]]:
    """The bookings a calendar feed lists that start between `since` and `until`, with their
    requests, by start: one interpreter's, one institution's, or those of `countries`
    (every country when none is named)."""
    scope = [Booking.status.is_in(values(LISTED))]
    if interpreter is not None:
        scope.append(Booking.interpreter == interpreter)
    if institution is not None:
        scope.append(Booking.request.institution == institution)
    if countries:
        scope.append(Booking.request.country.is_in(sorted(countries)))
    rows = (
        await Booking.select()
        .where(*scope, Booking.starts_at >= since, Booking.starts_at <= until)
        .order_by(Booking.starts_at)
        .order_by(Booking.id)
    )
    if not rows:
        return []
    requests = {
        row["id"]: RequestRecord.from_row(row)
        for row in await InterpretationRequest.select()
        .where(InterpretationRequest.id.is_in(sorted({row["request"] for row in rows})))
        .output(load_json=True)
    }
    return [(BookingRecord.from_row(row), requests[row["request"]]) for row in rows]


async def institutions_of(request_ids: Collection[int]) -> dict[int, int]:
    """The institution that asked for each of the requests."""
    if not request_ids:
        return {}
    rows = await InterpretationRequest.select(
        InterpretationRequest.id, InterpretationRequest.institution
    ).where(InterpretationRequest.id.is_in(sorted(request_ids)))
    return {row["id"]: row["institution"] for row in rows}

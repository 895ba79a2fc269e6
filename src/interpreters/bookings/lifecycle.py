"""A request's life after it is asked: cancelled, completed or a no-show, each change
recorded with who, when and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from interpreters import audit, db
from interpreters.bookings.booking import withdraw_open_offers
from interpreters.bookings.schemas import EventOut, RequestOut
from interpreters.bookings.service import get_request, record_event
from interpreters.bookings.tables import FacilityBooking, RequestEvent
from interpreters.errors import Conflict
from interpreters.notifications import SessionChange, announce, kick_outbox
from interpreters.principal import Principal
from interpreters.sessions import (
    STANDING,
    STANDING_HOLD,
    Booking,
    InterpretationRequest,
    RequestStatus,
    locked_request,
    session_times,
    status_values,
    visible_request,
)
from interpreters.settings import get_settings

OPEN = (RequestStatus.REQUESTED, RequestStatus.OFFERED, RequestStatus.CONFIRMED)


async def _move(
    actor: Principal,
    request_id: int,
    to: RequestStatus,
    allowed: tuple[RequestStatus, ...],
    note: str = "",
    late: bool = False,
) -> RequestOut:
    async with db.transaction():
        # Under the request's lock: a concurrent change goes first and this one sees it.
        request = await locked_request(request_id)
        before = request.status
        if before not in allowed:
            raise Conflict("This request can no longer become {status}.", "status", status=to.value)
        await InterpretationRequest.update(status=to.value, next_wave_at=None).where(
            InterpretationRequest.id == request_id
        )
        # The session's bookings and room hold end as it does.
        await Booking.update(status=to.value).where(
            Booking.request == request_id, Booking.status.is_in(status_values(STANDING))
        )
        await FacilityBooking.update(status=to.value).where(
            FacilityBooking.request == request_id,
            FacilityBooking.status.is_in(status_values(STANDING_HOLD)),
        )
        await withdraw_open_offers(request_id)
        await record_event(request_id, to, actor, note, late)
        await audit.record(actor, to.value, "interpretation_request", request_id, ["status"])
        # Only a confirmed session was ever sent to calendars.
        if to == RequestStatus.CANCELLED and before == RequestStatus.CONFIRMED:
            await announce(SessionChange(replace(request, status=to), "cancelled"))
    kick_outbox()
    return await get_request(actor, request_id)


async def cancel(actor: Principal, request_id: int, reason: str) -> RequestOut:
    """Frees the interpreter; flagged as late within the configured hours of the start."""
    await visible_request(actor, request_id)
    session = await session_times(request_id)
    notice = timedelta(hours=get_settings().late_cancellation_hours)
    late = session is not None and session[0] - datetime.now(UTC) < notice
    return await _move(actor, request_id, RequestStatus.CANCELLED, OPEN, reason, late)


async def complete(actor: Principal, request_id: int) -> RequestOut:
    await visible_request(actor, request_id)
    session = await session_times(request_id)
    if session is None or session[1] > datetime.now(UTC):
        raise Conflict("Only a booked session that has ended can be completed.", "status")
    return await _move(actor, request_id, RequestStatus.COMPLETED, (RequestStatus.CONFIRMED,))


async def no_show(actor: Principal, request_id: int, note: str) -> RequestOut:
    await visible_request(actor, request_id)
    session = await session_times(request_id)
    if session is None or session[0] > datetime.now(UTC):
        raise Conflict("Only a booked session that has started can be a no-show.", "status")
    return await _move(actor, request_id, RequestStatus.NO_SHOW, (RequestStatus.CONFIRMED,), note)


async def history(viewer: Principal, request_id: int) -> list[EventOut]:
    await visible_request(viewer, request_id)
    rows = (
        await RequestEvent.select()
        .where(RequestEvent.request == request_id)
        .order_by(RequestEvent.at)
        .order_by(RequestEvent.id)
    )
    return [
        EventOut(
            status=r["status"], by_user=r["by_user"], at=r["at"], note=r["note"], late=r["late"]
        )
        for r in rows
    ]

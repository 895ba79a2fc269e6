"""Interpreters answering offers, and the requester's view of them.

An acceptance takes a seat under the request row's lock (the first statement of its
transaction, as every change to a request's offers takes it first: no deadlocks), marks the
offer accepted only if it is still open and books the interpreter, whom the database refuses
to book twice at once. The acceptance that fills the last seat confirms the request.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from interpreters import audit, db
from interpreters.bookings.booking import (
    Seat,
    hold_facility,
    insert_bookings,
    require_seats,
    withdraw_open_offers,
)
from interpreters.bookings.offers import inbox, waves
from interpreters.bookings.offers.schemas import OfferFilter, OfferOut, RequestOfferOut
from interpreters.bookings.service import record_event
from interpreters.bookings.tables import Offer
from interpreters.errors import Conflict, NotFound
from interpreters.notifications import SessionChange, announce, kick_outbox
from interpreters.principal import Principal
from interpreters.sessions import (
    InterpretationRequest,
    OfferStatus,
    RequestStatus,
    request_record,
    visible_request,
)

OPEN = OfferStatus.OPEN.value


async def _own_offer(viewer: Principal, offer_id: int) -> dict[str, Any]:
    """The viewer's offer, still open."""
    row: dict[str, Any] | None = (
        await Offer.select(
            Offer.id, Offer.request, Offer.interpreter, Offer.status, Offer.starts_at
        )
        .where(Offer.id == offer_id, Offer.interpreter == viewer.interpreter_id)
        .first()
    )
    # Another interpreter's offer does not exist for the viewer.
    if row is None:
        raise NotFound("No offer with id {id}.", id=offer_id)
    if row["status"] != OPEN:
        raise Conflict(
            "This offer is {status} and can no longer be answered.", "offer", status=row["status"]
        )
    return row


async def _answered(viewer: Principal, offer_id: int) -> OfferOut:
    [view] = await inbox.offers(viewer, OfferFilter.ALL, offer_id)
    return view


async def _take_seat(request_id: int) -> tuple[int, int] | None:
    """Seats filled and needed once one more is taken, or None if none is left; the first
    statement of its transaction, so that it takes the request row's lock first."""
    rows = await InterpretationRequest.raw(
        "UPDATE interpretation_request SET seats_filled = seats_filled + 1"
        " WHERE id = {} AND status = {} AND seats_filled < interpreters_needed"
        " RETURNING seats_filled, interpreters_needed",
        request_id,
        RequestStatus.OFFERED.value,
    )
    return (rows[0]["seats_filled"], rows[0]["interpreters_needed"]) if rows else None


async def _close_offer(offer_id: int, status: OfferStatus, reason: str = "") -> None:
    """Answers the offer only if it is still open (another answer or a withdrawal won)."""
    answered = await (
        Offer.update(status=status.value, reason=reason, answered_at=datetime.now(UTC))
        .where(Offer.id == offer_id, Offer.status == OPEN)
        .returning(Offer.id)
    )
    if not answered:
        raise Conflict("This offer was withdrawn or answered meanwhile.", "offer")


async def accept(actor: Principal, offer_id: int) -> OfferOut:
    offer = await _own_offer(actor, offer_id)
    request_id, start = offer["request"], offer["starts_at"]
    request = await request_record(request_id)
    if request is None:
        raise NotFound("No request with id {id}.", id=request_id)
    pair = (request.language, request.working_language)
    async with db.transaction():
        seats = await _take_seat(request_id)
        if seats is None:
            raise Conflict("This request was filled or closed meanwhile.", "offer")
        await _close_offer(offer_id, OfferStatus.ACCEPTED)
        filled, needed = seats
        seat = Seat(offer["interpreter"], "interpreter" if filled == 1 else "team", *pair)
        # The interpreter's record or diary may have changed since the offer was sent; the
        # check runs behind any other booking of theirs, so limits hold under races too.
        await require_seats(request, [seat], start)
        await insert_bookings(actor, request, [seat], start)
        if filled == needed:
            await InterpretationRequest.update(
                status=RequestStatus.CONFIRMED.value, next_wave_at=None
            ).where(InterpretationRequest.id == request_id)
            await withdraw_open_offers(request_id)
            end = start + timedelta(minutes=request.duration_minutes)
            await hold_facility(request, start, end)
            await record_event(request_id, RequestStatus.CONFIRMED, actor)
            confirmed = replace(request, status=RequestStatus.CONFIRMED, seats_filled=filled)
            await announce(SessionChange(confirmed, "confirmed"))
        await audit.record(actor, "accept_offer", "offer", offer_id, ["status"])
    kick_outbox()
    return await _answered(actor, offer_id)


async def decline(actor: Principal, offer_id: int, reason: str) -> OfferOut:
    offer = await _own_offer(actor, offer_id)
    request_id = offer["request"]
    now = datetime.now(UTC)
    async with db.transaction():
        others = await Offer.count().where(
            Offer.request == request_id, Offer.status == OPEN, Offer.id != offer_id
        )
        # Nobody is left to answer: the next wave need not wait for its time.
        early = (
            []
            if others
            else await InterpretationRequest.update(next_wave_at=now)
            .where(
                InterpretationRequest.id == request_id,
                InterpretationRequest.status == RequestStatus.OFFERED.value,
                InterpretationRequest.next_wave_at.is_not_null(),
            )
            .returning(InterpretationRequest.wave)
        )
        await _close_offer(offer_id, OfferStatus.DECLINED, reason)
        await audit.record(actor, "decline_offer", "offer", offer_id, ["status", "reason"])
    if early:
        waves.schedule(request_id, early[0]["wave"], now)
    return await _answered(actor, offer_id)


async def request_offers(viewer: Principal, request_id: int) -> list[RequestOfferOut]:
    """Every offer of a request, in the order of the ranking; decline reasons included."""
    request = await visible_request(viewer, request_id)
    zone = ZoneInfo(request.timezone)
    rows = (
        await Offer.select(
            Offer.id,
            Offer.interpreter,
            Offer.interpreter.display_name.as_alias("display_name"),
            Offer.wave,
            Offer.rank,
            Offer.status,
            Offer.reason,
            Offer.starts_at,
            Offer.sent_at,
            Offer.answered_at,
        )
        .where(Offer.request == request_id)
        .order_by(Offer.rank)
    )
    await audit.record(viewer, "read_offers", "interpretation_request", request_id, ["offer"])
    return [
        RequestOfferOut.model_validate({**row, "starts_at": row["starts_at"].astimezone(zone)})
        for row in rows
    ]

"""Offering a request to interpreters in waves, best ranked first.

The first wave goes out when a requester asks; each later wave when the last one's time is
up (`next_wave_at`) and nobody has filled the request. Earlier offers stay open: any of them
may still be accepted until the request is filled. When nobody is left to offer it to, the
round closes: open offers expire and the requester's people and coordinators are told.

Every process schedules a job per request at its `next_wave_at`, derived from the database
when it starts, and sweeps for overdue waves every OFFER_SWEEP_SECONDS. A wave is claimed in
the database before it is sent, so two processes, or a restart, never send one wave twice.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from interpreters import audit, auth, db, scheduler
from interpreters.bookings.offers.schemas import OffersIn
from interpreters.bookings.schemas import RequestOut
from interpreters.bookings.service import get_request, record_event
from interpreters.bookings.tables import Offer
from interpreters.errors import Conflict
from interpreters.matching import Matcher, Ranked
from interpreters.notifications import NoticeKind, notify
from interpreters.principal import Principal, command_line_principal
from interpreters.sessions import (
    InterpretationRequest,
    OfferStatus,
    RequestRecord,
    RequestStatus,
    request_record,
    session_start,
    visible_request,
)
from interpreters.settings import get_settings

log = logging.getLogger(__name__)

# Who sends the later waves, in request events and the audit log (no account: id 0).
WAVES = dataclasses.replace(
    command_line_principal(),
    email="offer-waves",
    display_name="Offer waves",
    session_kind="scheduler",
)
SWEEP_JOB = "offer-waves-sweep"
ROUND_CLOSED = "Nobody accepted and nobody is left to offer it to; the open offers expired."


def _job(request_id: int) -> str:
    return f"offer-wave-{request_id}"


def _due(request: RequestRecord, now: datetime) -> datetime:
    return now + get_settings().offer_wave_delay(request.is_urgent)


async def ranked_for(request: RequestRecord, start: datetime, offered: set[int]) -> list[Ranked]:
    """Who passes every hard filter and is free at `start`, best first, but for those
    already offered. A team's seats are offered one by one; relays are booked directly."""
    matcher = Matcher(request, start, start)
    ranking, _ = await matcher.rank(matcher.need(request.language, request.working_language))
    return [r for r in ranking.ranked if r.candidate.id not in offered]


async def _insert_offers(
    request_id: int, chosen: Sequence[Ranked], wave: int, first_rank: int, start: datetime
) -> None:
    await Offer.insert(
        *(
            Offer(
                request=request_id,
                interpreter=ranked.candidate.id,
                wave=wave,
                rank=first_rank + place,
                starts_at=start,
            )
            for place, ranked in enumerate(chosen)
        )
    )


def schedule(request_id: int, wave: int, due: datetime) -> None:
    """The job that sends the wave after `wave` at `due`, if it is still needed then."""
    scheduler.run_at(_job(request_id), due, send_wave, request_id, wave)


async def send_offers(actor: Principal, request_id: int, data: OffersIn) -> RequestOut:
    """The first wave: the `wave_size` best interpreters free at the start."""
    request = await visible_request(actor, request_id)
    if request.status != RequestStatus.REQUESTED:
        raise Conflict("This request is already {status}.", "request", status=request.status)
    start = session_start(request, data.start)
    size = data.wave_size or get_settings().offer_wave_size
    chosen = (await ranked_for(request, start, set()))[:size]
    if not chosen:
        raise Conflict("Nobody is free for this session; no offers were sent.", "request")
    due = _due(request, datetime.now(UTC))
    async with db.transaction():
        moved = await (
            InterpretationRequest.update(
                status=RequestStatus.OFFERED.value, wave=1, wave_size=size, next_wave_at=due
            )
            .where(
                InterpretationRequest.id == request_id,
                InterpretationRequest.status == RequestStatus.REQUESTED.value,
            )
            .returning(InterpretationRequest.id)
        )
        if not moved:
            raise Conflict("This request changed meanwhile; reload it.", "request")
        await _insert_offers(request_id, chosen, 1, 1, start)
        await record_event(request_id, RequestStatus.OFFERED, actor)
        await audit.record(actor, "send_offers", "interpretation_request", request_id, ["offer"])
    schedule(request_id, 1, due)
    return await get_request(actor, request_id)


async def _claim(request_id: int, wave: int, now: datetime) -> RequestRecord | None:
    """Takes the wave after `wave` for this process, inside the caller's transaction: clears
    `next_wave_at` only if that wave is still the last one and its time is up. Another
    process that tries the same wave finds nothing to take."""
    claimed = await (
        InterpretationRequest.update(next_wave_at=None)
        .where(
            InterpretationRequest.id == request_id,
            InterpretationRequest.wave == wave,
            InterpretationRequest.status == RequestStatus.OFFERED.value,
            InterpretationRequest.next_wave_at <= now,
        )
        .returning(InterpretationRequest.id)
    )
    if not claimed:
        return None
    return await request_record(request_id)


async def send_wave(request_id: int, wave: int) -> None:
    """The job at a request's `next_wave_at`: the next best interpreters not offered yet, or,
    with nobody left, the end of the round. Nothing if the wave was sent by another process,
    or the request was filled or cancelled meanwhile."""
    now = datetime.now(UTC)
    async with db.transaction():
        request = await _claim(request_id, wave, now)
        if request is None:
            return
        offers = await Offer.select(Offer.interpreter, Offer.starts_at).where(
            Offer.request == request_id
        )
        start = offers[0]["starts_at"]
        offered = {o["interpreter"] for o in offers}
        chosen = [] if start <= now else await ranked_for(request, start, offered)
        chosen = chosen[: request.wave_size]
        if not chosen:
            await _close_round(request, start, len(offers))
            return
        due = _due(request, now)
        await InterpretationRequest.update(wave=wave + 1, next_wave_at=due).where(
            InterpretationRequest.id == request_id
        )
        await _insert_offers(request_id, chosen, wave + 1, len(offers) + 1, start)
        await audit.record(WAVES, "send_wave", "interpretation_request", request_id, ["offer"])
    schedule(request_id, wave + 1, due)


async def _close_round(request: RequestRecord, start: datetime, offers: int) -> None:
    """Open offers expire and the people of the request are told; the request stays offered
    (book directly or cancel). Inside the transaction that claimed the wave."""
    request_id = request.id
    await Offer.update(status=OfferStatus.EXPIRED.value, answered_at=datetime.now(UTC)).where(
        Offer.request == request_id, Offer.status == OfferStatus.OPEN.value
    )
    await record_event(request_id, RequestStatus.OFFERED, WAVES, ROUND_CLOSED)
    local = start.astimezone(ZoneInfo(request.timezone))
    # What the requester needs to act on, and nothing about the victim: it may be mailed.
    params: dict[str, str | int] = {
        "request": request_id,
        "case_reference": request.case_reference,
        "session_kind": request.session_kind,
        "language": request.language,
        "working_language": request.working_language,
        "start": f"{local:%Y-%m-%d %H:%M} {request.timezone}",
        "offers": offers,
        "seats_filled": request.seats_filled,
        "interpreters_needed": request.interpreters_needed,
    }
    people = await auth.institution_and_coordinators(request.institution, request.country)
    await notify(people, NoticeKind.OFFERS_EXHAUSTED, request_id, params)
    await audit.record(WAVES, "offers_exhausted", "interpretation_request", request_id, ["offer"])


async def send_due_waves() -> None:
    """Every wave whose time is up: the safety net under the jobs, and what a process that
    was down at a wave's time sends when it starts."""
    due = await InterpretationRequest.select(
        InterpretationRequest.id, InterpretationRequest.wave
    ).where(
        InterpretationRequest.status == RequestStatus.OFFERED.value,
        InterpretationRequest.next_wave_at <= datetime.now(UTC),
    )
    for row in due:
        try:
            await send_wave(row["id"], row["wave"])
        except Exception:  # one request's failure must not hold up the others' waves
            log.exception("sending wave %s of request %s failed", row["wave"] + 1, row["id"])


async def resume() -> None:
    """At start: the waves missed while no process ran, a job for each wave to come, and
    the sweep."""
    await send_due_waves()
    pending = await InterpretationRequest.select(
        InterpretationRequest.id, InterpretationRequest.wave, InterpretationRequest.next_wave_at
    ).where(
        InterpretationRequest.status == RequestStatus.OFFERED.value,
        InterpretationRequest.next_wave_at.is_not_null(),
    )
    for row in pending:
        schedule(row["id"], row["wave"], row["next_wave_at"])
    scheduler.run_every(SWEEP_JOB, get_settings().offer_sweep_seconds, send_due_waves)

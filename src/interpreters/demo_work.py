"""Work for the demo interpreter: two open offers and an upcoming assignment, from the demo
prosecutors' office, at times the interpreter is free and for what they may take, so that
accepting an offer works as it would for real. No real person's data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from interpreters.availability import buffers, epoch, instant, openings
from interpreters.bookings.rules import default_credentials
from interpreters.bookings.schemas import SessionKind
from interpreters.bookings.tables import Offer, RequestEvent
from interpreters.notifications import SessionChange, announce
from interpreters.registry.schemas import Modality
from interpreters.registry.tables import Interpreter, InterpreterTag, LanguageSkill
from interpreters.registry.views import MODALITY
from interpreters.sessions import Booking, InterpretationRequest, RequestStatus, request_record
from interpreters.settings import get_settings

DURATION_MINUTES = 45
# The assignment first, then the offers, each a day or more after the one before.
SESSIONS = [RequestStatus.CONFIRMED, RequestStatus.OFFERED, RequestStatus.OFFERED]
FIRST_AFTER = timedelta(days=3)
# Every weekly pattern has a window within a week.
SEARCH = timedelta(days=7)
OFFICE = ("America/Tegucigalpa", "HN")


async def _free_start(interpreter: dict[str, Any], earliest: datetime) -> datetime | None:
    now = datetime.now(UTC)
    found = await openings(
        {interpreter["id"]: interpreter["timezone"]},
        epoch(earliest),
        epoch(earliest + SEARCH),
        DURATION_MINUTES * 60,
        epoch(now),
    )
    start = found.first_start(interpreter["id"])
    return None if start is None else instant(start)


async def _request(
    n: int, office: int, prosecutor: int, start: datetime, status: RequestStatus, **pair: Any
) -> int:
    zone, country = OFFICE
    request = InterpretationRequest(
        institution=office,
        requested_by=prosecutor,
        country=country,
        timezone=zone,
        case_reference=f"DEMO-HN-2026-{n:03d}",
        victim_pseudonym=f"Persona {chr(ord('A') + n)}",
        session_kind=SessionKind.VICTIM_INTERVIEW.value,
        earliest_start=start,
        latest_start=start,
        duration_minutes=DURATION_MINUTES,
        min_proficiency=3,
        required_credentials=default_credentials(SessionKind.VICTIM_INTERVIEW),
        status=status.value,
        seats_filled=1 if status is RequestStatus.CONFIRMED else 0,
        **pair,
    )
    await request.save()
    await RequestEvent.insert(
        *(
            RequestEvent(request=request.id, status=s.value, by_user=prosecutor)
            for s in (RequestStatus.REQUESTED, status)
        )
    )
    return int(request.id)


async def give_work(interpreter_id: int, office: int, prosecutor: int) -> None:
    """Call inside the transaction that loads the demo."""
    interpreter = (
        await Interpreter.select(Interpreter.id, Interpreter.timezone)
        .where(Interpreter.id == interpreter_id)
        .first()
    )
    skill = await LanguageSkill.select().where(LanguageSkill.interpreter == interpreter_id).first()
    modalities = {
        tag["value"]
        for tag in await InterpreterTag.select(InterpreterTag.value).where(
            InterpreterTag.interpreter == interpreter_id, InterpreterTag.kind == MODALITY
        )
    }
    if interpreter is None or skill is None or not modalities:
        return
    modality = Modality.VIDEO.value if Modality.VIDEO.value in modalities else min(modalities)
    pair = {
        "language": skill["language"],
        "working_language": skill["working_language"],
        "modality": modality,
        "place": "Fiscalía, San Pedro Sula" if modality == Modality.ON_SITE.value else "",
    }
    buffer = (await buffers([interpreter_id]))[interpreter_id]
    earliest = datetime.now(UTC) + FIRST_AFTER
    for n, status in enumerate(SESSIONS, start=1):
        start = await _free_start(interpreter, earliest)
        if start is None:
            continue
        earliest = start + timedelta(days=1)
        request_id = await _request(n, office, prosecutor, start, status, **pair)
        end = start + timedelta(minutes=DURATION_MINUTES)
        if status is RequestStatus.CONFIRMED:
            await Booking.insert(
                Booking(
                    request=request_id,
                    interpreter=interpreter_id,
                    language=skill["language"],
                    working_language=skill["working_language"],
                    session_kind=SessionKind.VICTIM_INTERVIEW.value,
                    starts_at=start,
                    ends_at=end,
                    blocked_until=end + buffer,
                    booked_by=prosecutor,
                )
            )
            # The Mail page then shows what a booking sends from the start.
            request = await request_record(request_id)
            assert request is not None, "inserted above"
            await announce(SessionChange(request, "confirmed"))
            continue
        due = datetime.now(UTC) + get_settings().offer_wave_delay(urgent=False)
        await InterpretationRequest.update(wave=1, wave_size=3, next_wave_at=due).where(
            InterpretationRequest.id == request_id
        )
        await Offer.insert(
            Offer(request=request_id, interpreter=interpreter_id, wave=1, rank=1, starts_at=start)
        )

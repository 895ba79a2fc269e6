"""A vetting decision and what it sets off: an interpreter suspended or revoked (a tie to a
trafficking network may be the reason) leaves every session at once. Their open offers are
withdrawn, their join links stop, and each upcoming session they are booked for is flagged
to its requester and the country's coordinators, who replace them or cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interpreters import audit, db, registry
from interpreters.bookings.tables import Offer
from interpreters.notifications import flag_unvetted, kick_outbox
from interpreters.principal import Principal
from interpreters.sessions import STANDING, OfferStatus, RequestStatus, listed_bookings
from interpreters.video import revoke_interpreters

WITHDRAWING = frozenset({registry.VettingStatus.SUSPENDED, registry.VettingStatus.REVOKED})
# Far enough ahead to reach every session booked: requests are asked months ahead at most.
HORIZON = timedelta(days=3 * 365)


async def _withdraw(actor: Principal, interpreter: registry.InterpreterRecord) -> None:
    """Inside the transaction of the vetting decision."""
    now = datetime.now(UTC)
    await Offer.update(status=OfferStatus.WITHDRAWN.value, reason="vetting", answered_at=now).where(
        Offer.interpreter == interpreter.id, Offer.status == OfferStatus.OPEN.value
    )
    # From a day back: a session under way has started already and is still theirs.
    booked = await listed_bookings(
        now - timedelta(days=1), now + HORIZON, interpreter=interpreter.id
    )
    for booking, request in booked:
        if booking.status not in STANDING or request.status != RequestStatus.CONFIRMED:
            continue
        if booking.ends_at <= now:
            continue
        await revoke_interpreters(request.id, [interpreter.id])
        await flag_unvetted(request, interpreter.display_name, booking.starts_at)
        await audit.record(actor, "flag_unvetted", "interpretation_request", request.id)


async def set_vetting(
    actor: Principal, interpreter_id: int, data: registry.VettingIn
) -> registry.InterpreterOut:
    async with db.transaction():
        decided = await registry.set_vetting(actor, interpreter_id, data)
        if data.status in WITHDRAWING:
            await _withdraw(actor, await registry.interpreter(interpreter_id))
    kick_outbox()
    return decided

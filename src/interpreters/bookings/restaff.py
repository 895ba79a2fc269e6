"""Re-staffing a session in one action: each interpreter of a confirmed session who may no
longer interpret it (their vetting was withdrawn, or their background check lapses before
it) is replaced by the best-ranked interpreter free at the same time for the same pair of
languages; the others stay. The booking itself is `booking.staff`'s, with all its rules."""

from __future__ import annotations

from interpreters.bookings.booking import staff
from interpreters.bookings.schemas import BookIn, BookingOut, RequestOut
from interpreters.bookings.service import bookings_of
from interpreters.errors import Conflict
from interpreters.matching import Matcher
from interpreters.principal import Principal
from interpreters.sessions import (
    STANDING,
    RequestRecord,
    RequestStatus,
    status_values,
    visible_request,
)


async def _best_free(request: RequestRecord, booking: BookingOut, taken: set[int]) -> int:
    matcher = Matcher(request, booking.starts_at, booking.starts_at)
    ranking, _ = await matcher.rank(matcher.need(booking.language, booking.working_language))
    for ranked in ranking.ranked:
        if ranked.candidate.id not in taken:
            return ranked.candidate.id
    raise Conflict(
        "Nobody else is free for this session between {language} and {working}: choose "
        "another time or cancel it.",
        "request",
        language=booking.language,
        working=booking.working_language,
    )


async def restaff(actor: Principal, request_id: int) -> RequestOut:
    request = await visible_request(actor, request_id)
    if request.status != RequestStatus.CONFIRMED:
        raise Conflict("This request is already {status}.", "request", status=request.status)
    standing = status_values(STANDING)
    bookings = [b for b in (await bookings_of([request_id]))[request_id] if b.status in standing]
    if all(b.fit for b in bookings):
        raise Conflict("Every interpreter of this session may still interpret it.", "request")
    taken = {b.interpreter for b in bookings}
    chosen: dict[str, int] = {}
    for booking in bookings:
        if booking.fit:
            chosen[booking.role] = booking.interpreter
        else:
            chosen[booking.role] = await _best_free(request, booking, taken)
            taken.add(chosen[booking.role])
    relay = next((b for b in bookings if b.role == "relay"), None)
    data = BookIn(
        interpreter=chosen["interpreter"],
        partner=chosen.get("team", chosen.get("relay")),
        pivot_language=relay.language if relay else None,
        start=bookings[0].starts_at,
    )
    return await staff(actor, request_id, data, "restaff", {RequestStatus.CONFIRMED})

"""Who takes part in a booked session, as its invitations and answer links address them."""

from __future__ import annotations

from typing import Any

from interpreters.auth.tables import User
from interpreters.bookings.booking import ACTIVE_BOOKING
from interpreters.bookings.tables import Booking, InterpretationRequest
from interpreters.calendar.session import Recipient


async def participants(request_id: int) -> list[Recipient]:
    """The interpreters of the request's active bookings and the user who asked for it, in
    the language of their account (Spanish for an interpreter without one)."""
    booked = await Booking.select(
        Booking.interpreter,
        Booking.interpreter.email.as_alias("email"),
        Booking.interpreter.display_name.as_alias("name"),
    ).where(Booking.request == request_id, Booking.status.is_in(list(ACTIVE_BOOKING)))
    asked = (
        await InterpretationRequest.select(InterpretationRequest.requested_by)
        .where(InterpretationRequest.id == request_id)
        .first()
    )
    requester = asked["requested_by"] if asked else 0
    linked: Any = User.id == requester
    if booked:
        linked |= User.interpreter.is_in([row["interpreter"] for row in booked])
    users = await User.select(
        User.id, User.email, User.display_name, User.language, User.interpreter
    ).where(linked)
    spoken = {user["interpreter"]: user["language"] for user in users if user["interpreter"]}
    found = [
        Recipient(row["email"], row["name"], "interpreter", spoken.get(row["interpreter"], "es"))
        for row in booked
    ]
    found += [
        Recipient(user["email"], user["display_name"], "requester", user["language"])
        for user in users
        if user["id"] == requester
    ]
    return found

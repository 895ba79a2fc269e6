"""Who takes part in a session, as its emails, invitations and answer links address them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import validate_email
from pydantic_core import PydanticCustomError

from interpreters.auth.tables import User
from interpreters.bookings.tables import ACTIVE_BOOKING, Booking
from interpreters.calendar.session import Recipient, RecipientRole
from interpreters.errors import InvalidInput
from interpreters.registry.tables import Interpreter


@dataclass(frozen=True, slots=True)
class Participant:
    recipient: Recipient
    # Their own zone, in which the email repeats the session's times.
    timezone: str


def _recipient(email: str, name: str, role: RecipientRole, language: str, field: str) -> Recipient:
    """A participant who can be mailed, or the booking is refused: an invitation that can
    never arrive would leave them without the session in their calendar."""
    try:
        validate_email(email)
        return Recipient(email=email, name=name, role=role, language=language)
    except (PydanticCustomError, ValueError) as error:
        raise InvalidInput(
            "The email address of {name} cannot receive invitations; correct it first.",
            field,
            name=name,
        ) from error


async def participants(
    request: Mapping[str, Any], interpreter_ids: Sequence[int], with_requester: bool = True
) -> list[Participant]:
    """The requester (when their account exists) and the interpreters named, in order."""
    people: list[Participant] = []
    requester = (
        await User.select(User.email, User.display_name, User.language)
        .where(User.id == request["requested_by"])
        .first()
        if with_requester
        else None
    )
    if requester is not None:
        recipient = _recipient(
            requester["email"],
            requester["display_name"],
            "requester",
            requester["language"],
            "requested_by",
        )
        people.append(Participant(recipient, request["timezone"]))
    if not interpreter_ids:
        return people
    rows = await Interpreter.select(
        Interpreter.id, Interpreter.email, Interpreter.display_name, Interpreter.timezone
    ).where(Interpreter.id.is_in(list(interpreter_ids)))
    accounts = await User.select(User.interpreter, User.language).where(
        User.interpreter.is_in(list(interpreter_ids))
    )
    speaks = {row["interpreter"]: row["language"] for row in accounts}
    by_id = {row["id"]: row for row in rows}
    for interpreter_id in dict.fromkeys(interpreter_ids):
        row = by_id[interpreter_id]
        recipient = _recipient(
            row["email"],
            row["display_name"],
            "interpreter",
            speaks.get(interpreter_id, "es"),
            "interpreter",
        )
        people.append(Participant(recipient, row["timezone"]))
    return people


async def booked_participants(request: Mapping[str, Any]) -> list[Recipient]:
    """The requester and the interpreters of the request's active bookings."""
    booked = await Booking.select(Booking.interpreter).where(
        Booking.request == request["id"], Booking.status.is_in(list(ACTIVE_BOOKING))
    )
    found = await participants(request, [row["interpreter"] for row in booked])
    return [person.recipient for person in found]

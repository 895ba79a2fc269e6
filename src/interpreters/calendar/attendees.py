"""Who takes part in a session, as its emails, invitations and answer links address them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import validate_email
from pydantic_core import PydanticCustomError

from interpreters import auth, registry
from interpreters.calendar.session import Recipient, RecipientRole
from interpreters.errors import InvalidInput
from interpreters.sessions import RequestRecord, standing_bookings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Participant:
    recipient: Recipient
    # Their own zone, in which the email repeats the session's times.
    timezone: str
    # The booked interpreter's registry record; None for the requester.
    interpreter_id: int | None = None


class Unmailable(InvalidInput):
    """A participant's address cannot receive mail."""


def _recipient(email: str, name: str, role: RecipientRole, language: str, field: str) -> Recipient:
    # A name is one line in every header and calendar property it goes into.
    name = " ".join(name.split())
    try:
        validate_email(email)
        return Recipient(email=email, name=name, role=role, language=language)
    except (PydanticCustomError, ValueError) as error:
        raise Unmailable(
            "The email address of {name} cannot receive invitations; correct it first.",
            field,
            name=name,
        ) from error


async def participants(
    request: RequestRecord,
    interpreter_ids: Sequence[int],
    with_requester: bool = True,
    strict: bool = True,
) -> list[Participant]:
    """The requester (when their account exists) and the interpreters named, in order.

    `strict` (booking someone): an address that cannot receive mail raises Unmailable, which
    refuses the booking, since an invitation that can never arrive leaves them without the
    session. Otherwise (a cancellation, a reminder) that person is left out and logged:
    their address must not stop the change reaching everyone else.
    """
    people: list[Participant] = []

    def add(
        email: str,
        name: str,
        role: RecipientRole,
        language: str,
        field: str,
        timezone: str,
        interpreter_id: int | None = None,
    ) -> None:
        try:
            recipient = _recipient(email, name, role, language, field)
            people.append(Participant(recipient, timezone, interpreter_id))
        except Unmailable:
            if strict:
                raise
            log.warning("a participant of request %s cannot be mailed", request.id)

    requester = await auth.account(request.requested_by) if with_requester else None
    if requester is not None:
        add(
            requester.email,
            requester.display_name,
            "requester",
            requester.language,
            "requested_by",
            request.timezone,
        )
    if not interpreter_ids:
        return people
    by_id = await registry.interpreters(interpreter_ids)
    speaks = await auth.languages_of_interpreters(interpreter_ids)
    for interpreter_id in dict.fromkeys(interpreter_ids):
        interpreter = by_id[interpreter_id]
        add(
            interpreter.email,
            interpreter.display_name,
            "interpreter",
            speaks.get(interpreter_id, "es"),
            "interpreter",
            interpreter.timezone,
            interpreter_id,
        )
    return people


async def booked_participants(request: RequestRecord) -> list[Recipient]:
    """The requester and the interpreters of the request's active bookings."""
    booked = [booking.interpreter for booking in await standing_bookings(request.id)]
    found = await participants(request, booked, strict=False)
    return [person.recipient for person in found]

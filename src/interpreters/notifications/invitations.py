"""What each participant of a session is sent when it is confirmed, changed or cancelled.

Called inside the transaction of the change, so the emails are written with it or not at
all. The requester and every booked interpreter get their own copy of the invitation; an
interpreter taken off a session gets its cancellation. Every change after the first
confirmation raises the session's calendar sequence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import validate_email
from pydantic_core import PydanticCustomError

from interpreters.auth.tables import User
from interpreters.bookings.tables import Booking, InterpretationRequest
from interpreters.calendar import Recipient, session_from_request
from interpreters.calendar.session import RecipientRole
from interpreters.errors import InvalidInput
from interpreters.notifications import outbox, webhooks
from interpreters.notifications.mail import Change, session_email
from interpreters.notifications.webhooks import BookingEvent
from interpreters.registry.tables import Interpreter

TOPIC = "invitation"
WEBHOOK_EVENTS: dict[Change, BookingEvent] = {
    "confirmed": "booking.created",
    "rescheduled": "booking.changed",
    "reassigned": "booking.changed",
    "cancelled": "booking.cancelled",
}


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
    request: Mapping[str, Any], interpreter_ids: Sequence[int]
) -> list[Participant]:
    """The requester (when their account exists) and the interpreters named, in order."""
    people: list[Participant] = []
    requester = (
        await User.select(User.email, User.display_name, User.language)
        .where(User.id == request["requested_by"])
        .first()
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


async def announce(request_id: int, change: Change, dropped: Sequence[int] = ()) -> None:
    """Writes the emails of `change` to the request's session to the outbox: its bookings
    (confirmed, or cancelled with it) are read as the change left them. `dropped` names
    interpreters taken off the session, who are sent its cancellation."""
    if change != "confirmed":
        await InterpretationRequest.update(
            {InterpretationRequest.calendar_sequence: InterpretationRequest.calendar_sequence + 1}
        ).where(InterpretationRequest.id == request_id)
    request = (
        await InterpretationRequest.select().where(InterpretationRequest.id == request_id).first()
    )
    assert request is not None, "announce runs in the transaction of a change to the request"
    bookings = (
        await Booking.select()
        .where(Booking.request == request_id, Booking.status == request["status"])
        .order_by(Booking.id)
    )
    starts_at = bookings[0]["starts_at"]
    session = session_from_request(request, starts_at, request["calendar_sequence"])
    people = await participants(request, [row["interpreter"] for row in bookings])
    attendees = [person.recipient for person in people]
    for person in people:
        message = session_email(session, person.recipient, attendees, change, person.timezone)
        await outbox.enqueue_email(message, TOPIC, request_id)
    await webhooks.enqueue_booking_event(request, WEBHOOK_EVENTS[change], bookings)
    staying = {row["interpreter"] for row in bookings}
    leaving = [i for i in dropped if i not in staying]
    if leaving:
        released = session_from_request(
            {**request, "status": "cancelled"}, starts_at, request["calendar_sequence"]
        )
        for person in await participants({**request, "requested_by": None}, leaving):
            message = session_email(
                released, person.recipient, [person.recipient], "released", person.timezone
            )
            await outbox.enqueue_email(message, TOPIC, request_id)

"""What each participant of a session is sent when it is confirmed, changed or cancelled.

Called inside the transaction of the change, so the emails are written with it or not at
all. The requester and every booked interpreter get their own copy of the invitation; an
interpreter taken off a session gets its cancellation. Every change after the first
confirmation raises the session's calendar sequence. The session's reminders are planned
again in the same transaction: they follow it to its new time and go with its cancellation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from interpreters import video
from interpreters.bookings.tables import Booking, InterpretationRequest
from interpreters.calendar import (
    answer_url,
    answers_of,
    forget_answers,
    participants,
    session_from_request,
)
from interpreters.notifications import outbox, reminders, webhooks
from interpreters.notifications.mail import Change, session_email
from interpreters.notifications.webhooks import BookingEvent

TOPIC = "invitation"
WEBHOOK_EVENTS: dict[Change, BookingEvent] = {
    "confirmed": "booking.created",
    "rescheduled": "booking.changed",
    "reassigned": "booking.changed",
    "cancelled": "booking.cancelled",
}


async def announce(
    request_id: int, change: Change, dropped: Sequence[int] = (), new_time: bool = False
) -> None:
    """Writes the emails of `change` to the request's session to the outbox: its bookings
    (confirmed, or cancelled with it) are read as the change left them. `dropped` names
    interpreters taken off the session, who are sent its cancellation; `new_time` says a
    reassignment also moved the session."""
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
    # Answers were given for the old time.
    if change == "rescheduled" or new_time:
        await forget_answers(request_id)
    answers = await answers_of(request_id)
    people = []
    # Only someone newly booked must be mailable; any other change reaches whom it can.
    strict = change in ("confirmed", "reassigned")
    booked = [row["interpreter"] for row in bookings]
    found = await participants(request, booked, strict=strict)
    for person in await video.with_join_links(request, found):
        answer = answers.get(person.recipient.email.casefold(), "NEEDS-ACTION")
        people.append(replace(person, recipient=replace(person.recipient, answer=answer)))
    attendees = [person.recipient for person in people]
    for person in people:
        link = answer_url(request_id, person.recipient.email)
        message = session_email(
            session, person.recipient, attendees, change, person.timezone, answer_url=link
        )
        await outbox.enqueue_email(message, TOPIC, request_id)
    await webhooks.enqueue_booking_event(request, WEBHOOK_EVENTS[change], bookings)
    staying = {row["interpreter"] for row in bookings}
    leaving = [i for i in dropped if i not in staying]
    await video.revoke_interpreters(request_id, leaving)
    if leaving:
        released = session_from_request(
            {**request, "status": "cancelled"}, starts_at, request["calendar_sequence"]
        )
        for person in await participants(request, leaving, with_requester=False, strict=False):
            message = session_email(
                released, person.recipient, [person.recipient], "released", person.timezone
            )
            await outbox.enqueue_email(message, TOPIC, request_id)
    await reminders.plan(request_id, starts_at, request["status"] == "confirmed")

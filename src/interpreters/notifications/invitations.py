"""What each participant of a session is sent when it is confirmed, changed or cancelled.

Called inside the transaction of the change, so the emails are written with it or not at
all. The requester and every booked interpreter get their own copy of the invitation; an
interpreter taken off a session gets its cancellation. Every change after the first
confirmation raises the session's calendar sequence. The session's reminders are planned
again in the same transaction: they follow it to its new time and go with its cancellation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from interpreters import auth, video
from interpreters.calendar import (
    AnswerLink,
    answer_url,
    answers_of,
    forget_answers,
    on_decline,
    participants,
    session_from_request,
)
from interpreters.notifications import outbox, reminders, webhooks
from interpreters.notifications import service as notices
from interpreters.notifications.mail import Change, session_email
from interpreters.notifications.schemas import NoticeKind
from interpreters.notifications.webhooks import BookingEvent
from interpreters.sessions import (
    RequestRecord,
    RequestStatus,
    bookings_following,
    raise_calendar_sequence,
)

TOPIC = "invitation"
WEBHOOK_EVENTS: dict[Change, BookingEvent] = {
    "confirmed": "booking.created",
    "rescheduled": "booking.changed",
    "reassigned": "booking.changed",
    "cancelled": "booking.cancelled",
}


@dataclass(frozen=True, slots=True)
class SessionChange:
    """A change its caller just made to a request's session, inside the transaction that
    made it: the request as the change left it (its status and times), what changed,
    the interpreters taken off the session and whether a reassignment also moved it."""

    request: RequestRecord
    change: Change
    dropped: Sequence[int] = ()
    new_time: bool = False


async def announce(made: SessionChange) -> None:
    """Writes the emails of the change to the request's session to the outbox: its bookings
    (confirmed, or cancelled with it) are read as the change left them. Interpreters taken
    off the session are sent its cancellation."""
    request, change = made.request, made.change
    if change != "confirmed":
        request = await raise_calendar_sequence(request)
    bookings = await bookings_following(request)
    starts_at = bookings[0].starts_at
    session = session_from_request(request, starts_at, request.calendar_sequence)
    # Answers were given for the old time.
    if change == "rescheduled" or made.new_time:
        await forget_answers(request.id)
    answers = await answers_of(request.id)
    people = []
    # Only someone newly booked must be mailable; any other change reaches whom it can.
    strict = change in ("confirmed", "reassigned")
    booked = [booking.interpreter for booking in bookings]
    found = await participants(request, booked, strict=strict)
    for person in await video.with_join_links(request, found):
        answer = answers.get(person.recipient.email.casefold(), "NEEDS-ACTION")
        people.append(replace(person, recipient=replace(person.recipient, answer=answer)))
    attendees = [person.recipient for person in people]
    for person in people:
        link = answer_url(request.id, person.recipient.email)
        message = session_email(
            session, person.recipient, attendees, change, person.timezone, answer_url=link
        )
        await outbox.enqueue_email(message, TOPIC, request.id)
    await webhooks.enqueue_booking_event(request, WEBHOOK_EVENTS[change], bookings)
    staying = set(booked)
    leaving = [i for i in made.dropped if i not in staying]
    await video.revoke_interpreters(request.id, leaving)
    if leaving:
        cancelled = replace(request, status=RequestStatus.CANCELLED)
        released = session_from_request(cancelled, starts_at, request.calendar_sequence)
        for person in await participants(request, leaving, with_requester=False, strict=False):
            message = session_email(
                released, person.recipient, [person.recipient], "released", person.timezone
            )
            await outbox.enqueue_email(message, TOPIC, request.id)
    await reminders.plan(request.id, starts_at, request.status == RequestStatus.CONFIRMED)


async def tell_declined(link: AnswerLink) -> None:
    """A participant declined: the requester's institution and the coordinators of its
    country are told, with what they need to act on and nothing about the victim (the
    notice may be mailed)."""
    assert link.participant is not None  # only an open link records an answer
    session = link.session
    local = session.starts_at.astimezone(ZoneInfo(session.timezone))
    params: dict[str, str | int] = {
        "participant": link.participant.name,
        "request": session.request_id,
        "case_reference": link.case_reference,
        "session_kind": session.session_kind,
        "language": session.language,
        "working_language": session.working_language,
        "start": f"{local:%Y-%m-%d %H:%M} {session.timezone}",
    }
    people = await auth.institution_and_coordinators(link.institution, link.country)
    await notices.notify(people, NoticeKind.SESSION_DECLINED, session.request_id, params)


on_decline(tell_declined)

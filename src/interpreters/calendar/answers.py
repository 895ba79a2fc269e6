"""Participants accept or decline a session from the link in their invitation.

The link is stateless: its token is the request id and a digest of the participant's
address, signed by the server, so every email can carry one and no table lists them. The
address itself stays out of the URL (and so out of every log that records URLs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from interpreters import audit, db, signing
from interpreters.calendar.attendees import booked_participants
from interpreters.calendar.session import Answer, Recipient, Session, session_from_request
from interpreters.calendar.tables import SessionAnswer
from interpreters.errors import NotFound
from interpreters.principal import command_line_principal
from interpreters.sessions import RequestStatus, booked_start, request_record
from interpreters.settings import get_settings

PURPOSE = "answer"
Given = Literal["ACCEPTED", "DECLINED", "TENTATIVE"]
# What the page can say of a link: the session takes answers, was cancelled, or is past
# answering (held, or not booked).
LinkState = Literal["open", "cancelled", "closed"]


class InvalidLink(NotFound):
    """A forged or garbled token, or one whose address no longer takes part."""


# What must follow a participant's decline, inside the transaction that records it:
# notifications tells the requester's people (calendar stands below notifications).
DeclineListener = Callable[["Link"], Awaitable[None]]
_decline_listeners: list[DeclineListener] = []


def on_decline(listener: DeclineListener) -> None:
    """Calls `listener` with the link of each new decline, in the answer's transaction."""
    _decline_listeners.append(listener)


def _digest(email: str) -> str:
    # Keyed: whoever holds a link cannot check a guessed address against it.
    return signing.digest("answer-email", email.casefold())[:32]


def answer_url(request_id: int, email: str) -> str:
    """The link by which `email` answers the invitation to request `request_id`'s session."""
    token = signing.sign(PURPOSE, f"{request_id}:{_digest(email)}")
    return f"{get_settings().public_url}/calendar/answer/{token}"


async def answers_of(request_id: int) -> dict[str, Answer]:
    """The answers given to the session so far, by casefolded address."""
    rows = await SessionAnswer.select(SessionAnswer.email, SessionAnswer.answer).where(
        SessionAnswer.request == request_id
    )
    return {row["email"]: row["answer"] for row in rows}


async def forget_answers(request_id: int) -> None:
    """A session moved to a new time asks everyone again (their answers were for the old
    one); inside the transaction that moves it."""
    await SessionAnswer.delete().where(SessionAnswer.request == request_id)


@dataclass(frozen=True, slots=True)
class Link:
    """What an answer link leads to: the session, whose answer it is, and the one given."""

    state: LinkState
    session: Session
    # None for a session no longer open: nobody is asked any more.
    participant: Recipient | None
    answer: Answer
    # For the notice to the requester's people only; the page never shows them.
    institution: int
    country: str
    case_reference: str


async def resolve(token: str) -> Link:
    """The session and participant behind `token`; InvalidLink when there are none."""
    payload = signing.verify(PURPOSE, token) or ""
    number, _, digest = payload.partition(":")
    if not number.isdigit() or not digest:
        raise InvalidLink("This link is not valid.")
    request = await request_record(int(number))
    if request is None:
        raise InvalidLink("This link is not valid.")
    start = await booked_start(request)
    session = session_from_request(request, start, request.calendar_sequence)
    closed = request.status != RequestStatus.CONFIRMED
    link = Link(
        state="cancelled" if request.status == RequestStatus.CANCELLED else "closed",
        session=session,
        participant=None,
        answer="NEEDS-ACTION",
        institution=request.institution,
        country=request.country,
        case_reference=request.case_reference,
    )
    if closed:
        return link
    found = [p for p in await booked_participants(request) if _digest(p.email) == digest]
    if not found:
        raise InvalidLink("This link is not valid.")
    answer = (await answers_of(session.request_id)).get(found[0].email.casefold(), "NEEDS-ACTION")
    return dataclasses.replace(link, state="open", participant=found[0], answer=answer)


async def give(token: str, answer: Given, client_address: str) -> Link:
    """Records the participant's answer; a decline tells the requester's institution and the
    coordinators of its country. A link no longer open changes nothing."""
    async with db.transaction():
        link = await resolve(token)
        if link.participant is None:
            return link
        email = link.participant.email.casefold()
        await SessionAnswer.insert(
            SessionAnswer(
                request=link.session.request_id,
                email=email,
                answer=answer,
                answered_at=datetime.now(UTC),
            )
        ).on_conflict(
            target=(SessionAnswer.request, SessionAnswer.email),
            action="DO UPDATE",
            values=[SessionAnswer.answer, SessionAnswer.answered_at],
        )
        # Nobody signs in to answer: the entry names the participant's address instead.
        actor = dataclasses.replace(
            command_line_principal(),
            email=email,
            display_name=link.participant.name,
            session_kind="answer_link",
            client_address=client_address,
        )
        await audit.record(
            actor, "answer_session", "interpretation_request", link.session.request_id, ["answer"]
        )
        if answer == "DECLINED" and link.answer != "DECLINED":
            for listener in _decline_listeners:
                await listener(link)
    return dataclasses.replace(link, answer=answer)

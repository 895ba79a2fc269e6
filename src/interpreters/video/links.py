"""Join links: who may enter a session's room, as what, and when.

A link carries a signed token naming one `RoomParticipant` and its nonce, after a `#` so that
it never reaches a server log or a Referer header. The token grants nothing by itself: each
use reads the participant, the request and the room again, so a revoked link, a renewed one,
a cancelled session or a room its host ended stops working at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from interpreters import auth, signing
from interpreters.calendar import Participant
from interpreters.errors import DomainError
from interpreters.i18n import language_name
from interpreters.sessions import RequestRecord, RequestStatus, request_record, session_times
from interpreters.settings import get_settings
from interpreters.video.tables import RoomClosure, RoomParticipant

PURPOSE = "join"
# A room opens this long before its session starts.
EARLY = timedelta(minutes=15)


class RoomRole(StrEnum):
    HOST = "host"
    INTERPRETER = "interpreter"
    COURT = "court"
    VICTIM = "victim"
    DEFENCE = "defence"
    OBSERVER = "observer"


# Spanish first: the label under each participant's name on every tile.
ROLE_LABELS: dict[RoomRole, str] = {
    RoomRole.HOST: "Fiscalía",
    RoomRole.INTERPRETER: "Intérprete",
    RoomRole.COURT: "Tribunal",
    RoomRole.VICTIM: "Víctima",
    RoomRole.DEFENCE: "Defensa",
    RoomRole.OBSERVER: "Observador/a",
}


class JoinRefused(DomainError):
    """A join link that does not open the room now; `reason` tells the page which case."""

    def __init__(self, reason: str, status: int, template: str, **params: object) -> None:
        super().__init__(template, None, **params)
        self.reason = reason
        self.status = status
        self.title = "The room cannot be entered"


@dataclass(frozen=True, slots=True)
class Seat:
    """A participant whose link opens the room now."""

    participant_id: int
    # Of the link it came with: a renewed link voids the seat.
    nonce: str
    request_id: int
    role: RoomRole
    display_name: str
    label: str
    user_id: int | None
    opens_at: datetime
    closes_at: datetime


def token_of(participant_id: int, nonce: str) -> str:
    return signing.sign(PURPOSE, f"{participant_id}:{nonce}")


def url_of(token: str) -> str:
    return f"{get_settings().public_url}/ui/room.html#{token}"


def new_nonce() -> str:
    return secrets.token_hex(16)


def window(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """When a link of a session opens the room: 15 minutes early until the grace is over."""
    grace = timedelta(minutes=get_settings().video_grace_minutes)
    return starts_at - EARLY, ends_at + grace


def link_of(token: str) -> tuple[int, str] | None:
    """The participant id and nonce a token names, if it is one of ours."""
    payload = signing.verify(PURPOSE, token)
    participant_id, _, nonce = (payload or "").partition(":")
    if not participant_id.isdigit() or len(participant_id) >= 10:
        return None
    return int(participant_id), nonce


def _refusal(row: dict[str, Any] | None, nonce: str, active: set[int]) -> JoinRefused | None:
    """What stops this participant's own link, if anything."""
    if row is None or not secrets.compare_digest(row["nonce"], nonce):
        return JoinRefused("invalid", 404, "This join link is not valid.")
    # A deactivated account's links stop with its sessions.
    if row["revoked_at"] is not None or (
        row["user_id"] is not None and row["user_id"] not in active
    ):
        return JoinRefused("revoked", 403, "This join link was withdrawn.")
    return None


async def _window_of(request_id: int, now: datetime) -> tuple[datetime, datetime]:
    """When the session's room is open, if it is open at `now`; else JoinRefused."""
    request = await request_record(request_id)
    times = await session_times(request_id)
    if request is None or request.status != RequestStatus.CONFIRMED or times is None:
        raise JoinRefused("cancelled", 410, "This session is no longer scheduled.")
    if await RoomClosure.exists().where(RoomClosure.request == request_id):
        raise JoinRefused("ended", 410, "This session has ended.")
    opens_at, closes_at = window(*times)
    if now < opens_at:
        raise JoinRefused(
            "early", 403, "The room opens at {opens_at}.", opens_at=f"{opens_at:%Y-%m-%d %H:%M} UTC"
        )
    if now > closes_at:
        raise JoinRefused("expired", 410, "This join link has expired.")
    return opens_at, closes_at


async def seat_of(token: str, now: datetime | None = None) -> Seat:
    """The participant whose link `token` is, if it opens the room at `now`; else JoinRefused."""
    link = link_of(token)
    row = (
        await RoomParticipant.select().where(RoomParticipant.id == link[0]).first()
        if link
        else None
    )
    users = {row["user_id"]} if row and row["user_id"] is not None else set()
    refused = _refusal(row, link[1] if link else "", await auth.active_among(users))
    if refused is not None:
        raise refused
    assert row is not None  # a missing participant is refused above
    opens_at, closes_at = await _window_of(row["request"], now or datetime.now(UTC))
    return Seat(
        participant_id=row["id"],
        nonce=row["nonce"],
        request_id=row["request"],
        role=RoomRole(row["role"]),
        display_name=row["display_name"],
        label=row["label"],
        user_id=row["user_id"],
        opens_at=opens_at,
        closes_at=closes_at,
    )


async def refusals(request_id: int, links: dict[int, str]) -> dict[int, JoinRefused]:
    """Of the participants in the room of `request_id` (id: the nonce of the link each came
    with), those whose link no longer opens it, and why: what `seat_of` checks, in a few
    reads for the whole room."""
    rows = {
        row["id"]: row
        for row in await RoomParticipant.select().where(
            RoomParticipant.id.is_in(list(links)), RoomParticipant.request == request_id
        )
    }
    active = await auth.active_among(
        {row["user_id"] for row in rows.values() if row["user_id"] is not None}
    )
    try:
        await _window_of(request_id, datetime.now(UTC))
    except JoinRefused as closed:
        return dict.fromkeys(links, closed)
    found = {pid: _refusal(rows.get(pid), nonce, active) for pid, nonce in links.items()}
    return {pid: refused for pid, refused in found.items() if refused is not None}


async def _seat_for(
    request: RequestRecord,
    role: RoomRole,
    name: str,
    label: str,
    user_id: int | None = None,
    interpreter_id: int | None = None,
) -> str:
    """The join link of an account holder of the session, made on first use."""
    key = (
        RoomParticipant.interpreter == interpreter_id
        if interpreter_id is not None
        else RoomParticipant.user_id == user_id
    )
    row = (
        await RoomParticipant.select(RoomParticipant.id, RoomParticipant.nonce)
        .where(
            RoomParticipant.request == request.id,
            RoomParticipant.role == role.value,
            RoomParticipant.revoked_at.is_null(),
            key,
        )
        .first()
    )
    if row is None:
        nonce = new_nonce()
        inserted = await RoomParticipant.insert(
            RoomParticipant(
                request=request.id,
                role=role.value,
                display_name=name,
                label=label,
                user_id=user_id,
                interpreter=interpreter_id,
                nonce=nonce,
                created_by=request.requested_by,
            )
        ).returning(RoomParticipant.id)
        row = {"id": inserted[0]["id"], "nonce": nonce}
    return url_of(token_of(row["id"], row["nonce"]))


async def host_link(request: RequestRecord, name: str) -> str:
    return await _seat_for(
        request, RoomRole.HOST, name, ROLE_LABELS[RoomRole.HOST], user_id=request.requested_by
    )


def interpreter_label(request: RequestRecord) -> str:
    language = language_name(request.language, "es") or request.language
    return f"{ROLE_LABELS[RoomRole.INTERPRETER]} {language}"


async def interpreter_link(request: RequestRecord, interpreter_id: int, name: str) -> str:
    return await _seat_for(
        request,
        RoomRole.INTERPRETER,
        name,
        interpreter_label(request),
        interpreter_id=interpreter_id,
    )


async def with_join_links(
    request: RequestRecord, people: Sequence[Participant]
) -> list[Participant]:
    """`people` of a confirmed video session, each with their own join link (made on first
    use); of any other session, as they are."""
    if not request.is_video or request.status != RequestStatus.CONFIRMED:
        return list(people)
    linked = []
    for person in people:
        name = person.recipient.name
        url = (
            await host_link(request, name)
            if person.interpreter_id is None
            else await interpreter_link(request, person.interpreter_id, name)
        )
        linked.append(replace(person, recipient=replace(person.recipient, join_url=url)))
    return linked


async def revoke_interpreters(request_id: int, interpreter_ids: Sequence[int]) -> None:
    """Voids the links of interpreters taken off the session."""
    if interpreter_ids:
        await RoomParticipant.update({RoomParticipant.revoked_at: datetime.now(UTC)}).where(
            RoomParticipant.request == request_id,
            RoomParticipant.interpreter.is_in(list(interpreter_ids)),
            RoomParticipant.revoked_at.is_null(),
        )

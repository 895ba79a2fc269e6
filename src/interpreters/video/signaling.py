"""The room's WebSocket: a small JSON protocol (README, "Video sessions").

The first message must be `join` with the participant's token; everything after it acts
on that participant's room. A message the room cannot act on gets an `error` reply and
changes nothing else; the connection stays open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from aiortc.sdp import candidate_from_sdp
from litestar import WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from interpreters.errors import DomainError, field_errors
from interpreters.guards import public
from interpreters.i18n import choose_language
from interpreters.video.links import JoinRefused, seat_of
from interpreters.video.peer import offer_configured_addresses
from interpreters.video.probe import Probes
from interpreters.video.room import (
    CLOSE_CODES,
    GONE,
    REFUSED,
    Member,
    Room,
    RoomError,
    Rooms,
    error_message,
)

log = logging.getLogger(__name__)

JOIN_SECONDS = 10.0
# Larger than any SDP of a full room, small enough that nobody fills the server's memory.
MAX_SDP = 100_000
BAD_MESSAGE = 4400

UNEXPECTED = RoomError("The server could not handle the message; try again.")
rooms = Rooms()
probes = Probes()


@contextlib.asynccontextmanager
async def lifespan(_: object) -> AsyncIterator[None]:
    """Every peer connection of this process is closed when it stops."""
    offer_configured_addresses()
    try:
        yield
    finally:
        await rooms.close_all()
        await probes.close_all()


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Join(Message):
    type: Literal["join"]
    token: str = Field(max_length=500)


class Answer(Message):
    type: Literal["answer"]
    sdp: str = Field(min_length=1, max_length=MAX_SDP)


class Candidate(Message):
    type: Literal["candidate"]
    candidate: str = Field(max_length=1000)
    sdpMid: str | None = Field(default=None, max_length=32)
    sdpMLineIndex: int | None = Field(default=None, ge=0, le=1000)


class Toward(Message):
    type: Literal["admit", "refuse", "remove"]
    participant: int = Field(ge=1, le=2**31 - 1)


class Mute(Message):
    type: Literal["mute"]
    participant: int = Field(ge=1, le=2**31 - 1)
    muted: bool = True


class Plain(Message):
    type: Literal["end", "leave"]


class Record(Message):
    type: Literal["record"]
    action: Literal["start", "stop"]


class Consent(Message):
    type: Literal["consent"]
    granted: bool


ClientMessage = Annotated[
    Join | Answer | Candidate | Toward | Mute | Plain | Record | Consent,
    Field(discriminator="type"),
]
MESSAGES: TypeAdapter[Any] = TypeAdapter(ClientMessage)


def _parse(raw: str) -> Any:
    try:
        return MESSAGES.validate_python(json.loads(raw))
    except (json.JSONDecodeError, RecursionError) as error:
        raise RoomError("The message is not JSON.") from error
    except ValidationError as error:
        problems = "; ".join(f"{e.field}: {e.text.en}" for e in field_errors(error))
        raise RoomError("The message is malformed: {problems}", problems=problems) from error


async def _act(room: Room, member: Member, message: Any) -> bool:
    """Carries out one message; False when the participant leaves."""
    match message:
        case Answer(sdp=sdp):
            await room.answer(member, sdp)
        case Candidate(candidate=line):
            # The hub needs no candidate of the browser's to connect (it learns the
            # browser's address from its checks); mDNS names it would have to resolve on
            # the local network are ignored.
            if line and ".local " not in line and member.peer is not None:
                candidate = candidate_from_sdp(line.removeprefix("candidate:"))
                candidate.sdpMid = message.sdpMid
                candidate.sdpMLineIndex = message.sdpMLineIndex
                await member.peer.add_candidate(candidate)
        case Toward(type="admit", participant=target):
            await room.admit(member, target)
        case Toward(type="refuse", participant=target):
            await room.refuse(member, target)
        case Toward(type="remove", participant=target):
            await room.remove(member, target)
        case Mute(participant=target, muted=muted):
            await room.mute(member, target, muted)
        case Record(action=action):
            await room.record(member, action == "start")
        case Consent(granted=granted):
            await room.consent(member, granted)
        case Plain(type="end"):
            await room.end(member)
            return False
        case Plain(type="leave"):
            return False
        case Join():
            raise RoomError("You have already joined.")
    return True


@websocket("/api/v1/video/ws", guards=[public], opt={"exclude_from_auth": True})
async def room_socket(socket: WebSocket[Any, Any, Any]) -> None:
    """A participant in a session's room (see the protocol in the README)."""
    language = choose_language(socket.headers.get("accept-language", ""))
    client = socket.client.host if socket.client else ""
    await socket.accept()
    closed = False

    async def send(message: dict[str, Any]) -> None:
        if not closed:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                await socket.send_json(message)

    async def close(code: int, reason: str) -> None:
        nonlocal closed
        if not closed:
            closed = True
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                await socket.close(code=code, reason=reason)

    try:
        async with asyncio.timeout(JOIN_SECONDS):
            first = _parse(await socket.receive_text())
        if not isinstance(first, Join):
            raise RoomError("Send join with your link's token first.")
        seat = await seat_of(first.token)
    except JoinRefused as refused:
        await send(error_message(refused.reason, refused, language))
        await close(CLOSE_CODES.get(refused.reason, GONE), refused.reason)
        return
    except RoomError as error:
        await send(error_message("bad_message", error, language))
        await close(BAD_MESSAGE, "bad message")
        return
    except (TimeoutError, WebSocketDisconnect):
        await close(BAD_MESSAGE, "no join")
        return

    room = rooms.of(seat.request_id)
    member = Member(seat=seat, send=send, close=close, client_address=client, language=language)
    try:
        await room.enter(member)
    except DomainError as error:
        await send(error_message("refused", error, language))
        await close(REFUSED, "refused")
        return
    try:
        while not closed:
            raw = await socket.receive_text()
            try:
                if not await _act(room, member, _parse(raw)):
                    break
            except RoomError as error:
                await send(error_message("bad_message", error, language))
            except DomainError as error:
                await send(error_message("forbidden", error, language))
            except Exception:
                # One participant's message must not end the room for the others.
                log.exception("room %s: a message could not be handled", seat.request_id)
                await send(error_message("internal", UNEXPECTED, language))
    except WebSocketDisconnect:
        pass
    finally:
        await room.leave(member)
        await close(1000, "left")

"""A session's room while people are in it: the lobby, who is admitted, who sits where.

A room lives in the process whose hub the participants' connections end at; the database
keeps only who may enter (links) and whether the host ended the session. Every change of a
room runs under its lock, so the lobby rules see one state at a time.

Each member's link is checked again every WATCH_SECONDS, as at the door: whatever took away
their right to be there (the link withdrawn or renewed, the session cancelled, moved out of
its window, ended or over, their booking replaced, their account deactivated), in this
process or any other, closes their connection with the matching error within two seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from interpreters import audit
from interpreters.db import transaction
from interpreters.errors import DomainError, Forbidden, InvalidInput
from interpreters.i18n import Language
from interpreters.settings import get_settings
from interpreters.video import quality
from interpreters.video.links import JoinRefused, RoomRole, Seat, refusals
from interpreters.video.media import Forwarding, Outlet, Tap
from interpreters.video.peer import Peer
from interpreters.video.recording import Consents, Recorder
from interpreters.video.tables import RoomClosure, RoomParticipant

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]
Close = Callable[[int, str], Awaitable[None]]
QUALITY_SECONDS = 2.0
# Well within the two seconds a withdrawn right may last, reading the link again as the
# door does (a handful of indexed reads per member).
WATCH_SECONDS = 1.0

# WebSocket close codes (4000–4999 are the application's): the page explains each.
REFUSED = 4403
REPLACED = 4409
GONE = 4410
INVALID_LINK = 4404
# The close code of each reason a link stops opening the room (GONE for the others).
CLOSE_CODES = {"invalid": INVALID_LINK, "revoked": REFUSED, "early": REFUSED}


def error_message(code: str, error: DomainError, language: Language) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": error.text(language)}


class RoomError(InvalidInput):
    """A signaling message the room cannot act on; the sender is told, the room goes on."""


@dataclass(eq=False)
class Member:
    """One participant's connection to the room."""

    seat: Seat
    send: Send
    close: Close
    client_address: str
    language: Language
    state: Literal["waiting", "admitted"] = "waiting"
    peer: Peer | None = None
    # Where each other participant sits in this member's peer connection.
    seats: dict[int, int] = field(default_factory=dict)

    @property
    def participant_id(self) -> int:
        return self.seat.participant_id

    @property
    def role(self) -> RoomRole:
        return self.seat.role

    def outlets(self, sender_id: int) -> tuple[Outlet, Outlet] | None:
        index = self.seats.get(sender_id)
        return None if index is None or self.peer is None else self.peer.seats[index]

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.participant_id,
            "name": self.seat.display_name,
            "role": self.role.value,
            "label": self.seat.label,
        }


class Room:
    def __init__(self, request_id: int, on_empty: Callable[[Room], None]) -> None:
        self.request_id = request_id
        self.members: dict[int, Member] = {}
        self.forwarding = Forwarding()
        self.lock = asyncio.Lock()
        self.consents: Consents | None = None
        self.recorder: Recorder | None = None
        self._on_empty = on_empty
        self.closed = False
        self._quality = asyncio.create_task(self._report_quality(), name=f"quality-{request_id}")
        self._watch = asyncio.create_task(self._watch_links(), name=f"links-{request_id}")

    # Who is where.

    def admitted(self) -> list[Member]:
        return [m for m in self.members.values() if m.state == "admitted"]

    def waiting(self) -> list[Member]:
        return [m for m in self.members.values() if m.state == "waiting"]

    def host(self) -> Member | None:
        return next((m for m in self.admitted() if m.role is RoomRole.HOST), None)

    def admitters(self) -> list[Member]:
        """The host; while no host is in the room, the court."""
        host = self.host()
        if host is not None:
            return [host]
        return [m for m in self.admitted() if m.role is RoomRole.COURT]

    # Entering and leaving.

    async def enter(self, member: Member) -> None:
        async with self.lock:
            present = self.members.get(member.participant_id)
            if present is not None:
                if member.role is RoomRole.VICTIM:
                    raise Forbidden("This link is already in use on another device.")
                # The same person again (a reloaded page): the newer connection wins.
                await self._drop(present)
                await present.close(REPLACED, "opened elsewhere")
            if len(self.members) >= get_settings().video_room_size:
                raise Forbidden("The room is full.")
            self.members[member.participant_id] = member
            await member.send({"type": "joined", "you": member.describe(), "state": member.state})
            if member.role is RoomRole.HOST:
                await self._admit(member)
            else:
                await self._show_lobby()

    async def leave(self, member: Member) -> None:
        async with self.lock:
            if self.members.get(member.participant_id) is member:
                await self._drop(member)

    async def _drop(self, member: Member) -> None:
        del self.members[member.participant_id]
        was_admitted = member.state == "admitted"
        member.state = "waiting"
        if member.peer is not None:
            await member.peer.close()
            member.peer = None
        self.forwarding.withdraw(member.participant_id)
        if self.consents is not None:
            self.consents.forget(member.participant_id)
            await self._settle_consents()
        if was_admitted:
            await self._show_everyone()
        await self._show_lobby()
        if not self.members:
            await self._close()

    # The lobby.

    def _require_admitter(self, actor: Member) -> None:
        if actor not in self.admitters():
            raise Forbidden("Only the host, or the court while no host is present, may do this.")

    def _require_host(self, actor: Member) -> None:
        if actor is not self.host():
            raise Forbidden("Only the host may do this.")

    def _target(self, participant_id: int, state: str) -> Member:
        target = self.members.get(participant_id)
        if target is None or target.state != state:
            if state == "waiting":
                raise RoomError("Nobody with that id is waiting in the lobby.")
            raise RoomError("Nobody with that id is in the room.")
        return target

    async def admit(self, actor: Member, participant_id: int) -> None:
        async with self.lock:
            self._require_admitter(actor)
            target = self._target(participant_id, "waiting")
            await log_action(actor, "video.admit", target.participant_id)
            await self._admit(target)

    async def refuse(self, actor: Member, participant_id: int) -> None:
        async with self.lock:
            self._require_admitter(actor)
            target = self._target(participant_id, "waiting")
            await log_action(actor, "video.refuse", target.participant_id)
            await self._drop(target)
            await target.send({"type": "refused"})
            await target.close(REFUSED, "refused")

    async def _admit(self, member: Member) -> None:
        member.state = "admitted"
        member.peer = self._peer_of(member)
        await member.send({"type": "admitted"})
        await member.send({"type": "offer", "sdp": await member.peer.offer()})
        if self.recorder is not None or self.consents is not None:
            await self._ask_consent(member)
        await self._show_everyone()
        await self._show_lobby()

    def _peer_of(self, member: Member) -> Peer:
        def published(tap: Tap) -> None:
            self.forwarding.publish(member.participant_id, tap)
            self._route()

        async def failed() -> None:
            async with self.lock:
                if member.peer is not None and member.state == "admitted":
                    await self._reconnect(member)

        return Peer(get_settings().video_room_size - 1, published, failed)

    async def _reconnect(self, member: Member) -> None:
        """A new connection from a new offer (ICE starts over); the old one is closed."""
        assert member.peer is not None
        await member.peer.close()
        self.forwarding.withdraw(member.participant_id)
        member.seats.clear()
        member.peer = self._peer_of(member)
        await member.send({"type": "offer", "sdp": await member.peer.offer()})
        await self._show_everyone()

    async def answer(self, member: Member, sdp: str) -> None:
        async with self.lock:
            if member.peer is None:
                raise RoomError("There is no offer to answer yet.")
            try:
                await member.peer.accept(sdp)
            except Exception as error:  # aiortc reports a bad SDP by several error types
                log.info("participant %s sent an unusable answer: %s", member.participant_id, error)
                # The participant may answer a new offer.
                await self._reconnect(member)
                raise RoomError(
                    "The answer is not a usable SDP: {error}", error=str(error)
                ) from error
            self._route()

    # The host's controls.

    async def mute(self, actor: Member, participant_id: int, muted: bool) -> None:
        async with self.lock:
            self._require_host(actor)
            target = self._target(participant_id, "admitted")
            self.forwarding.mute(target.participant_id, muted)
            await log_action(
                actor, "video.mute" if muted else "video.unmute", target.participant_id
            )
            await target.send({"type": "muted", "muted": muted})
            await self._show_everyone()

    async def remove(self, actor: Member, participant_id: int) -> None:
        async with self.lock:
            self._require_host(actor)
            target = self.members.get(participant_id)
            if target is None or target is actor:
                raise RoomError("Nobody with that id is in the room.")
            async with transaction():
                await RoomParticipant.update({RoomParticipant.revoked_at: datetime.now(UTC)}).where(
                    RoomParticipant.id == target.participant_id
                )
                await log_action(actor, "video.remove", target.participant_id)
            await self._drop(target)
            await target.send({"type": "removed"})
            await target.close(GONE, "removed")

    async def end(self, actor: Member) -> None:
        async with self.lock:
            self._require_host(actor)
            if self.recorder is not None:
                await self._stop_recording(actor)
            async with transaction():
                await RoomClosure.insert(
                    RoomClosure(request=self.request_id, ended_by=actor.participant_id)
                )
                await log_action(actor, "video.end", None)
            for member in list(self.members.values()):
                await self._drop(member)
                await member.send({"type": "ended"})
                await member.close(GONE, "ended")

    # Recording, only with everyone's consent.

    async def record(self, actor: Member, start: bool) -> None:
        async with self.lock:
            if start:
                self._require_host(actor)
                if self.recorder is not None or self.consents is not None:
                    raise RoomError("A recording is already running or being agreed.")
                self.consents = Consents(actor.participant_id)
                for member in self.admitted():
                    await self._ask_consent(member)
                asyncio.get_running_loop().call_later(
                    get_settings().consent_seconds, self._consent_timeout, self.consents
                )
            else:
                self._require_admitter(actor)
                if self.recorder is None:
                    raise RoomError("Nothing is being recorded.")
                await self._stop_recording(actor)

    async def consent(self, member: Member, granted: bool) -> None:
        async with self.lock:
            asked = self.consents is not None and member.participant_id in self.consents.pending
            if member.state != "admitted" or not (asked or self.recorder is not None):
                raise RoomError("Nothing asks for your consent now.")
            await log_action(member, "video.consent" if granted else "video.refuse_consent", None)
            if self.consents is not None and asked:
                self.consents.answer(member, granted)
                await self._settle_consents()
            elif self.recorder is not None and granted:
                # Someone admitted during the recording agrees to it: a link of its custody.
                await self.recorder.consented(member)
            elif self.recorder is not None:
                await self._stop_recording(member)

    async def _ask_consent(self, member: Member) -> None:
        if self.consents is not None:
            self.consents.ask(member.participant_id)
        await member.send({"type": "consent_request", "recording": self.recorder is not None})

    def _consent_timeout(self, consents: Consents) -> None:
        async def expire() -> None:
            async with self.lock:
                if self.consents is consents:
                    self.consents = None
                    await self._tell_host({"type": "recording_refused", "reason": "timeout"})

        asyncio.ensure_future(expire())  # noqa: RUF006 (it ends on its own)

    async def _settle_consents(self) -> None:
        consents = self.consents
        if consents is None:
            return
        if consents.refused_by is not None:
            self.consents = None
            await self._tell_host(
                {"type": "recording_refused", "reason": "refused", "by": consents.refused_by}
            )
        elif not consents.pending and consents.given:
            self.consents = None
            host = self.members.get(consents.asked_by)
            if host is None:
                return
            present = [m.participant_id for m in self.admitted()]
            try:
                self.recorder = await Recorder.start(
                    self.request_id, host, consents, present, self.forwarding
                )
            except InvalidInput:
                await self._tell_host({"type": "recording_refused", "reason": "no_media"})
                return
            await log_action(host, "video.record_start", None)
            await self._broadcast({"type": "recording", "active": True})

    async def _stop_recording(self, actor: Member) -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            await recorder.stop(actor)
            await log_action(actor, "video.record_stop", None)
            await self._broadcast({"type": "recording", "active": False})

    # Telling people.

    async def _broadcast(self, message: dict[str, Any]) -> None:
        for member in self.admitted():
            await member.send(message)

    async def _tell_host(self, message: dict[str, Any]) -> None:
        host = self.host()
        if host is not None:
            await host.send(message)

    async def _show_lobby(self) -> None:
        waiting = [m.describe() for m in self.waiting()]
        for admitter in self.admitters():
            await admitter.send({"type": "lobby", "waiting": waiting})

    def _route(self) -> None:
        """Seats every admitted participant in every other's connection and points the
        outlets at them: a newcomer takes the lowest free seat, a leaver frees theirs."""
        admitted = self.admitted()
        ids = {m.participant_id for m in admitted}
        for receiver in admitted:
            if receiver.peer is None:
                continue
            for gone in [i for i in receiver.seats if i not in ids]:
                for outlet in receiver.peer.seats[receiver.seats.pop(gone)]:
                    outlet.show(None)
            for sender in admitted:
                if sender is receiver or sender.participant_id in receiver.seats:
                    continue
                taken = set(receiver.seats.values())
                receiver.seats[sender.participant_id] = min(
                    i for i in range(len(receiver.peer.seats)) if i not in taken
                )
        self.forwarding.route(admitted)

    async def _show_everyone(self) -> None:
        self._route()
        admitted = self.admitted()
        for receiver in admitted:
            people = []
            for member in admitted:
                entry = member.describe()
                entry["muted"] = self.forwarding.is_muted(member.participant_id)
                entry["you"] = member is receiver
                index = receiver.seats.get(member.participant_id)
                if index is not None and receiver.peer is not None:
                    entry["audio"], entry["video"] = receiver.peer.mids(index)
                people.append(entry)
            await receiver.send(
                {
                    "type": "participants",
                    "participants": people,
                    "recording": self.recorder is not None,
                }
            )

    async def _report_quality(self) -> None:
        meters: dict[int, quality.Meter] = {}
        while True:
            await asyncio.sleep(QUALITY_SECONDS)
            host = self.host()
            if host is None:
                continue
            report = []
            for member in self.admitted():
                if member.peer is None:
                    continue
                meter = meters.setdefault(member.participant_id, quality.Meter())
                reading = await meter.read(member.peer.pc)
                report.append({"id": member.participant_id, **reading})
            with contextlib.suppress(ConnectionError):
                await host.send({"type": "quality", "participants": report})

    async def _watch_links(self) -> None:
        while not self.closed:
            await asyncio.sleep(WATCH_SECONDS)
            members = {m.participant_id: m for m in self.members.values()}
            links = {pid: m.seat.nonce for pid, m in members.items()}
            try:
                refused = await refusals(self.request_id, links)
            except Exception:
                # A database that does not answer now may answer at the next round.
                log.exception("room %s: the links could not be checked", self.request_id)
                continue
            for participant_id, reason in refused.items():
                await self.expel(members[participant_id], reason)

    async def expel(self, member: Member, refused: JoinRefused) -> None:
        """Someone whose link no longer opens the room leaves it at once, told why."""
        async with self.lock:
            if self.members.get(member.participant_id) is not member:
                return
            async with transaction():
                # The reason, in the place of the changed fields: what the log can hold.
                await audit.record(
                    None,
                    "video.expelled",
                    "room_participant",
                    member.participant_id,
                    [refused.reason],
                    client_address=member.client_address,
                )
            await self._drop(member)
            await member.send(error_message(refused.reason, refused, member.language))
            await member.close(CLOSE_CODES.get(refused.reason, GONE), refused.reason)

    async def _close(self) -> None:
        self.closed = True
        self._quality.cancel()
        # Expelling the last member closes the room from the watch itself, which must go on
        # to tell that member why; it stops at its next round.
        if asyncio.current_task() is not self._watch:
            self._watch.cancel()
        if self.recorder is not None:
            await self.recorder.stop(None)
            self.recorder = None
        self.forwarding.close()
        self._on_empty(self)


async def log_action(actor: Member, action: str, target: int | None) -> None:
    """A room action in the audit log, by a participant who may have no account."""
    participant = audit.Participant(
        email=f"room participant {actor.participant_id} ({actor.role.value})",
        client_address=actor.client_address,
        user_id=actor.seat.user_id,
    )
    record_type = "request" if target is None else "room_participant"
    record_id = actor.seat.request_id if target is None else target
    await audit.record(participant, action, record_type, record_id)


class Rooms:
    """The rooms open in this process."""

    def __init__(self) -> None:
        self._rooms: dict[int, Room] = {}

    def of(self, request_id: int) -> Room:
        room = self._rooms.get(request_id)
        if room is None:
            room = self._rooms[request_id] = Room(request_id, self._forget)
        return room

    def get(self, request_id: int) -> Room | None:
        return self._rooms.get(request_id)

    def _forget(self, room: Room) -> None:
        if self._rooms.get(room.request_id) is room:
            del self._rooms[room.request_id]

    def __len__(self) -> int:
        return len(self._rooms)

    async def close_all(self) -> None:
        for room in list(self._rooms.values()):
            async with room.lock:
                for member in list(room.members.values()):
                    await room._drop(member)
                    await member.close(1001, "server shutting down")

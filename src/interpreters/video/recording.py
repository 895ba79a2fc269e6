"""Recordings of a session (anticipated evidence), started only with everyone's consent.

The host asks; every participant in the room is asked in their own page; the recording
starts when all of them have agreed, and any refusal or the lapse of CONSENT_SECONDS calls it
off. Each consent, the start, the stop and every download is a link of the recording's
chain of custody, with the file's SHA-256 taken when it is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import av
from aiortc.mediastreams import MediaStreamError

from interpreters.db import transaction
from interpreters.errors import InvalidInput
from interpreters.settings import get_settings
from interpreters.video.links import Seat
from interpreters.video.media import Feed, Forwarding, Outlet
from interpreters.video.tables import CustodyEvent, Recording

log = logging.getLogger(__name__)


class Actor(Protocol):
    seat: Seat
    client_address: str

    @property
    def participant_id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Consent:
    seat: Seat
    client_address: str
    at: datetime


@dataclass
class Consents:
    """One round of asking everyone in the room whether the session may be recorded."""

    asked_by: int
    pending: set[int] = field(default_factory=set)
    given: dict[int, Consent] = field(default_factory=dict)
    refused_by: int | None = None

    def ask(self, participant_id: int) -> None:
        self.pending.add(participant_id)

    def answer(self, actor: Actor, granted: bool) -> None:
        self.pending.discard(actor.participant_id)
        if granted:
            self.given[actor.participant_id] = Consent(
                actor.seat, actor.client_address, datetime.now(UTC)
            )
        else:
            self.refused_by = actor.participant_id

    def forget(self, participant_id: int) -> None:
        """Someone left: only those present must agree."""
        self.pending.discard(participant_id)
        self.given.pop(participant_id, None)


def custody(
    recording_id: int,
    action: str,
    seat: Seat | None,
    client_address: str = "",
    at: datetime | None = None,
    sha256: str = "",
    user_id: int | None = None,
    name: str = "",
    role: str = "",
) -> CustodyEvent:
    return CustodyEvent(
        recording=recording_id,
        action=action,
        participant=seat.participant_id if seat else None,
        user_id=seat.user_id if seat else user_id,
        actor_name=seat.display_name if seat else name,
        actor_role=seat.role.value if seat else role,
        client_address=client_address,
        sha256=sha256,
        at=at or datetime.now(UTC),
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Recorder:
    """The media of everyone present when it started, written to one WebM file (a stream
    per track) under DATA_DIR/recordings.

    The file holds the VP8 and Opus frames exactly as the participants sent them: the hub
    forwards them undecoded, and the recording copies them the same way, so it costs no
    encoding and alters nothing. Each video stream is sized from its publisher's latest
    keyframe before anything is written (a WebM file fixes every stream at its first
    packet), and starts at a keyframe, which the outlet waits for and asks the publisher.
    """

    def __init__(self, recording_id: int, path: Path, feeds: list[Feed]) -> None:
        self.recording_id = recording_id
        self.path = path
        self._container = av.open(str(path), mode="w", format="webm")
        self._tasks: list[asyncio.Task[None]] = []
        self._outlets: list[Outlet] = []
        self._streams: list[Any] = []
        self._began = time.monotonic()
        for feed in feeds:
            outlet = Outlet(feed.kind)
            outlet.show(feed)
            if feed.kind == "video":
                stream: Any = self._container.add_stream("libvpx", rate=30)
                stream.width, stream.height = feed.size  # type: ignore[misc]
                stream.pix_fmt = "yuv420p"
            else:
                stream = self._container.add_stream("libopus", rate=48000)
            self._outlets.append(outlet)
            self._streams.append(stream)

    def _begin(self) -> None:
        for outlet, stream in zip(self._outlets, self._streams, strict=True):
            self._tasks.append(asyncio.create_task(self._write(outlet, stream)))

    async def _write(self, outlet: Outlet, stream: Any) -> None:
        first: int | None = None
        latest = -1
        with contextlib.suppress(MediaStreamError):
            while True:
                packet = await outlet.recv()
                stamp = packet.pts or 0  # every outlet stamps its packets
                if first is None:
                    # Each track starts in the file when its first frame came: video waits
                    # for a keyframe, and starting it at zero too would put it out of step
                    # with the sound.
                    since = time.monotonic() - self._began
                    first = stamp - round(since / (packet.time_base or 1))
                packet.pts = packet.dts = stamp - first
                # A publisher whose clock repeats or runs backwards would have the
                # container refuse the packet: it is left out rather than ending the file.
                if packet.pts <= latest:
                    continue
                latest = packet.pts
                packet.stream = stream
                try:
                    self._container.mux(packet)
                except av.error.FFmpegError as error:
                    log.warning("recording %s: a packet not written: %s", self.recording_id, error)

    @classmethod
    async def start(
        cls,
        request_id: int,
        host: Actor,
        consents: Consents,
        present: list[int],
        forwarding: Forwarding,
    ) -> Recorder:
        # A feed that has not delivered a keyframe yet has no size to record at.
        feeds = [
            feed
            for participant_id in present
            for feed in forwarding.feeds_of(participant_id).values()
            if feed.ready
        ]
        if not feeds:
            raise InvalidInput("No media reaches the server yet: nothing can be recorded.")
        folder = get_settings().recordings_dir
        folder.mkdir(parents=True, exist_ok=True)
        started = datetime.now(UTC)
        name = f"request-{request_id}-{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}.webm"
        async with transaction():
            inserted = await Recording.insert(
                Recording(request=request_id, file_name=name, started_at=started)
            ).returning(Recording.id)
            recording_id = int(inserted[0]["id"])
            events = [
                custody(recording_id, "consented", c.seat, c.client_address, c.at)
                for c in consents.given.values()
            ]
            events.append(custody(recording_id, "started", host.seat, host.client_address))
            await CustodyEvent.insert(*events)
        recorder = cls(recording_id, folder / name, feeds)
        recorder._begin()
        return recorder

    async def consented(self, actor: Actor) -> None:
        await CustodyEvent.insert(
            custody(self.recording_id, "consented", actor.seat, actor.client_address)
        )

    async def stop(self, actor: Actor | None) -> None:
        """Closes the file and records its digest; `actor` None when the room closed."""
        for outlet in self._outlets:
            outlet.stop()
        for failure in await asyncio.gather(*self._tasks, return_exceptions=True):
            if failure is not None:
                log.error("recording %s: a track stopped: %r", self.recording_id, failure)
        self._container.close()
        complete = self.path.exists() and self.path.stat().st_size > 0
        digest = file_sha256(self.path) if complete else ""
        async with transaction():
            await Recording.update(
                {
                    Recording.status: "complete" if complete else "failed",
                    Recording.sha256: digest,
                    Recording.size_bytes: self.path.stat().st_size if complete else 0,
                    Recording.stopped_at: datetime.now(UTC),
                }
            ).where(Recording.id == self.recording_id)
            await CustodyEvent.insert(
                custody(
                    self.recording_id,
                    "stopped",
                    actor.seat if actor else None,
                    actor.client_address if actor else "",
                    sha256=digest,
                )
            )

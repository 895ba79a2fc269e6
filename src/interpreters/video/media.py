"""The media path of a room: what each participant receives.

Every participant's tracks end at the hub. `Forwarding` is the one place that decides who
receives what; signaling only tells it who published which track, who is muted and who
left, and gives it one `Outlet` per m-line it sends. This implementation decodes each
published track once and hands its frames to every outlet showing it, so each sender
re-encodes them (aiortc's senders encode frames); a forwarding path that passes encoded
packets through instead can replace it behind the same methods.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Sequence
from typing import Any, Protocol, TypeAlias

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av.frame import Frame
from av.packet import Packet

# What tracks carry: decoded frames here, encoded packets on a path that skips decoding.
Media: TypeAlias = "Frame | Packet[Any]"

log = logging.getLogger(__name__)

# Frames an outlet keeps for a slow reader before dropping the oldest: a video receiver
# wants the newest picture, audio a little slack so a busy moment is no gap.
BACKLOG = {"audio": 10, "video": 2}


class Outlet(MediaStreamTrack):
    """A track the hub sends (or records): the frames of one published track at a time,
    or none. It never ends while its peer lives, so its sender survives every change of
    source."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self._frames: deque[Media] = deque(maxlen=BACKLOG[kind])
        self._ready = asyncio.Event()
        self.source: Feed | None = None

    def put(self, frame: Media) -> None:
        self._frames.append(frame)
        self._ready.set()

    def show(self, source: Feed | None) -> None:
        if self.source is not None:
            self.source.outlets.discard(self)
        self._frames.clear()
        self.source = source
        if source is not None:
            source.outlets.add(self)

    async def recv(self) -> Media:
        while not self._frames:
            if self.readyState != "live":
                raise MediaStreamError
            self._ready.clear()
            await self._ready.wait()
        return self._frames.popleft()

    def stop(self) -> None:
        self.show(None)
        super().stop()
        self._ready.set()


class Feed:
    """One published track, read once for as long as it lives, whether anyone receives it
    or not (an unread remote track would pile up its frames)."""

    def __init__(self, track: MediaStreamTrack) -> None:
        self.track = track
        self.kind = track.kind
        self.outlets: set[Outlet] = set()
        self.frames = 0
        self.latest: Media | None = None
        # A muted participant's audio is read and dropped.
        self.paused = False
        self._task = asyncio.create_task(self._pump(), name=f"feed-{track.id}")

    async def _pump(self) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await self.track.recv()
                self.frames += 1
                self.latest = frame
                if not self.paused:
                    for outlet in self.outlets:
                        outlet.put(frame)

    async def close(self) -> None:
        for outlet in list(self.outlets):
            outlet.show(None)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


class Receiver(Protocol):
    """What forwarding needs of a participant: who they are and the outlets they send."""

    @property
    def participant_id(self) -> int: ...

    def outlets(self, sender_id: int) -> tuple[Outlet, Outlet] | None:
        """The (audio, video) outlets that show `sender_id` to this participant, if any."""
        ...


class Forwarding:
    """Decides what each participant receives: everyone admitted and publishing, but
    themselves, with a muted participant's audio withheld."""

    def __init__(self) -> None:
        self._feeds: dict[int, dict[str, Feed]] = {}
        self._muted: set[int] = set()

    def feeds_of(self, participant_id: int) -> dict[str, Feed]:
        return self._feeds.get(participant_id, {})

    def publish(self, participant_id: int, track: MediaStreamTrack) -> Feed:
        feeds = self._feeds.setdefault(participant_id, {})
        previous = feeds.get(track.kind)
        if previous is not None:
            asyncio.ensure_future(previous.close())  # noqa: RUF006 (it ends on its own)
        feed = Feed(track)
        feed.paused = track.kind == "audio" and participant_id in self._muted
        feeds[track.kind] = feed
        return feed

    def route(self, receivers: Sequence[Receiver]) -> None:
        """Points every receiver's outlets at the feeds of the others."""
        for receiver in receivers:
            for sender_id, feeds in self._feeds.items():
                if sender_id == receiver.participant_id:
                    continue
                pair = receiver.outlets(sender_id)
                if pair is None:
                    continue
                for outlet in pair:
                    feed = feeds.get(outlet.kind)
                    if outlet.source is not feed:
                        outlet.show(feed)

    def mute(self, participant_id: int, muted: bool) -> None:
        if muted:
            self._muted.add(participant_id)
        else:
            self._muted.discard(participant_id)
        audio = self.feeds_of(participant_id).get("audio")
        if audio is not None:
            audio.paused = muted

    def is_muted(self, participant_id: int) -> bool:
        return participant_id in self._muted

    async def withdraw(self, participant_id: int) -> None:
        """The participant left: nobody receives them any more."""
        for feed in self._feeds.pop(participant_id, {}).values():
            await feed.close()

    async def close(self) -> None:
        for participant_id in list(self._feeds):
            await self.withdraw(participant_id)

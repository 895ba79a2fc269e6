"""The media path of a room: what each participant receives.

Every participant's tracks end at the hub. `Forwarding` is the one place that decides who
receives what; signaling only tells it who published which track, who is muted and who
left, and gives it one `Outlet` per m-line it sends.

This implementation forwards: each complete encoded frame a participant sends (VP8 or
Opus, the only codecs the hub negotiates) goes as it is to every outlet showing it, and
that outlet's sender packetizes it again under the hub's own SSRC, sequence numbers and
timestamps. Nothing is decoded or re-encoded, so the hub's work grows with packets, not
pixels. A receiver that cannot decode (it just started, or lost packets) needs a
keyframe, which only the publisher can make: the request goes to the publisher as an
RTCP picture loss indication.
"""

from __future__ import annotations

import asyncio
import queue
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from aiortc import RTCRtpReceiver
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from aiortc.rtp import RtpPacket
from aiortc.utils import uint16_gt
from av.packet import Packet

# Frames an outlet keeps for a slow sender: audio drops the oldest, video starts again from
# the next keyframe (a picture left out spoils every one after it until then).
BACKLOG = {"audio": 10, "video": 5}

# A publisher asked for a keyframe is asked again only if none came within this time (the
# request or the keyframe was lost); receivers asking meanwhile get that one.
KEYFRAME_REQUEST_INTERVAL = 0.5


@dataclass(frozen=True, slots=True)
class Encoded:
    """One complete encoded frame as a participant sent it, on its RTP clock."""

    data: bytes
    pts: int
    time_base: Fraction
    keyframe: bool


def vp8_keyframe(data: bytes) -> bool:
    # RFC 6386 9.1: a key frame's first bit is 0 and its start code follows the frame tag
    # (the code also tells a key frame from a frame cut short at its start).
    return len(data) >= 10 and not data[0] & 0x01 and data[3:6] == b"\x9d\x01\x2a"


def vp8_size(data: bytes) -> tuple[int, int] | None:
    """A key frame's picture size (RFC 6386 9.1: after the start code, 14 bits each)."""
    if not vp8_keyframe(data):
        return None
    width = int.from_bytes(data[6:8], "little") & 0x3FFF
    height = int.from_bytes(data[8:10], "little") & 0x3FFF
    return width, height


class Outlet(MediaStreamTrack):
    """A track the hub sends (or records): the frames of one published track at a time,
    or none. It never ends while its peer lives, so its sender survives every change of
    source, and its timestamps run on across changes as one clock."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.source: Feed | None = None
        self._frames: deque[Packet[Any]] = deque(maxlen=BACKLOG[kind])
        self._ready = asyncio.Event()
        # Video starts with a keyframe: what came before it cannot be decoded.
        self._awaiting_keyframe = kind == "video"
        # Keyframes are asked for only once the sender reads: a participant's outlets are
        # routed before their connection is up, and asking then would have publishers
        # make keyframes for nobody.
        self._reading = False
        self._offset = 0
        self._switched = False
        self._last: tuple[int, float] | None = None

    def put(self, frame: Encoded) -> None:
        if self.readyState != "live":
            return
        if self.kind == "video" and len(self._frames) == self._frames.maxlen:
            self._frames.clear()
            self._awaiting_keyframe = True
        if self._awaiting_keyframe:
            if not frame.keyframe:
                # Asked again with every frame left out (the feed spaces the requests):
                # one request or its keyframe may be lost.
                self.request_keyframe()
                return
            self._awaiting_keyframe = False
        now = time.monotonic()
        if self._switched:
            self._switched = False
            if self._last is not None:
                last_pts, last_at = self._last
                self._offset = last_pts + round((now - last_at) / frame.time_base) - frame.pts
        packet = Packet(frame.data)
        packet.pts = packet.dts = frame.pts + self._offset
        packet.time_base = frame.time_base
        packet.is_keyframe = frame.keyframe
        self._last = (packet.pts, now)
        self._frames.append(packet)
        self._ready.set()

    def show(self, source: Feed | None) -> None:
        if self.source is not None:
            self.source.outlets.discard(self)
        self._frames.clear()
        self.source = source
        self._awaiting_keyframe = self.kind == "video"
        self._switched = True
        if source is not None:
            source.outlets.add(self)
            self.request_keyframe()

    def request_keyframe(self) -> None:
        """Also what the outlet's receiver asks for when it cannot decode."""
        if self.source is not None and self._reading:
            self.source.request_keyframe()

    async def recv(self) -> Packet[Any]:
        if not self._reading:
            self._reading = True
            if self._awaiting_keyframe:
                self.request_keyframe()
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
    """One published track: the encoded frames its participant sends, handed to the
    outlets showing it."""

    def __init__(self, kind: str, ask_keyframe: Callable[[], Awaitable[None]] | None) -> None:
        self.kind = kind
        self.outlets: set[Outlet] = set()
        self.frames = 0
        self.size: tuple[int, int] | None = None
        # A muted participant's audio arrives and is dropped.
        self.paused = False
        self._ask_keyframe = ask_keyframe
        self._keyframe_asked_at: float | None = None
        self._requests: set[asyncio.Future[None]] = set()

    @property
    def ready(self) -> bool:
        """Whether it can be recorded: a video stream needs its picture size."""
        return self.size is not None if self.kind == "video" else self.frames > 0

    def deliver(self, frame: Encoded) -> None:
        self.frames += 1
        if self.kind == "video" and frame.keyframe:
            self.size = vp8_size(frame.data) or self.size
            self._keyframe_asked_at = None
        if not self.paused:
            for outlet in self.outlets:
                outlet.put(frame)

    def request_keyframe(self) -> None:
        if self.kind != "video" or self._ask_keyframe is None:
            return
        now = time.monotonic()
        asked_at = self._keyframe_asked_at
        if asked_at is not None and now - asked_at < KEYFRAME_REQUEST_INTERVAL:
            return
        self._keyframe_asked_at = now
        request = asyncio.ensure_future(self._ask_keyframe())
        self._requests.add(request)
        request.add_done_callback(self._requests.discard)

    def close(self) -> None:
        for outlet in list(self.outlets):
            outlet.show(None)


class PromptJitterBuffer(JitterBuffer):
    """A jitter buffer that lets each frame go as soon as it is complete.

    aiortc's completes a video frame only when the next frame's first packet arrives, and
    holds four audio frames besides: through the hub that would add a frame interval to
    every picture (67 ms at 15 fps) and 80 ms to the sound, on top of the receiver's own
    buffer. Here a video frame is complete at its last packet (the one with the RTP
    marker) once every packet before it is in, and audio packets, a frame each, go on as
    they come, the receiver's buffer doing the waiting once. A late or repeated audio
    packet is left out: aiortc would read its earlier timestamp as the clock wrapping.
    """

    def __init__(self, kind: str) -> None:
        video = kind == "video"
        super().__init__(capacity=512 if video else 16, is_video=video)
        self._newest: int | None = None

    def add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        if self._is_video:
            return super().add(packet)
        if self._newest is not None and not uint16_gt(packet.sequence_number, self._newest):
            return False, None
        self._newest = packet.sequence_number
        return False, JitterFrame(packet._data, packet.timestamp)  # type: ignore[attr-defined]

    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:
        origin = self._origin or 0
        packets: list[RtpPacket] = []
        for count in range(self.capacity):
            packet = self._packets[(origin + count) % self.capacity]
            if packet is None or (packets and packet.timestamp != packets[0].timestamp):
                break
            packets.append(packet)
            if packet.marker:
                self.remove(count + 1)
                data = b"".join(p._data for p in packets)  # type: ignore[attr-defined]
                return JitterFrame(data, packets[0].timestamp)
        return super()._remove_frame(sequence_number)


class Tap(queue.Queue[Any]):
    """Takes the encoded frames out of an aiortc receiver, which has no way to give them.

    It stands in for the receiver's decoder queue: the receiver puts each frame it
    completes here, on the event loop, and the tap hands it to the feed instead of a
    decoder. Only the receiver's closing None reaches its decoder thread, which then ends
    the remote track. The receiver's jitter buffer becomes a PromptJitterBuffer.
    """

    def __init__(self, receiver: RTCRtpReceiver, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.feed: Feed | None = None
        self._receiver = receiver
        # Name-mangled attributes of the receiver. It gives its queue to its decoder thread
        # when it starts receiving, so the tap must be in place before the answer is applied.
        # An aiortc without them would decode and forward nothing: refused at once.
        for name, replacement in (
            ("_RTCRtpReceiver__decoder_queue", self),
            ("_RTCRtpReceiver__jitter_buffer", PromptJitterBuffer(kind)),
        ):
            if not hasattr(receiver, name):
                raise RuntimeError(f"this aiortc's RTCRtpReceiver has no {name} to replace")
            setattr(receiver, name, replacement)

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        if item is None:
            super().put(None, block, timeout)
            return
        if self.feed is None:
            return
        codec, frame = item
        keyframe = vp8_keyframe(frame.data) if self.kind == "video" else True
        clock = Fraction(1, codec.clockRate)
        self.feed.deliver(Encoded(frame.data, frame.timestamp, clock, keyframe))

    async def ask_keyframe(self) -> None:
        for source in self._receiver.getSynchronizationSources():
            await self._receiver._send_rtcp_pli(source.source)


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

    def publish(self, participant_id: int, tap: Tap) -> Feed:
        feeds = self._feeds.setdefault(participant_id, {})
        previous = feeds.get(tap.kind)
        if previous is not None:
            previous.close()
        feed = Feed(tap.kind, tap.ask_keyframe)
        feed.paused = tap.kind == "audio" and participant_id in self._muted
        tap.feed = feed
        feeds[tap.kind] = feed
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

    def withdraw(self, participant_id: int) -> None:
        """The participant left: nobody receives them any more."""
        for feed in self._feeds.pop(participant_id, {}).values():
            feed.close()

    def close(self) -> None:
        for participant_id in list(self._feeds):
            self.withdraw(participant_id)

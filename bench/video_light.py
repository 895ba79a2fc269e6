"""Light participants for the video benchmark: aiortc clients that neither encode nor decode.

A room of four real-time clients (tests/video/client.py) encodes four pictures and decodes
twelve; on a small machine they take the cores the hub needs, and the bench measures them
instead of the hub. The hub forwards each VP8 frame as the participant sent it, so a
client can send frames encoded once at start and recognise each frame it receives by its
bytes, at the cost of RTP alone:

- `Prerecorded` sends the stamped 640×360 picture (tests' `draw`) as a loop of LOOP frames
  encoded once per process, a keyframe every KEYFRAME_EVERY frames (a sender of encoded
  frames cannot answer a receiver's request for one), and a tone encoded once;
- `LightClient` receives through interpreters.video.media.Tap, the hub's own way of taking
  encoded frames from aiortc, and counts each frame's loop index and arrival time.
"""

from __future__ import annotations

import asyncio
import bisect
import fractions
import functools
import math
import time
from typing import Any

import av
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamTrack
from av.packet import Packet

from interpreters.video.media import Encoded, Feed, Tap
from tests.video.client import GREY, VIDEO_CLOCK, Reception, RoomClient, connection, draw

LOOP = 150  # 10 s at 15 fps: far longer than any frame's trip
KEYFRAME_EVERY = 30
BITRATE = 500_000  # aiortc's VP8 encoder starts at this rate
AUDIO_RATE, AUDIO_SAMPLES = 48_000, 960  # Opus, 20 ms a frame


@functools.cache
def vp8_loop(width: int, height: int, fps: int) -> tuple[bytes, ...]:
    encoder = av.CodecContext.create("libvpx", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuv420p"
    encoder.time_base = fractions.Fraction(1, fps)
    encoder.bit_rate = BITRATE
    # As a camera's encoder would: in real time (libvpx's best quality takes seconds).
    encoder.options = {"deadline": "realtime", "cpu-used": "8"}
    encoded: list[bytes] = []
    for number in range(LOOP):
        frame = av.VideoFrame(width, height, "yuv420p")
        luma, *chroma = frame.planes
        luma.update(draw(width, height, luma.line_size, number))
        for plane in chroma:
            plane.update(bytes([GREY]) * plane.buffer_size)
        frame.pts = number
        if number % KEYFRAME_EVERY == 0:
            frame.pict_type = av.video.frame.PictureType.I
        encoded += [bytes(packet) for packet in encoder.encode(frame)]
    encoded += [bytes(packet) for packet in encoder.encode(None)]
    assert len(encoded) == LOOP, len(encoded)
    return tuple(encoded)


@functools.cache
def opus_tone() -> bytes:
    """20 ms of a 440 Hz tone, encoded once and sent again and again."""
    encoder = av.CodecContext.create("libopus", "w")
    encoder.sample_rate, encoder.layout, encoder.format = AUDIO_RATE, "stereo", "s16"
    encoder.time_base = fractions.Fraction(1, AUDIO_RATE)
    samples = bytearray()
    for n in range(AUDIO_SAMPLES):
        value = int(8000 * math.sin(2 * math.pi * 440 * n / AUDIO_RATE))
        samples += value.to_bytes(2, "little", signed=True) * 2
    frame = av.AudioFrame(format="s16", layout="stereo", samples=AUDIO_SAMPLES)
    frame.planes[0].update(bytes(samples))
    frame.sample_rate, frame.pts = AUDIO_RATE, 0
    packets = encoder.encode(frame) + encoder.encode(None)
    return bytes(packets[0])


class Paced(MediaStreamTrack):
    """A track that hands out its frame n at its start + n × `interval` seconds."""

    def __init__(self, interval: float) -> None:
        super().__init__()
        self.interval = interval
        self._start: float | None = None

    async def wait_for(self, number: int) -> None:
        if self._start is None:
            self._start = time.monotonic()
        await asyncio.sleep(max(0.0, self._start + number * self.interval - time.monotonic()))


class Prerecorded(Paced):
    """The loop of encoded pictures at `fps`; `sent_at[n]` is when frame n was handed to
    the sender (time.monotonic)."""

    kind = "video"

    def __init__(self, width: int, height: int, fps: int) -> None:
        super().__init__(1 / fps)
        self.fps = fps
        self.frames = vp8_loop(width, height, fps)
        self.sent_at: list[float] = []

    async def recv(self) -> Packet[Any]:
        number = len(self.sent_at)
        await self.wait_for(number)
        packet = Packet(self.frames[number % LOOP])
        packet.pts = number * VIDEO_CLOCK // self.fps
        packet.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.sent_at.append(time.monotonic())
        return packet

    def number_of(self, index: int, arrived: float) -> int | None:
        """Which frame, among those sent before `arrived`, had loop index `index`."""
        last = bisect.bisect_right(self.sent_at, arrived) - 1
        number = last - (last - index) % LOOP
        return number if number >= 0 else None


class Tone(Paced):
    kind = "audio"

    def __init__(self) -> None:
        super().__init__(AUDIO_SAMPLES / AUDIO_RATE)
        self.sent = 0

    async def recv(self) -> Packet[Any]:
        await self.wait_for(self.sent)
        packet = Packet(opus_tone())
        packet.pts = self.sent * AUDIO_SAMPLES
        packet.time_base = fractions.Fraction(1, AUDIO_RATE)
        self.sent += 1
        return packet


class Counting(Feed):
    """What arrives on one mid, counted by the Reception the way a decoding client counts:
    video frames by their loop index (read from their bytes), audio by frame."""

    def __init__(self, kind: str, mid: str, reception: Reception, loop: tuple[bytes, ...]) -> None:
        super().__init__(kind, None)
        self.mid = mid
        self.reception = reception
        self.indexes = {data: index for index, data in enumerate(loop)}

    def deliver(self, frame: Encoded) -> None:
        self.reception.frames[self.mid] += 1
        if self.kind != "video":
            return
        index = self.indexes.get(frame.data)
        if index is None:
            self.reception.unreadable[self.mid] += 1
        else:
            self.reception.stamps[self.mid].append((index, time.monotonic()))


def count_received(pc: RTCPeerConnection, reception: Reception, loop: tuple[bytes, ...]) -> None:
    """Taps every receiver of `pc`; before its local description is set, as a receiver hands
    its queue to its decoder when it starts."""
    for transceiver in pc.getTransceivers():
        tap = Tap(transceiver.receiver, transceiver.kind)
        tap.feed = Counting(transceiver.kind, str(transceiver.mid), reception, loop)


def publish_prerecorded(pc: RTCPeerConnection, picture: tuple[int, int, int]) -> Prerecorded:
    sending = Prerecorded(*picture)
    pc.addTrack(Tone())
    pc.addTrack(sending)
    return sending


class LightClient(RoomClient):
    """RoomClient with the prerecorded picture and tone, counting without decoding."""

    async def _answer(self, sdp: str) -> None:
        if self.pc is not None:
            await self.pc.close()
        pc = self.pc = connection()
        await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        count_received(pc, self.reception, vp8_loop(*self.picture))
        self.sending = publish_prerecorded(pc, self.picture)
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send({"type": "answer", "sdp": pc.localDescription.sdp})

"""A participant's program for tests and benchmarks: aiortc behind the room's WebSocket
protocol, sending a synthetic picture and tone and counting what it receives.

Every picture carries its sequence number in big black and white blocks, which survive a
lossy codec: a receiver reads them back, so it knows which
frames arrived and, from the sender's `sent_at`, how long each took."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import functools
import json
import math
import random
import time
from collections import Counter, defaultdict
from typing import Any

import av
import websockets
from aiortc import RTCBundlePolicy, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, MediaStreamTrack

VIDEO_CLOCK = 90_000
# The stamp: a row of STAMP_BITS blocks for the number, then a row for its complement (a
# picture whose two rows disagree is not counted as read).
STAMP_BITS = 16
BLACK, WHITE, GREY = 16, 235, 128
# How far the scene pans per frame, in pixels.
PAN = 2


def block_size(width: int) -> int:
    return width // STAMP_BITS


@functools.cache
def scene(width: int, height: int) -> bytes:
    """Rows of luma twice the picture's width, which the picture pans across: soft shapes
    with some grain, so the encoder has work like a camera's (a flat picture costs it
    nothing), made once per size."""
    rng = random.Random(width * height)
    wide = 2 * width
    rows = bytearray()
    for y in range(height):
        for x in range(wide):
            # Periodic in x over `wide`, so the pan wraps around without a seam.
            angle = 2 * math.pi * x / wide
            value = 128 + 50 * math.sin(3 * angle + y / 23) + 40 * math.sin(7 * angle - y / 41)
            rows.append(max(BLACK, min(WHITE, int(value) + rng.randint(-6, 6))))
    return bytes(rows)


def draw(width: int, height: int, line: int, number: int) -> bytes:
    """The luma plane (`line` bytes a row) of picture `number`: the scene panned, the stamp
    on top."""
    block = block_size(width)
    stamped = 2 * block
    texture = scene(width, height)
    shift = number * PAN % width
    pad = b"\0" * (line - width)
    rows = []
    for value in (number, ~number):
        row = b"".join(
            bytes([WHITE if value >> (STAMP_BITS - 1 - bit) & 1 else BLACK]) * block
            for bit in range(STAMP_BITS)
        )
        rows += [row.ljust(width, bytes([GREY])) + pad] * block
    for y in range(stamped, height):
        start = 2 * width * y + shift
        rows.append(texture[start : start + width] + pad)
    return b"".join(rows)


def read_stamp(frame: av.VideoFrame) -> int | None:
    """The number stamped into a received picture, or None when it cannot be read."""
    plane = frame.planes[0]
    luma = memoryview(plane).cast("B")
    block, line = block_size(frame.width), plane.line_size
    quarter = max(1, block // 4)
    rows = []
    for row in range(2):
        y = row * block + block // 2
        value = 0
        for bit in range(STAMP_BITS):
            x = bit * block + block // 2
            points = (
                (y - quarter) * line + x - quarter,
                (y - quarter) * line + x + quarter,
                (y + quarter) * line + x - quarter,
                (y + quarter) * line + x + quarter,
            )
            value = value << 1 | (sum(luma[p] for p in points) > 4 * GREY)
        rows.append(value)
    number, complement = rows
    return number if number ^ complement == (1 << STAMP_BITS) - 1 else None


class Picture(MediaStreamTrack):
    """`fps` frames a second of `width`×`height`: a panning scene, each frame stamped with
    its number; `sent_at[n]` is when frame n was handed to the encoder (time.monotonic,
    which is one clock for every process of the machine)."""

    kind = "video"

    def __init__(self, width: int = 320, height: int = 240, fps: int = 15) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self.sent_at: list[float] = []
        self._start: float | None = None

    @property
    def sent(self) -> int:
        return len(self.sent_at)

    async def recv(self) -> av.VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self.sent / self.fps
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        frame = av.VideoFrame(self.width, self.height, "yuv420p")
        luma, *chroma = frame.planes
        luma.update(draw(self.width, self.height, luma.line_size, self.sent % (1 << STAMP_BITS)))
        for plane in chroma:
            plane.update(bytes([GREY]) * plane.buffer_size)
        frame.pts = self.sent * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.sent_at.append(time.monotonic())
        return frame


def connection() -> RTCPeerConnection:
    # No ICE server: everything is on loopback, and nothing else may be contacted. Max-bundle
    # for the reason the hub uses it (interpreters.video.peer.configuration).
    return RTCPeerConnection(
        RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
    )


def publish(pc: RTCPeerConnection, picture: tuple[int, int, int]) -> Picture:
    """Sends a tone and a new Picture of (width, height, fps) on `pc`."""
    sending = Picture(*picture)
    pc.addTrack(AudioStreamTrack())
    pc.addTrack(sending)
    return sending


class Reception:
    """What one participant receives, over all its connections: the frames per mid and, per
    video mid, each stamp read with the time it arrived."""

    def __init__(self) -> None:
        self.frames: Counter[str] = Counter()
        self.stamps: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        self.unreadable: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()

    def watch(self, pc: RTCPeerConnection) -> None:
        @pc.on("track")
        def received(track: MediaStreamTrack) -> None:
            mid = next(t.mid for t in pc.getTransceivers() if t.receiver.track is track)
            task = asyncio.ensure_future(self._count(str(mid), track))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _count(self, mid: str, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                self.frames[mid] += 1
                if isinstance(frame, av.VideoFrame):
                    number = read_stamp(frame)
                    if number is None:
                        self.unreadable[mid] += 1
                    else:
                        self.stamps[mid].append((number, time.monotonic()))

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class RoomClient:
    def __init__(self, server_url: str, token: str, picture: tuple[int, int, int] = (320, 240, 15)):
        self.url = server_url.replace("http://", "ws://") + "/api/v1/video/ws"
        self.token = token
        self.picture = picture
        self.messages: list[dict[str, Any]] = []
        self.reception = Reception()
        self.frames = self.reception.frames
        self.pc: RTCPeerConnection | None = None
        self.offers: list[str] = []
        self.close_code: int | None = None
        self._seen = 0
        self._arrived = asyncio.Condition()
        self._tasks: set[asyncio.Task[None]] = set()
        self._ws: Any = None
        self.sending: Picture | None = None

    async def join(self) -> dict[str, Any]:
        self._ws = await websockets.connect(self.url, additional_headers={"accept-language": "en"})
        await self.send({"type": "join", "token": self.token})
        self._spawn(self._read())
        return await self.next("joined", "error")

    async def send(self, message: dict[str, Any]) -> None:
        await self._ws.send(json.dumps(message))

    async def send_raw(self, text: str) -> None:
        await self._ws.send(text)

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                message = json.loads(raw)
                if message["type"] == "offer":
                    self.offers.append(message["sdp"])
                    await self._answer(message["sdp"])
                async with self._arrived:
                    self.messages.append(message)
                    self._arrived.notify_all()
        except websockets.ConnectionClosed:
            pass
        self.close_code = self._ws.close_code
        async with self._arrived:
            self._arrived.notify_all()

    async def next(self, *types: str, seconds: float = 15.0) -> dict[str, Any]:
        """The next message (after those already taken) of one of `types`."""
        try:
            return await asyncio.wait_for(self._next(types), seconds)
        except TimeoutError:
            got = [m["type"] for m in self.messages[self._seen :]]
            raise TimeoutError(f"no {'/'.join(types)} in {seconds:g} s; got {got}") from None

    async def _next(self, types: tuple[str, ...]) -> dict[str, Any]:
        async with self._arrived:
            while True:
                for index in range(self._seen, len(self.messages)):
                    if self.messages[index]["type"] in types:
                        self._seen = index + 1
                        return self.messages[index]
                if self.close_code is not None:
                    raise ConnectionError(f"closed with {self.close_code}: {self.messages}")
                await self._arrived.wait()

    async def closed(self, seconds: float = 15.0) -> int:
        async with asyncio.timeout(seconds), self._arrived:
            while self.close_code is None:
                await self._arrived.wait()
        return self.close_code

    def latest(self, kind: str) -> dict[str, Any]:
        return next(m for m in reversed(self.messages) if m["type"] == kind)

    async def _answer(self, sdp: str) -> None:
        if self.pc is not None:
            await self.pc.close()
        pc = self.pc = connection()
        self.reception.watch(pc)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        self.sending = publish(pc, self.picture)
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send({"type": "answer", "sdp": pc.localDescription.sdp})

    async def wait_frames(self, mid: str, count: int, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while self.frames[mid] < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.frames[mid]} frames on mid {mid}, wanted {count}")
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self.pc is not None:
            await self.pc.close()
        await self.reception.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

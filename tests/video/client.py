"""A participant's program for tests and benchmarks: aiortc behind the room's WebSocket
protocol, sending a synthetic picture and tone and counting what it receives."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import time
from collections import Counter
from typing import Any

import av
import websockets
from aiortc import RTCBundlePolicy, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, MediaStreamTrack

VIDEO_CLOCK = 90_000


class Picture(MediaStreamTrack):
    """`fps` frames a second of `width`×`height`, each a flat grey that changes per frame."""

    kind = "video"

    def __init__(self, width: int = 320, height: int = 240, fps: int = 15) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self.sent = 0
        self._start: float | None = None

    async def recv(self) -> av.VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self.sent / self.fps
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        frame = av.VideoFrame(self.width, self.height, "yuv420p")
        shade = bytes([16 + self.sent % 200])
        for plane in frame.planes:
            plane.update(shade * plane.buffer_size)
        frame.pts = self.sent * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.sent += 1
        return frame


class RoomClient:
    def __init__(self, server_url: str, token: str, picture: tuple[int, int, int] = (320, 240, 15)):
        self.url = server_url.replace("http://", "ws://") + "/api/v1/video/ws"
        self.token = token
        self.picture = picture
        self.messages: list[dict[str, Any]] = []
        self.frames: Counter[str] = Counter()
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
        async with asyncio.timeout(seconds), self._arrived:
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
        # No ICE server: the hub is on loopback, and nothing else may be contacted. Max-bundle
        # for the reason the hub uses it (interpreters.video.peer.configuration).
        pc = self.pc = RTCPeerConnection(
            RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
        )

        @pc.on("track")
        def received(track: MediaStreamTrack) -> None:
            mid = next(t.mid for t in pc.getTransceivers() if t.receiver.track is track)
            self._spawn(self._count(str(mid), track))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        width, height, fps = self.picture
        self.sending = Picture(width, height, fps)
        pc.addTrack(AudioStreamTrack())
        pc.addTrack(self.sending)
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send({"type": "answer", "sdp": pc.localDescription.sdp})

    async def _count(self, mid: str, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                self.frames[mid] += 1

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
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

"""The pre-join page's connectivity check: a throwaway peer connection to the hub whose data
channel echoes what it is sent, so the page sees ICE succeed and measures the round trip."""

from __future__ import annotations

import asyncio
from typing import Any

from aiortc import RTCDataChannel, RTCPeerConnection, RTCSessionDescription

from interpreters.errors import InvalidInput
from interpreters.video.peer import configuration

# A check lasts this long at most; the page needs a few seconds.
PROBE_SECONDS = 30.0


class Probes:
    """Every probe connection of this process, each closed after PROBE_SECONDS."""

    def __init__(self) -> None:
        self._open: set[RTCPeerConnection] = set()

    async def answer(self, offer: str) -> str:
        pc = RTCPeerConnection(configuration())
        self._open.add(pc)

        @pc.on("datachannel")
        def echo(channel: RTCDataChannel) -> None:
            @channel.on("message")
            def reply(message: Any) -> None:
                channel.send(message)

        @pc.on("connectionstatechange")
        async def state_changed() -> None:
            if pc.connectionState in ("failed", "closed"):
                await self._close(pc)

        asyncio.get_running_loop().call_later(
            PROBE_SECONDS, lambda: asyncio.ensure_future(self._close(pc))
        )
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
            await pc.setLocalDescription(await pc.createAnswer())
        except Exception as error:  # aiortc reports a bad SDP by several error types
            await self._close(pc)
            raise InvalidInput(
                "The offer is not a usable SDP: {error}", "sdp", error=str(error)
            ) from error
        return str(pc.localDescription.sdp)

    async def _close(self, pc: RTCPeerConnection) -> None:
        if pc in self._open:
            self._open.discard(pc)
            await pc.close()

    def __len__(self) -> int:
        return len(self._open)

    async def close_all(self) -> None:
        for pc in list(self._open):
            await self._close(pc)

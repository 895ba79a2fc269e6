"""One participant's RTCPeerConnection, which ends at the hub.

The hub always offers and the browser answers, so no two offers ever cross. The offer
holds, in this order, an audio and a video m-line on which the participant sends, then
one audio and one video m-line per other seat of the room, on which the hub sends whoever
sits there. Seats change by switching an outlet's source, never by renegotiating.

The hub's SDP lists only its own host candidates (and, with TURN configured, its relay
ones): aiortc gathers them before it answers, and nothing any participant sent is ever
copied into what another receives.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aioice.ice
from aiortc import (
    RTCBundlePolicy,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamTrack

from interpreters.settings import get_settings
from interpreters.video.media import Outlet

# The participant's own m-lines come first: audio then video.
OWN_LINES = 2


def configuration() -> RTCConfiguration:
    settings = get_settings()
    servers = [
        RTCIceServer(
            urls=url,
            username=settings.turn_username or None,
            credential=settings.turn_password or None,
        )
        for url in settings.ice_servers
    ]
    # A list even when empty: given None, aiortc asks Google's public STUN server.
    # Max-bundle: every m-line on one transport from the start. Under aiortc's default
    # (balanced) the later m-lines of a kind keep the first one's own transport, which the
    # answer's BUNDLE then discards, and the hub would never send video.
    return RTCConfiguration(iceServers=servers, bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)


def offer_configured_addresses() -> None:
    """With VIDEO_HOST_ADDRESSES set, the hub offers those addresses and no others.

    aioice takes its host candidates from this one function and has no setting for them.
    """
    addresses = list(get_settings().video_host_addresses)
    if addresses:

        def configured(use_ipv4: bool, use_ipv6: bool) -> list[str]:
            return addresses

        aioice.ice.get_host_addresses = configured


class Peer:
    """The connection of one admitted participant, with an outlet pair per other seat."""

    def __init__(
        self,
        seats: int,
        on_track: Callable[[MediaStreamTrack], None],
        on_failed: Callable[[], Awaitable[None]],
    ) -> None:
        self.pc = RTCPeerConnection(configuration())
        self.pc.addTransceiver("audio", direction="recvonly")
        self.pc.addTransceiver("video", direction="recvonly")
        self.seats = [(Outlet("audio"), Outlet("video")) for _ in range(seats)]
        for audio, video in self.seats:
            self.pc.addTransceiver(audio, direction="sendonly")
            self.pc.addTransceiver(video, direction="sendonly")

        @self.pc.on("track")
        def track(received: MediaStreamTrack) -> None:
            on_track(received)

        @self.pc.on("connectionstatechange")
        async def state_changed() -> None:
            if self.pc.connectionState == "failed":
                await on_failed()

    async def offer(self) -> str:
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return str(self.pc.localDescription.sdp)

    async def accept(self, sdp: str) -> None:
        """The participant's answer; ValueError (and the like) for one that does not fit."""
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))

    async def add_candidate(self, candidate: Any) -> None:
        await self.pc.addIceCandidate(candidate)

    def mids(self, seat: int) -> tuple[str, str]:
        transceivers = self.pc.getTransceivers()
        audio = transceivers[OWN_LINES + 2 * seat]
        video = transceivers[OWN_LINES + 2 * seat + 1]
        return str(audio.mid), str(video.mid)

    async def close(self) -> None:
        for audio, video in self.seats:
            audio.stop()
            video.stop()
        await self.pc.close()

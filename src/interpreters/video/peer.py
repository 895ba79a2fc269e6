"""One participant's RTCPeerConnection, which ends at the hub.

The hub always offers and the browser answers, so no two offers ever cross. The offer
holds, in this order, an audio and a video m-line on which the participant sends, then
one audio and one video m-line per other seat of the room, on which the hub sends whoever
sits there. Seats change by switching an outlet's source, never by renegotiating.

The hub's SDP lists only its own host candidates (and, with TURN configured, its relay
ones): aiortc gathers them before it answers, and nothing any participant sent is ever
copied into what another receives.

Video is VP8 and audio Opus on every m-line, so that what one participant sends can be
forwarded to the others as it is (interpreters.video.media).
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
    RTCRtpCodecCapability,
    RTCRtpSender,
    RTCRtpTransceiver,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamTrack

from interpreters.settings import get_settings
from interpreters.video.media import Outlet, Tap

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


# The codecs forwarded as they are; rtx lets a receiver have a lost VP8 packet sent again.
FORWARDED_CODECS = {"audio": ("audio/opus",), "video": ("video/VP8", "video/rtx")}


def forwarded_codecs(kind: str) -> list[RTCRtpCodecCapability]:
    return [
        codec
        for codec in RTCRtpSender.getCapabilities(kind).codecs
        if codec.mimeType in FORWARDED_CODECS[kind]
    ]


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
        on_track: Callable[[Tap], None],
        on_failed: Callable[[], Awaitable[None]],
    ) -> None:
        self.pc = RTCPeerConnection(configuration())
        self.taps = {
            kind: Tap(self._add(kind, direction="recvonly").receiver, kind)
            for kind in ("audio", "video")
        }
        self.seats = [(Outlet("audio"), Outlet("video")) for _ in range(seats)]
        for pair in self.seats:
            for outlet in pair:
                sender = self._add(outlet, direction="sendonly").sender
                # aiortc answers a receiver's picture loss by asking its own encoder for a
                # keyframe; the hub encodes nothing, so the publisher is asked instead.
                setattr(sender, "_send_keyframe", outlet.request_keyframe)  # noqa: B010

        @self.pc.on("track")
        def track(received: MediaStreamTrack) -> None:
            on_track(self.taps[received.kind])

        @self.pc.on("connectionstatechange")
        async def state_changed() -> None:
            if self.pc.connectionState == "failed":
                await on_failed()

    def _add(self, track_or_kind: MediaStreamTrack | str, direction: str) -> RTCRtpTransceiver:
        transceiver = self.pc.addTransceiver(track_or_kind, direction=direction)
        kind = track_or_kind if isinstance(track_or_kind, str) else track_or_kind.kind
        transceiver.setCodecPreferences(forwarded_codecs(kind))
        return transceiver

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

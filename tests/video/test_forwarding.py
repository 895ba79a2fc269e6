"""The hub forwards frames as they were sent: promptly, each receiver starting at a keyframe
asked of the publisher, on one clock per outlet, in the only codecs it can forward."""

from __future__ import annotations

import asyncio
import re
from fractions import Fraction

import pytest
from aiortc.rtp import RtpPacket

from interpreters.video.media import Encoded, Feed, Outlet, PromptJitterBuffer, Tap
from interpreters.video.peer import Peer

VIDEO = Fraction(1, 90_000)


def rtp(sequence: int, timestamp: int, data: bytes, marker: bool = False) -> RtpPacket:
    packet = RtpPacket(sequence_number=sequence, timestamp=timestamp, marker=int(marker))
    # aiortc's receiver sets `_data` (the depayloaded frame data), which RtpPacket doesn't declare.
    packet._data = data  # type: ignore[attr-defined]
    return packet


def test_a_picture_leaves_the_jitter_buffer_with_its_last_packet() -> None:
    buffer = PromptJitterBuffer("video")
    assert buffer.add(rtp(100, 3000, b"a")) == (False, None)
    # The last packet (marker) is in, but not the middle one: not complete.
    assert buffer.add(rtp(102, 3000, b"c", marker=True)) == (False, None)
    _, frame = buffer.add(rtp(101, 3000, b"b"))
    assert frame is not None
    assert (frame.data, frame.timestamp) == (b"abc", 3000)
    # A one-packet picture goes at once, without waiting for the next one to begin.
    _, frame = buffer.add(rtp(103, 9000, b"d", marker=True))
    assert frame is not None
    assert (frame.data, frame.timestamp) == (b"d", 9000)


def test_sound_goes_on_packet_by_packet_but_never_back() -> None:
    buffer = PromptJitterBuffer("audio")
    passed = []
    for sequence in (7, 9, 8, 9, 10):
        _, frame = buffer.add(rtp(sequence, sequence * 960, bytes([sequence])))
        passed.append(frame.data if frame else None)
    # A late or repeated packet would run the clock back: it is left out.
    assert passed == [b"\x07", b"\x09", None, None, b"\x0a"]


def picture(pts: int, keyframe: bool) -> Encoded:
    return Encoded(f"frame {pts}".encode(), pts, VIDEO, keyframe)


class Publisher:
    """Counts the keyframes asked of it; its feed, with one outlet showing it."""

    def __init__(self) -> None:
        self.asked = 0
        self.feed = Feed("video", self.ask)
        self.outlet = Outlet("video")
        self.outlet.show(self.feed)

    async def ask(self) -> None:
        self.asked += 1


async def test_a_receiver_starts_at_a_keyframe_asked_of_the_publisher_once_it_reads() -> None:
    publisher = Publisher()
    feed, outlet = publisher.feed, publisher.outlet
    for n in range(20):
        feed.deliver(picture(n * 6000, keyframe=n == 1))
    await asyncio.sleep(0.01)
    # Nobody reads yet (the connection is not up): the publisher is left alone.
    assert publisher.asked == 0
    reading = asyncio.ensure_future(outlet.recv())
    other = Outlet("video")
    other.show(feed)
    other_reading = asyncio.ensure_future(other.recv())
    feed.deliver(picture(120_000, keyframe=False))
    await asyncio.sleep(0.01)
    # Until the keyframe nothing goes out; several receivers waiting ask once.
    assert publisher.asked == 1
    feed.deliver(picture(126_000, keyframe=True))
    feed.deliver(picture(132_000, keyframe=False))
    assert (await reading).pts == (await other_reading).pts == 126_000
    assert (await outlet.recv()).pts == 132_000


async def test_a_receiver_that_falls_behind_starts_again_at_the_next_keyframe() -> None:
    publisher = Publisher()
    feed, outlet = publisher.feed, publisher.outlet
    feed.deliver(picture(0, keyframe=True))
    assert (await outlet.recv()).pts == 0
    for n in range(1, 8):
        feed.deliver(picture(n * 6000, keyframe=False))
    await asyncio.sleep(0.01)
    # Dropping a picture would spoil the ones after it: the backlog went, a keyframe was
    # asked for, and nothing is sent until it comes.
    assert publisher.asked == 1
    # Should the request or its keyframe be lost, the publisher is asked again.
    await asyncio.sleep(0.6)
    feed.deliver(picture(48000, keyframe=False))
    await asyncio.sleep(0.01)
    assert publisher.asked == 2
    feed.deliver(picture(54000, keyframe=True))
    assert (await outlet.recv()).pts == 54000


async def test_an_outlet_keeps_one_clock_when_its_source_changes() -> None:
    first, second = Feed("video", None), Feed("video", None)
    outlet = Outlet("video")
    outlet.show(first)
    first.deliver(picture(900_000, keyframe=True))
    before = (await outlet.recv()).pts
    outlet.show(second)
    second.deliver(picture(6000, keyframe=True))
    after = (await outlet.recv()).pts
    assert before is not None
    assert after is not None
    assert 0 <= after - before < 90_000  # a little later, not back in time


async def failed() -> None:
    pass


async def test_the_hub_offers_only_codecs_it_forwards() -> None:
    peer = Peer(3, lambda tap: None, failed)
    try:
        sdp = await peer.offer()
    finally:
        await peer.close()
    codecs = set(re.findall(r"a=rtpmap:\d+ ([\w-]+)/", sdp))
    assert codecs == {"opus", "VP8", "rtx"}
    assert sdp.count("m=video") == sdp.count("m=audio") == 4


def test_an_aiortc_whose_receiver_cannot_be_tapped_is_refused_at_once() -> None:
    class Receiver:
        """A receiver of another aiortc, without the attributes the tap replaces."""

    with pytest.raises(RuntimeError, match="decoder_queue"):
        Tap(Receiver(), "video")  # type: ignore[arg-type]  # deliberately no aiortc receiver

"""The client side of the video benchmark: one process per room (or per direct pair), so its
CPU is never counted as the hub's.

It holds the participants of one room, or two aiortc connections joined directly with no
hub in between. Each participant sends a stamped 640×360 picture and a tone: encoded in
real time and decoded on arrival (tests/video/client.py's RoomClient), or, with "light",
encoded once and recognised by their bytes (bench/video_light.py). It answers the bench's
commands, one JSON object a line on stdin:

    {"cmd": "room", "url", "tokens", "picture", "light"}  join the room (host first, who
                                                           admits the rest)
    {"cmd": "direct", "picture", "light"}                 connect two participants
    {"cmd": "measure", "seconds"}                 what every receiver got in the next `seconds`
    {"cmd": "quit"}

and replies one JSON object a line on stdout. Every sender and receiver of a stream live in
this one process, so the receiver knows when each stamped frame was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aioice.ice
from aiortc import RTCPeerConnection

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from video_light import LightClient, Prerecorded, count_received, publish_prerecorded, vp8_loop

from tests.video.client import Picture, Reception, RoomClient, connection, publish

# After the window closes, how long frames sent inside it may still arrive.
GRACE_SECONDS = 1.0
READY_SECONDS = 60.0


@dataclass
class Stream:
    """One sender's video and audio as one receiver gets them."""

    receiver: int
    sender: int
    reception: Reception
    video_mid: str
    audio_mid: str
    picture: Picture | Prerecorded

    def number_of(self, stamp: int, arrived: float) -> int | None:
        """The frame a stamp read at `arrived` stands for: a Picture stamps its number, a
        prerecorded loop its index in the loop."""
        if isinstance(self.picture, Prerecorded):
            return self.picture.number_of(stamp, arrived)
        return stamp


def loopback_only() -> None:
    """aioice never offers loopback addresses by itself; the bench uses nothing else."""

    def loopback(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        return ["127.0.0.1"]

    aioice.ice.get_host_addresses = loopback


async def ready(streams: list[Stream], seconds: float = READY_SECONDS) -> None:
    """Until every receiver has read a stamp of every sender."""
    deadline = time.monotonic() + seconds
    while any(not s.reception.stamps[s.video_mid] for s in streams):
        if time.monotonic() > deadline:
            missing = [
                (s.receiver, s.sender) for s in streams if not s.reception.stamps[s.video_mid]
            ]
            raise TimeoutError(f"no picture yet (receiver, sender): {missing}")
        await asyncio.sleep(0.1)


async def room(
    url: str, tokens: list[str], picture: tuple[int, int, int], light: bool
) -> list[RoomClient]:
    """Everyone in: the host enters, then admits each guest as they arrive."""
    kind = LightClient if light else RoomClient
    if light:
        vp8_loop(*picture)  # encoded before anyone waits on this process
    clients = [kind(url, token, picture) for token in tokens]
    host, *guests = clients
    await host.join()
    await host.next("admitted")
    for guest in guests:
        joined = await guest.join()
        await host.send({"type": "admit", "participant": joined["you"]["id"]})
        await guest.next("admitted")
    return clients


async def seated(clients: list[RoomClient], seconds: float = READY_SECONDS) -> list[Stream]:
    """Once every client's roster shows the others with their mids: a stream per pair."""
    deadline = time.monotonic() + seconds
    while True:
        rosters = [
            next((m for m in reversed(c.messages) if m["type"] == "participants"), None)
            for c in clients
        ]
        full = [
            r is not None and sum("video" in p for p in r["participants"]) == len(clients) - 1
            for r in rosters
        ]
        if all(full) and all(c.sending is not None for c in clients):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"rosters incomplete: {rosters}")
        await asyncio.sleep(0.1)
    me = {
        c: next(p["id"] for p in r["participants"] if p["you"])
        for c, r in zip(clients, rosters, strict=True)
    }
    by_id = {me[c]: c for c in clients}
    streams = []
    for client, roster in zip(clients, rosters, strict=True):
        for other in roster["participants"]:
            if other["you"]:
                continue
            sending = by_id[other["id"]].sending
            assert sending is not None
            streams.append(
                Stream(
                    me[client],
                    other["id"],
                    client.reception,
                    other["video"],
                    other["audio"],
                    sending,
                )
            )
    return streams


async def direct(
    picture: tuple[int, int, int], light: bool
) -> tuple[list[RTCPeerConnection], list[Stream]]:
    """Two participants connected to each other, each sending and receiving one picture."""
    offering, answering = connection(), connection()
    receptions = Reception(), Reception()
    sent: list[Picture | Prerecorded] = []
    for pc, reception in zip((offering, answering), receptions, strict=True):
        if not light:
            reception.watch(pc)  # before the offer is applied: it announces the tracks
        if pc is answering:
            await answering.setRemoteDescription(offering.localDescription)
        sent.append((publish_prerecorded if light else publish)(pc, picture))
        if pc is offering:
            await offering.setLocalDescription(await offering.createOffer())
        if light:
            count_received(pc, reception, vp8_loop(*picture))  # once the mids are known
    await answering.setLocalDescription(await answering.createAnswer())
    await offering.setRemoteDescription(answering.localDescription)
    streams = []
    for me, pc in enumerate((offering, answering)):
        mids = {t.kind: str(t.mid) for t in pc.getTransceivers()}
        other = 1 - me
        streams.append(Stream(me, other, receptions[me], mids["video"], mids["audio"], sent[other]))
    return [offering, answering], streams


async def measure(streams: list[Stream], seconds: float) -> dict[str, Any]:
    """What each receiver got of each sender's frames sent in the next `seconds`: by the
    frames recognised (one that cannot be counts as lost), and how long each took from the
    sender to the receiver (decoded, for real-time clients)."""

    def snapshot() -> tuple[Counter[tuple[int, str]], Counter[tuple[int, str]]]:
        frames: Counter[tuple[int, str]] = Counter()
        unreadable: Counter[tuple[int, str]] = Counter()
        for s in streams:
            for mid in (s.video_mid, s.audio_mid):
                frames[id(s.reception), mid] = s.reception.frames[mid]
            unreadable[id(s.reception), s.video_mid] = s.reception.unreadable[s.video_mid]
        return frames, unreadable

    start = time.monotonic()
    frames_before, unreadable_before = snapshot()
    await asyncio.sleep(seconds)
    end = time.monotonic()
    frames_after, unreadable_after = snapshot()
    await asyncio.sleep(GRACE_SECONDS)
    report: list[dict[str, Any]] = []
    latencies: list[float] = []
    for s in streams:
        sent_at = s.picture.sent_at
        window = {n for n, at in enumerate(sent_at) if start <= at < end}
        arrived: dict[int, float] = {}
        for stamp, at in s.reception.stamps[s.video_mid]:
            number = s.number_of(stamp, at)
            if number in window and number not in arrived:
                arrived[number] = at
        latencies += [(at - sent_at[number]) * 1000 for number, at in arrived.items()]
        key = id(s.reception)
        report.append(
            {
                "receiver": s.receiver,
                "sender": s.sender,
                "sent": len(window),
                "received": len(arrived),
                "unreadable": unreadable_after[key, s.video_mid]
                - unreadable_before[key, s.video_mid],
                "audio_frames": frames_after[key, s.audio_mid] - frames_before[key, s.audio_mid],
            }
        )
    return {"start": start, "end": end, "streams": report, "latencies_ms": latencies}


def quality(clients: list[RoomClient]) -> list[dict[str, Any]]:
    """The hub's latest quality report to the host (its own view of every connection)."""
    if not clients:
        return []
    reports = [m for m in clients[0].messages if m["type"] == "quality"]
    return list(reports[-1]["participants"]) if reports else []


async def video_packets_out(clients: list[RoomClient]) -> list[int]:
    """How many video RTP packets each client has sent so far (its own getStats)."""
    counts = []
    for client in clients:
        stats = await client.pc.getStats() if client.pc is not None else {}
        counts.append(
            sum(
                s.packetsSent
                for s in stats.values()
                if s.type == "outbound-rtp" and getattr(s, "kind", "") == "video"
            )
        )
    return counts


def picture_of(command: dict[str, Any]) -> tuple[int, int, int]:
    width, height, fps = command["picture"]
    return int(width), int(height), int(fps)


async def serve() -> None:
    loopback_only()
    streams: list[Stream] = []
    clients: list[RoomClient] = []
    pcs: list[RTCPeerConnection] = []
    loop = asyncio.get_running_loop()
    try:
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            command = json.loads(line)
            reply: dict[str, Any]
            try:
                if command["cmd"] == "room":
                    clients = await room(
                        command["url"], command["tokens"], picture_of(command), command["light"]
                    )
                    streams = await seated(clients)
                    await ready(streams)
                    reply = {"ready": len(streams)}
                elif command["cmd"] == "direct":
                    pcs, streams = await direct(picture_of(command), command["light"])
                    await ready(streams)
                    reply = {"ready": len(streams)}
                elif command["cmd"] == "measure":
                    reply = await measure(streams, float(command["seconds"]))
                    reply["offers"] = sum(len(c.offers) for c in clients)
                    reply["quality"] = quality(clients)
                    reply["video_packets_out"] = await video_packets_out(clients)
                else:
                    break
            except Exception as error:  # the bench prints it and stops
                reply = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(reply), flush=True)
    finally:
        for client in clients:
            await client.close()
        for pc in pcs:
            await pc.close()
        for reception in {id(s.reception): s.reception for s in streams}.values():
            await reception.close()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())

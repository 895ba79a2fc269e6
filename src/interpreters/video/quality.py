"""How each participant's connection is doing, from the hub's own getStats."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from aiortc import RTCPeerConnection


@dataclass
class Meter:
    """Turns the counters of successive readings into rates over the time between them."""

    at: float = 0.0
    bytes_sent: int = 0
    bytes_received: int = 0
    packets_received: int = 0
    packets_lost: int = 0

    async def read(self, pc: RTCPeerConnection) -> dict[str, Any]:
        report = await pc.getStats()
        now = time.monotonic()
        sent = received = packets = lost = 0
        round_trips: list[float] = []
        lost_fractions: list[float] = []
        for stats in report.values():
            if stats.type == "transport":
                sent += stats.bytesSent
                received += stats.bytesReceived
            elif stats.type == "inbound-rtp":
                packets += stats.packetsReceived
                lost += max(stats.packetsLost, 0)
            elif stats.type == "remote-inbound-rtp":
                # None until the participant's first receiver report arrives.
                if stats.roundTripTime is not None:
                    round_trips.append(stats.roundTripTime)
                lost_fractions.append(stats.fractionLost / 256)
        seconds = now - self.at if self.at else 0.0
        new_packets = packets - self.packets_received + lost - self.packets_lost
        reading = {
            "rtt_ms": round(max(round_trips) * 1000, 1) if round_trips else None,
            # What the hub lost of the participant's media since the last reading, and the
            # worst the participant reported losing of what the hub sends.
            "loss_in_percent": round(100 * (lost - self.packets_lost) / new_packets, 1)
            if new_packets > 0
            else 0.0,
            "loss_out_percent": round(100 * max(lost_fractions), 1) if lost_fractions else 0.0,
            # From the participant's side: what they send to the hub and receive from it.
            "upload_kbps": round((received - self.bytes_received) * 8 / seconds / 1000, 1)
            if seconds
            else None,
            "download_kbps": round((sent - self.bytes_sent) * 8 / seconds / 1000, 1)
            if seconds
            else None,
        }
        self.at, self.bytes_sent, self.bytes_received = now, sent, received
        self.packets_received, self.packets_lost = packets, lost
        return reading

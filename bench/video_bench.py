"""The video hub under rooms of four: CPU per forwarded stream, rooms per core, added latency.

Usage: .venv/bin/python bench/video_bench.py [--rooms-max N] [--seconds S] [--warmup W]
[--participants P] [--full-clients] [--quick]. The hub is the service itself (uvicorn, a
process of its own) on a temporary SQLite database, offering loopback only, with rooms of
four seats. Each room's four participants are aiortc clients in one client process
(bench/video_clients.py), each sending a stamped 640×360 picture at 15 fps and a tone; the
hub forwards each participant's picture and sound to the three others, so a room is 12
forwarded video streams and 12 audio ones.

The clients send VP8 frames encoded once at start and recognise each frame they receive by
its bytes (bench/video_light.py): the hub forwards frames as they were sent, and clients
encoding and decoding in real time would take the machine's cores before the hub fills
one (--full-clients runs those, as tests/video/client.py's RoomClient).

Levels: one room, then two, … each measured for S seconds after W of warm-up, until a
receiver loses 5% or more of a sender's frames, or the hub's CPU fills one core. A frame
counts as received when the receiver recognises it (by its bytes, or by the stamp drawn in
the decoded picture with --full-clients); latency is from the sender handing the frame to
its RTP sender to the receiver holding the whole frame (or its decoded picture), compared
with two clients connected directly (no hub). The hub's CPU is its utime + stime from
/proc; the clients' CPU, on the same machine, is shown beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from harness import quantiles, run_on

BENCH = Path(__file__).resolve().parent
CLIENTS = BENCH / "video_clients.py"
PICTURE = (640, 360, 15)
ROOM = 4  # seats of a room; --participants fills fewer of them
LOSS_LIMIT = 5.0  # percent of a sender's frames, at any receiver
AUDIO_FPS = 50  # aiortc's AudioStreamTrack: 20 ms frames
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
REPLY_SECONDS = 120.0
MACHINE_FULL = 0.85  # busy share of all cores (or of the hub's one) past which it is full


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """utime + stime of a process (all its threads), or of one of its threads."""
    path = Path(f"/proc/{pid}" + ("" if thread is None else f"/task/{thread}") + "/stat")
    fields = path.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy() -> float:
    """CPU time of all the machine's cores together, in seconds, but idle and I/O wait."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS


def udp_buffer_drops() -> int:
    """Datagrams the machine dropped because a UDP socket's receive buffer was full."""
    names, values = (
        line.split()
        for line in Path("/proc/net/snmp").read_text().splitlines()
        if line[:4] == "Udp:"
    )
    return int(values[names.index("RcvbufErrors")])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def sessions(count: int) -> list[list[str]]:
    """`count` confirmed video sessions starting in five minutes (the room opens 15 minutes
    before), each with a host, an interpreter, a court and a defence seat; their tokens,
    the host's first."""
    from interpreters.auth.tables import Institution, User
    from interpreters.registry.tables import Interpreter
    from interpreters.sessions.tables import Booking, InterpretationRequest
    from interpreters.video.links import new_nonce, token_of
    from interpreters.video.tables import RoomParticipant

    start = datetime.now(UTC) + timedelta(minutes=5)
    end = start + timedelta(hours=3)
    zone = "America/Tegucigalpa"
    place = dict(country="HN", timezone=zone)
    [office] = await Institution.insert(
        Institution(name="Fiscalía de prueba", kind="prosecutor_office", **place)
    ).returning(Institution.id)
    # The host's account: a link of an account that is not active opens no room.
    [host] = await User.insert(
        User(
            email="fiscal@bench.example.org",
            role="prosecutor",
            display_name="Fiscal",
            institution=office["id"],
        )
    ).returning(User.id)
    rooms = []
    for n in range(count):
        [person] = await Interpreter.insert(
            Interpreter(
                display_name=f"Intérprete {n}",
                legal_name=f"Intérprete {n}",
                email=f"bench{n}@example.org",
                gender="female",
                vetting_status="vetted",
                **place,
            )
        ).returning(Interpreter.id)
        kind = dict(session_kind="victim_interview", language="quc", working_language="spa")
        [request] = await InterpretationRequest.insert(
            InterpretationRequest(
                institution=office["id"],
                requested_by=host["id"],
                case_reference=f"BENCH-{n}",
                victim_pseudonym=f"V-{n}",
                modality="video",
                earliest_start=start,
                latest_start=start,
                duration_minutes=180,
                min_proficiency=3,
                status="confirmed",
                **kind,
                **place,
            )
        ).returning(InterpretationRequest.id)
        await Booking.insert(
            Booking(
                request=request["id"],
                interpreter=person["id"],
                starts_at=start,
                ends_at=end,
                blocked_until=end,
                booked_by=host["id"],
                **kind,
            )
        )
        seats = [
            dict(role="host", display_name="Fiscal", user_id=host["id"]),
            dict(role="interpreter", display_name=f"Intérprete {n}", interpreter=person["id"]),
            dict(role="court", display_name="Juzgado"),
            dict(role="defence", display_name="Defensa"),
        ]
        tokens = []
        for seat in seats:
            nonce = new_nonce()
            [row] = await RoomParticipant.insert(
                RoomParticipant(request=request["id"], nonce=nonce, created_by=host["id"], **seat)
            ).returning(RoomParticipant.id)
            tokens.append(token_of(row["id"], nonce))
        rooms.append(tokens)
    return rooms


class Worker:
    """A client process (bench/video_clients.py) and its line-by-line JSON conversation."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.pid = process.pid

    @classmethod
    async def start(cls, log: Path) -> Worker:
        with log.open("ab") as errors:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(CLIENTS),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                limit=1 << 24,  # a measurement's latencies make one long line
            )
        return cls(process)

    def send(self, command: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command).encode() + b"\n")

    async def ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdout is not None
        self.send(command)
        line = await asyncio.wait_for(self.process.stdout.readline(), REPLY_SECONDS)
        if not line:
            raise RuntimeError(f"client process {self.pid} ended (see its log)")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"client process {self.pid}: {reply['error']}")
        return reply

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.send({"cmd": "quit"})
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@dataclass
class Level:
    rooms: int
    seconds: float
    participants: int
    hub_cpu: float  # CPU-seconds per second (1.0 = one core)
    hub_loop: float  # of the hub's main thread: its event loop, where all Python runs
    clients_cpu: float
    others_cpu: float  # every other process of the machine (the bench's own included)
    machine_busy: float  # share of all the machine's cores
    hub_rss_mb: float
    streams: list[dict[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    offers: int = 0
    quality: list[dict[str, Any]] = field(default_factory=list)
    packets: list[int] = field(default_factory=list)
    udp_drops: int = 0  # machine-wide, during the window

    def losses(self) -> list[float]:
        return [100 * (1 - s["received"] / s["sent"]) if s["sent"] else 100.0 for s in self.streams]

    @property
    def worst_loss(self) -> float:
        return max(self.losses())

    @property
    def holds(self) -> bool:
        return self.worst_loss < LOSS_LIMIT

    @property
    def per_stream(self) -> float:
        """Hub CPU per forwarded stream pair (video + audio), in % of a core."""
        return 100 * self.hub_cpu / self.forwarded

    @property
    def forwarded(self) -> int:
        """Video streams the hub forwards (as many audio ones besides)."""
        return self.rooms * self.participants * (self.participants - 1)

    def audio_rate(self) -> float:
        """Audio frames per second a receiver got of a sender, on average."""
        return statistics.fmean(s["audio_frames"] for s in self.streams) / self.seconds


async def measure(
    workers: list[Worker], hub: int, seconds: float, rooms: int, participants: int
) -> Level:
    """Every worker measures the same window; the CPU of each process is read around it."""
    pids = [w.pid for w in workers]

    def readings() -> tuple[float, float, float, float, float]:
        clients = sum(cpu_seconds(p) for p in pids)
        return time.monotonic(), cpu_seconds(hub), cpu_seconds(hub, hub), clients, machine_busy()

    before, dropped = readings(), udp_buffer_drops()
    asking = [asyncio.ensure_future(w.ask({"cmd": "measure", "seconds": seconds})) for w in workers]
    await asyncio.sleep(seconds)
    elapsed, hub_cpu, hub_loop, clients_cpu, busy = (
        after - was for after, was in zip(readings(), before, strict=True)
    )
    dropped = udp_buffer_drops() - dropped
    cores = os.cpu_count() or 1
    machine = busy / elapsed  # in cores
    level = Level(
        rooms=rooms,
        seconds=seconds,
        participants=participants,
        hub_cpu=hub_cpu / elapsed,
        hub_loop=hub_loop / elapsed,
        clients_cpu=clients_cpu / elapsed,
        others_cpu=max(0.0, machine - (hub_cpu + clients_cpu) / elapsed),
        machine_busy=machine / cores,
        hub_rss_mb=rss_mb(hub),
        udp_drops=dropped,
    )
    for reply in await asyncio.gather(*asking):
        level.streams += reply["streams"]
        level.latencies += reply["latencies_ms"]
        level.offers += reply.get("offers", 0)
        level.quality += reply.get("quality", [])
        level.packets += reply.get("video_packets_out", [])
    return level


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def start_hub(port: int, log: Path) -> asyncio.subprocess.Process:
    env = dict(os.environ, VIDEO_HOST_ADDRESSES="127.0.0.1", VIDEO_ROOM_SIZE=str(ROOM))
    command = ["-m", "uvicorn", "interpreters.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("ab") as output:
        hub = await asyncio.create_subprocess_exec(
            sys.executable, *command, env=env, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if hub.returncode is not None or time.monotonic() > deadline:
                if hub.returncode is None:
                    hub.kill()
                    await hub.wait()
                raise RuntimeError("the hub did not start (its log follows)") from None
            await asyncio.sleep(0.2)
            continue
        writer.close()
        return hub


def migrate() -> None:
    """`interpreters migrate` on the bench's database (the environment names it)."""
    cli = Path(sys.executable).with_name("interpreters")
    subprocess.run([str(cli), "migrate"], check=True, capture_output=True)  # noqa: S603


def percentiles(latencies: list[float]) -> str:
    if len(latencies) < 2:
        return f"{'-':>6} {'-':>6}"
    p50, p95, _ = quantiles(latencies)
    return f"{p50:6.1f} {p95:6.1f}"


COLUMNS = (
    ("rooms", 5),
    ("streams", 7),
    ("hub%", 6),
    ("loop%", 6),
    ("hub%/str", 8),
    ("clients%", 8),
    ("others%", 7),
    ("loss%", 6),
    ("worst%", 6),
    ("p50ms", 6),
    ("p95ms", 6),
    ("aud/s", 5),
    ("unrd", 5),
    ("hub_in_loss%", 12),
    ("udp_drops", 9),
    ("rssMB", 5),
    ("holds", 5),
)


def print_level(level: Level) -> None:
    """One row of the table; CPU columns are in % of one core."""
    in_loss = [q["loss_in_percent"] for q in level.quality if q.get("loss_in_percent") is not None]
    cells = [
        level.rooms,
        level.forwarded,
        f"{100 * level.hub_cpu:.0f}",
        f"{100 * level.hub_loop:.0f}",
        f"{level.per_stream:.2f}",
        f"{100 * level.clients_cpu:.0f}",
        f"{100 * level.others_cpu:.0f}",
        f"{statistics.fmean(level.losses()):.1f}",
        f"{level.worst_loss:.1f}",
        *percentiles(level.latencies).split(),
        f"{level.audio_rate():.0f}",
        sum(s["unreadable"] for s in level.streams),
        f"{max(in_loss):.1f}" if in_loss else "-",
        level.udp_drops,
        f"{level.hub_rss_mb:.0f}",
        "yes" if level.holds else "NO",
    ]
    print(" ".join(f"{cell:>{width}}" for cell, (_, width) in zip(cells, COLUMNS, strict=True)))


async def bench(args: argparse.Namespace) -> None:
    from interpreters import db

    scratch = Path(os.environ["DATA_DIR"])
    migrate()
    async with db.database_lifespan(None):
        rooms = await sessions(args.rooms_max)
    hub_log, clients_log = scratch / "hub.log", scratch / "clients.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    workers: list[Worker] = []
    hub: asyncio.subprocess.Process | None = None
    try:
        hub = await start_hub(port, hub_log)
        idle_before = cpu_seconds(hub.pid)
        await asyncio.sleep(args.warmup)
        idle = (cpu_seconds(hub.pid) - idle_before) / args.warmup
        rss_idle = rss_mb(hub.pid)

        pair = await Worker.start(clients_log)
        await pair.ask({"cmd": "direct", "picture": PICTURE, "light": not args.full_clients})
        await asyncio.sleep(args.warmup)
        direct = await measure([pair], hub.pid, args.seconds, 0, 2)
        await pair.stop()
        print(
            f"direct, no hub (2 clients, 1 stream each way, one process):"
            f" p50/p95 {percentiles(direct.latencies)} ms over {len(direct.latencies)} frames,"
            f" loss {direct.worst_loss:.2f}%, client CPU {100 * direct.clients_cpu:.0f}%,"
            f" other processes {100 * direct.others_cpu:.0f}%, UDP drops {direct.udp_drops}",
            flush=True,
        )
        print(f"hub idle: CPU {100 * idle:.1f}% of a core, RSS {rss_idle:.0f} MB")
        print(" ".join(f"{name:>{width}}" for name, width in COLUMNS), flush=True)
        levels: list[Level] = []
        for n, tokens in enumerate(rooms, 1):
            worker = await Worker.start(clients_log)
            workers.append(worker)
            present = tokens[: args.participants]
            await worker.ask(
                {
                    "cmd": "room",
                    "url": url,
                    "tokens": present,
                    "picture": PICTURE,
                    "light": not args.full_clients,
                }
            )
            await asyncio.sleep(args.warmup)
            level = await measure(workers, hub.pid, args.seconds, n, args.participants)
            levels.append(level)
            print_level(level)
            if not level.holds or level.hub_cpu >= 1.0:
                break
        summarise(levels, direct, idle, rss_idle)
    finally:
        for worker in workers:
            await worker.stop()
        if hub is not None and hub.returncode is None:
            hub.terminate()
            await hub.wait()
        report_log(hub_log)


def summarise(levels: list[Level], direct: Level, idle: float, rss_idle: float) -> None:
    held = [level for level in levels if level.holds and level.hub_cpu < 1.0]
    best = held[-1] if held else levels[0]
    caveat = "" if held else " (NOT held: with frames lost the hub did less work than it needed)"
    print()
    print(
        f"hub CPU per forwarded stream (video + audio, {PICTURE[0]}x{PICTURE[1]} at"
        f" {PICTURE[2]} fps): {best.per_stream:.2f}% of a core at {best.rooms} room(s)"
        f" ({best.forwarded} streams, {best.participants} participants a room){caveat}"
    )
    per_room = (best.hub_cpu - idle) / best.rooms
    measured = f"{best.rooms} measured" if held else "none measured"
    print(
        f"rooms with under {LOSS_LIMIT:.0f}% loss: {measured}; by CPU, one core would hold"
        f" {1 / per_room:.1f} rooms ({100 * per_room:.0f}% of a core each above the hub's idle"
        f" {100 * idle:.1f}%){caveat}"
    )
    stopped = levels[-1]
    if stopped is not best:
        print(
            f"stopped at {stopped.rooms} rooms: worst loss {stopped.worst_loss:.1f}%,"
            f" hub {100 * stopped.hub_cpu:.0f}% of a core, clients"
            f" {100 * stopped.clients_cpu:.0f}%, the machine's {os.cpu_count()} cores"
            f" {100 * stopped.machine_busy:.0f}% busy"
        )
        if stopped.machine_busy >= MACHINE_FULL and stopped.hub_cpu < MACHINE_FULL:
            print(
                "  the machine ran out before the hub filled its core: the rooms one core"
                " holds lie between the rooms measured and the figure by CPU"
            )
    print(
        f"latency at 1 room: through the hub p50/p95 {percentiles(levels[0].latencies)} ms,"
        f" direct {percentiles(direct.latencies)} ms",
        end="",
    )
    if len(levels[0].latencies) > 1:
        (hub50, hub95, _), (direct50, direct95, _) = map(
            quantiles, (levels[0].latencies, direct.latencies)
        )
        print(f"; added by the hub p50 {hub50 - direct50:+.1f} ms, p95 {hub95 - direct95:+.1f} ms")
    else:
        print()
    others = max(level.others_cpu for level in [direct, *levels])
    print(
        f"clients: {100 * best.clients_cpu / best.rooms:.0f}% of a core per room"
        f" of {best.participants};"
        f" other processes on this {os.cpu_count()}-core machine took up to {100 * others:.0f}%"
    )
    last = levels[-1]
    again = last.offers - last.participants * last.rooms
    print(
        f"hub memory: {rss_idle:.0f} MB idle, {last.hub_rss_mb:.0f} MB at {last.rooms} room(s);"
        f" offers beyond each client's first (renegotiations): {again}"
    )


def report_log(log: Path) -> None:
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    errors = [line for line in lines if "Traceback" in line or "ERROR" in line]
    warnings = [line for line in lines if "WARNING" in line]
    print(f"hub log: {len(lines)} lines, {len(errors)} errors or tracebacks,", end="")
    print(f" {len(warnings)} warnings")
    for line in lines[:40] if errors else []:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Video hub benchmark: rooms of four.")
    parser.add_argument("--rooms-max", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured per level")
    parser.add_argument("--warmup", type=float, default=8.0, help="before each measurement")
    parser.add_argument(
        "--participants",
        type=int,
        choices=range(2, ROOM + 1),
        default=ROOM,
        help="in each room (of four seats); fewer for a machine too small for a full room",
    )
    parser.add_argument(
        "--full-clients",
        action="store_true",
        help="clients that encode and decode in real time (they outweigh the hub on a small"
        " machine), instead of sending frames encoded once and recognising them by their bytes",
    )
    parser.add_argument("--quick", action="store_true", help="2 rooms at most, short windows")
    args = parser.parse_args()
    if args.quick:
        args.rooms_max, args.seconds, args.warmup = min(args.rooms_max, 2), 6.0, 4.0
    run_on("sqlite", "", lambda: bench(args))


if __name__ == "__main__":
    main()

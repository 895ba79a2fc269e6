"""What the rooms' second-by-second check of their members' links costs the database.

Every WATCH_SECONDS each room checks its members' links again as the door does (`refusals`,
a few reads for the whole room). This fills `--rooms` confirmed video sessions of four seats
in the room, then times rounds of that check over every room, as one process holding them
all would run them, and prints the time a round takes (p50, p95, max) and its share of the
second between rounds on each engine.
Target: a round of 50 rooms of four stays under a quarter of WATCH_SECONDS on both engines,
so that a withdrawn right ends within two seconds with room to spare.
"""

from __future__ import annotations

import argparse
import sys
import time

from harness import each_engine, quantiles, run_on
from video_bench import migrate, sessions

BENCH_DB = "interpreters_bench_watch"
TARGET_SHARE = 0.25


async def bench(engine: str, rooms: int, rounds: int) -> None:
    from interpreters import db
    from interpreters.video.links import refusals, seat_of
    from interpreters.video.room import WATCH_SECONDS

    migrate()
    async with db.database_lifespan(None):
        seats = [[await seat_of(token) for token in room] for room in await sessions(rooms)]
        members = sum(len(room) for room in seats)
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            for room in seats:
                refused = await refusals(
                    room[0].request_id, {s.participant_id: s.nonce for s in room}
                )
                assert not refused, refused
            times.append(time.perf_counter() - started)
    p50, p95, most = quantiles(times)
    share = p95 / WATCH_SECONDS
    print(
        f"{engine}: {rooms} rooms, {members} members: a round of checks takes "
        f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {most * 1000:.0f} ms "
        f"({p95 / rooms * 1000:.2f} ms a room at p95); "
        f"{share:.0%} of the {WATCH_SECONDS:g} s between rounds "
        f"({'within' if share <= TARGET_SHARE else 'OVER'} the target of {TARGET_SHARE:.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="The rooms' link checks, timed.")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if args.database != "both":
        engine = args.database
        run_on(engine, BENCH_DB, lambda: bench(engine, args.rooms, args.rounds))
        return
    sys.exit(0 if each_engine() else 1)


if __name__ == "__main__":
    main()

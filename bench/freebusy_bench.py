"""Free/busy latency: 10,000 interpreters over 7 days, and one interpreter over 365 days.

Usage: .venv/bin/python bench/freebusy_bench.py [--database sqlite|postgresql|both] [--profile].
Each engine runs in its own process (settings are read once) on a fresh database: a temporary
SQLite file, or a scratch PostgreSQL database `bench_freebusy`, dropped at the end.

It times `availability.query.free_time` (load the schedules, then compute), the function
behind the free/busy API and matching. The 7-day range starts on Monday 2027-03-08 12:00 UTC
(`now` is the start, as in the API's default) and crosses the US DST change of 2027-03-14;
the 365-day range crosses both DST changes of the interpreter's zone (America/Tijuana).
The load/compute split comes from wrapping `loading.load_schedules` for the measured runs;
"compute" is the rest of `free_time` (no commitment source is registered yet, so commitments
cost nothing). Requests for 1,000 interpreters or more read an in-memory snapshot of all
availability that is read again after any change: the second 10k case changes one profile
before every run, so each run pays that reading. `--profile` adds a cProfile of the 10k
case, sorted by cumulative time."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from freebusy_data import SEED, START, WEEK_DAYS, YEAR_DAYS, build, describe, fill
from harness import each_engine, profile, quantiles, run_on

BENCH_DB = "bench_freebusy"
TARGET_MANY_MS = 200.0  # 10,000 interpreters, 7 days
TARGET_ONE_MS = 20.0  # one interpreter, 365 days


@dataclass
class Timings:
    label: str
    times: list[float] = field(default_factory=list)  # ms, warm-up excluded
    loads: list[float] = field(default_factory=list)
    cold: float = 0.0
    intervals: int = 0
    with_free: int = 0


async def measure(
    label: str,
    call: Callable[[], Awaitable[dict[int, list[tuple[int, int]]]]],
    runs: int,
    prepare: Callable[[], Awaitable[None]] | None = None,
) -> Timings:
    """One cold call, then warm-up calls, then `runs` measured ones; `prepare` runs
    before each, outside the timing."""
    from interpreters.availability import loading

    found = Timings(label)
    original = loading.load_schedules
    loads: list[float] = []

    async def timed_load(zones: Mapping[int, str], start: int, end: int) -> Any:
        started = time.perf_counter()
        try:
            return await original(zones, start, end)
        finally:
            loads.append((time.perf_counter() - started) * 1000)

    warm_up = max(3, runs // 10)
    loading.load_schedules = timed_load
    try:
        for run in range(1 + warm_up + runs):
            if prepare is not None:
                await prepare()
            # Garbage of the previous run is collected outside the timing, as timeit does.
            gc.collect()
            started = time.perf_counter()
            free = await call()
            elapsed = (time.perf_counter() - started) * 1000
            if run == 0:
                found.cold = elapsed
                found.intervals = sum(len(f) for f in free.values())
                found.with_free = sum(1 for f in free.values() if f)
            elif run > warm_up:
                found.times.append(elapsed)
    finally:
        loading.load_schedules = original
    found.loads = loads[1 + warm_up :]
    return found


def report(engine: str, found: Timings, target: float | None, interpreters: int) -> bool:
    p50, p95, top = quantiles(found.times)
    verdict = "no target" if target is None else "met" if p95 < target else "MISSED"
    bound = "" if target is None else f"target < {target:.0f} ms: "
    print(
        f"{engine}: {found.label}: {len(found.times)} runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms,"
        f" max {top:.1f} ms ({bound}{verdict}); first run {found.cold:.1f} ms"
    )
    if found.loads:
        load50, load95, _ = quantiles(found.loads)
        computes = [total - load for total, load in zip(found.times, found.loads, strict=True)]
        compute50, compute95, _ = quantiles(computes)
        print(
            f"{engine}: {found.label}: load_schedules p50 {load50:.1f} ms (p95 {load95:.1f}),"
            f" compute p50 {compute50:.1f} ms (p95 {compute95:.1f})"
        )
    print(
        f"{engine}: {found.label}: {found.intervals} free intervals,"
        f" {found.with_free} of {interpreters} interpreters with free time"
    )
    return target is None or p95 < target


async def bench(engine: str, n: int, runs_many: int, runs_one: int, with_profile: bool) -> bool:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    # Bookings count as busy time, as in the service: their query is part of the timing.
    import interpreters.bookings  # noqa: F401
    from interpreters import db
    from interpreters.availability.query import free_time
    from interpreters.availability.tables import AvailabilityProfile

    with contextlib.redirect_stdout(io.StringIO()):  # Piccolo's progress messages
        result = await run_forwards(app_name="all")
    if not result.success:
        raise SystemExit(f"migration failed: {result.message}")
    rng = random.Random(SEED)
    data = build(rng, n)
    start = int(START.timestamp())
    week_end, year_end = start + WEEK_DAYS * 86400, start + YEAR_DAYS * 86400
    async with db.database_lifespan(None):
        started = time.perf_counter()
        zones, heavy, rows = await fill(data)
        if engine == "postgresql":
            await db.engine().run_ddl("VACUUM ANALYZE")  # as autovacuum does after a bulk load
        print(f"{engine}: filled {rows} rows in {time.perf_counter() - started:.1f} s")
        describe(data, rows)
        # The data set was only needed to fill the database; a service would not hold it.
        del data
        one = {heavy: zones[heavy]}

        async def many() -> dict[int, list[tuple[int, int]]]:
            return await free_time(zones, start, week_end, now=start)

        async def single() -> dict[int, list[tuple[int, int]]]:
            return await free_time(one, start, year_end, now=start)

        async def change() -> None:
            # Any change makes the next large request read the snapshot of all availability.
            await AvailabilityProfile.update(
                {AvailabilityProfile.notice_hours: AvailabilityProfile.notice_hours + 0}
            ).where(AvailabilityProfile.interpreter == heavy)

        many_found = await measure(f"{n} interpreters x {WEEK_DAYS} days", many, runs_many)
        changed_found = await measure(
            f"{n} interpreters x {WEEK_DAYS} days, each after a change", many, runs_many, change
        )
        one_found = await measure(f"1 interpreter x {YEAR_DAYS} days", single, runs_one)
        met = report(engine, many_found, TARGET_MANY_MS, n)
        report(engine, changed_found, None, n)
        met &= report(engine, one_found, TARGET_ONE_MS, 1)
        print(f"{engine}: machine load average {os.getloadavg()[0]:.1f}")
        if with_profile:
            await profile(f"{engine}: the 10k case", many, 5)
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description="Free/busy latency benchmark.")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--interpreters", type=int, default=10_000)
    parser.add_argument("--runs-many", type=int, default=20, help="runs of the 10k case")
    parser.add_argument("--runs-one", type=int, default=200, help="runs of the 365-day case")
    parser.add_argument("--profile", action="store_true", help="cProfile the 10k case")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed (default: 0)"
    )
    args = parser.parse_args()
    if args.database != "both":
        engine = args.database
        met = run_on(
            engine,
            BENCH_DB,
            lambda: bench(engine, args.interpreters, args.runs_many, args.runs_one, args.profile),
        )
        sys.exit(1 if args.strict and not met else 0)
    sys.exit(0 if each_engine() else 1)


if __name__ == "__main__":
    main()

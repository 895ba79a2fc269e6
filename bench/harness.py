"""What the benchmarks share: a fresh database per engine, one process per engine (settings
are read once), the quantiles they print and a profile on demand."""

from __future__ import annotations

import asyncio
import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
ENGINES = ("sqlite", "postgresql")
T = TypeVar("T")


async def admin(*statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(ADMIN_URL)
    for sql in statements:
        await connection.execute(sql)
    await connection.close()


def run_on(engine: str, database: str, bench: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`bench` on a fresh database: a temporary SQLite file, or the scratch PostgreSQL
    database `database` (never `test`: the test suite drops that one), dropped at the end."""
    scratch = Path(tempfile.mkdtemp(prefix="interpreters-bench-"))
    os.environ["DATA_DIR"] = str(scratch)
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite'}"
    drop = f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'
    if engine == "postgresql":
        asyncio.run(admin(drop, f'CREATE DATABASE "{database}"'))
        os.environ["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    try:
        return asyncio.run(bench())
    finally:
        if engine == "postgresql":
            asyncio.run(admin(drop))
        shutil.rmtree(scratch, ignore_errors=True)


def each_engine(engines: Sequence[str] = ENGINES) -> bool:
    """Runs this script again once per engine, each in a process of its own; whether every
    run succeeded."""
    failed = False
    for engine in engines:
        started = time.perf_counter()
        command = [sys.executable, sys.argv[0], *sys.argv[1:], "--database", engine]  # last wins
        failed |= subprocess.run(command, check=False).returncode != 0  # noqa: S603
        print(f"{engine}: run took {time.perf_counter() - started:.1f} s")
    return not failed


def quantiles(times: list[float]) -> tuple[float, float, float]:
    """p50, p95 and the maximum."""
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94], max(times)


async def profile(title: str, call: Callable[[], Awaitable[Any]], runs: int) -> None:
    """A cProfile of `runs` calls, by cumulative and by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        await call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    print(f"{title}: cProfile, {runs} runs (times are totals over them)")
    print(out.getvalue())

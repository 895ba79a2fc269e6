"""The process's one scheduler (APScheduler 3.x on the app's event loop), run with the app.

Its jobs live in memory only: APScheduler 3 cannot share a job store between processes, so
whatever must happen later is kept in the database, every process derives its jobs from the
database when it starts, and each job claims its work there before doing it. Two processes,
or a restart, then never do one piece of work twice and lose none.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from datetime import UTC, datetime
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler

Job = Callable[..., Awaitable[Any]]
Startup = Callable[[], Awaitable[None]]


class _Running:
    scheduler: AsyncIOScheduler | None = None


def run_at(job_id: str, when: datetime, job: Job, *args: Any) -> None:
    """Runs `job(*args)` once at `when` (now if past), replacing any job of that id.

    Where no scheduler runs (tests, the command line) nothing is scheduled: the database
    still holds the work, and the next process to start takes it up.
    """
    scheduler = _Running.scheduler
    if scheduler is not None:
        scheduler.add_job(job, "date", run_date=when, args=args, id=job_id, replace_existing=True)


def cancel(job_id: str) -> None:
    """Removes the job of that id, if this process has one (it may have run already, or
    been set up by another process)."""
    scheduler = _Running.scheduler
    if scheduler is not None:
        with suppress(JobLookupError):
            scheduler.remove_job(job_id)


def run_every(job_id: str, seconds: int, job: Job) -> None:
    scheduler = _Running.scheduler
    if scheduler is not None:
        scheduler.add_job(job, "interval", seconds=seconds, id=job_id, replace_existing=True)


def lifespan(*on_start: Startup) -> Callable[[object], AbstractAsyncContextManager[None]]:
    """A Litestar lifespan that runs the scheduler, then each start-up step in turn; a step
    that fails stops the app from starting."""

    @asynccontextmanager
    async def running(_: object) -> AsyncIterator[None]:
        # Sweeps run every few seconds: a line for each run would drown the service's log.
        # Errors and missed runs are still logged.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        # A job late because the loop was busy still runs, once, however late.
        scheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"misfire_grace_time": None, "coalesce": True}
        )
        scheduler.start()
        _Running.scheduler = scheduler
        try:
            for step in on_start:
                await step()
            yield
        finally:
            _Running.scheduler = None
            scheduler.shutdown(wait=False)
            # The shutdown itself is queued on the loop: let it run before the pool closes.
            await asyncio.sleep(0)

    return running

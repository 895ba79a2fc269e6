"""Limits on sign-in attempts that hold across every server process: the counts live in the
database and each attempt is counted by one atomic upsert, so two processes never allow twice
the limit."""

from __future__ import annotations

import math
import time

from interpreters import signing
from interpreters.auth.tables import AttemptCounter
from interpreters.errors import TooManyAttempts

_COUNT = """
INSERT INTO attempt_counter (key, attempts, ends_at) VALUES ({}, 1, {})
ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN attempt_counter.ends_at > {} THEN attempt_counter.attempts + 1 ELSE 1 END,
    ends_at = CASE WHEN attempt_counter.ends_at > {} THEN attempt_counter.ends_at
                   ELSE excluded.ends_at END
RETURNING attempts, ends_at
"""


def key(kind: str, value: str) -> str:
    return f"{kind}:{signing.digest('sign-in-' + kind, value)}"


async def spend(counter: str, limit: int, window_seconds: int) -> None:
    """Counts one attempt; TooManyAttempts when it is one more than `limit` in the window
    that the first counted attempt opened (refused attempts count too)."""
    # Whole seconds: PostgreSQL reads each parameter as the bigint it is compared with.
    now = math.floor(time.time())
    [row] = await AttemptCounter.raw(_COUNT, counter, now + window_seconds, now, now)
    if row["attempts"] > limit:
        raise TooManyAttempts(max(1, row["ends_at"] - now))


async def clear(counter: str) -> None:
    await AttemptCounter.delete().where(AttemptCounter.key == counter)


async def forget_closed_windows() -> None:
    await AttemptCounter.delete().where(AttemptCounter.ends_at <= math.floor(time.time()))

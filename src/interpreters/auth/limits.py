"""Limits on sign-in attempts that hold across every server process: the counts live in the
database and each attempt is counted by one atomic upsert, so two processes never allow twice
the limit."""

from __future__ import annotations

import math
import time

from interpreters import audit, db, signing
from interpreters.auth.tables import AttemptCounter
from interpreters.errors import TooManyAttempts
from interpreters.settings import get_settings

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


async def spend(counter: str, limit: int, window_seconds: int, client_address: str) -> None:
    """Counts one attempt; TooManyAttempts when it is one more than `limit` in the window
    that the first counted attempt opened (refused attempts count too). The first refusal of
    a window is audited: one entry per window, so that a flood cannot flood the log."""
    # Whole seconds: PostgreSQL reads each parameter as the bigint it is compared with.
    now = math.floor(time.time())
    [row] = await AttemptCounter.raw(_COUNT, counter, now + window_seconds, now, now)
    if row["attempts"] == limit + 1:
        async with db.transaction():
            await audit.record(
                None, "sign_in_limited", counter.split(":")[0], None, client_address=client_address
            )
    if row["attempts"] > limit:
        raise TooManyAttempts(max(1, row["ends_at"] - now))


async def spend_sign_in(email: str, client_address: str) -> str:
    """Counts one attempt of a password, a second factor's code or a reset against the
    address and the account (known or not, so that the answer tells nothing); the account's
    counter, for a completed sign-in to clear."""
    settings = get_settings()
    await spend(
        key("address", client_address), settings.login_attempts_per_minute, 60, client_address
    )
    account = key("account", email)
    window = settings.login_account_window_minutes * 60
    await spend(account, settings.login_attempts_per_account, window, client_address)
    return account


async def clear(counter: str) -> None:
    await AttemptCounter.delete().where(AttemptCounter.key == counter)


async def forget_closed_windows() -> None:
    await AttemptCounter.delete().where(AttemptCounter.ends_at <= math.floor(time.time()))

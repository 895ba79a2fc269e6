"""The transactional outbox: what must leave the service is written in the transaction of
the change that causes it, and a dispatcher sends it afterwards, at least once.

Each process runs a dispatcher: right after a change (`kick`) and every
OUTBOX_SWEEP_SECONDS. It claims due messages in the database before sending them, so two
processes never send one message at the same time; a message whose sender died is due
again when its claim runs out. A failed attempt is tried again after OUTBOX_RETRY_SECONDS,
doubled after each further failure up to OUTBOX_RETRY_MAX_SECONDS; a refusal for good
(an SMTP 5xx reply, a webhook's 4xx) stops it as `failed`. A message may so go out twice
(sent, then the process died before noting it), always the same bytes under the same
Message-ID (a webhook's delivery id).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate
from typing import Any

from interpreters import db, scheduler
from interpreters.notifications.tables import OutboxMessage
from interpreters.notifications.transport import (
    Outgoing,
    Send,
    Transport,
    Undelivered,
    mail_transport,
)
from interpreters.notifications.webhook_transport import webhook_transport
from interpreters.settings import get_settings

log = logging.getLogger(__name__)

DISPATCH_JOB = "outbox-dispatch"
SWEEP_JOB = "outbox-sweep"
BATCH = 50
PENDING, SENT, FAILED = "pending", "sent", "failed"
EMAIL, WEBHOOK = "email", "webhook"


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{get_settings().calendar_domain}>"


async def enqueue(
    channel: str,
    topic: str,
    recipient: str,
    body: str,
    message_id: str,
    request_id: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """One message to send; call inside the transaction of the change that causes it."""
    await OutboxMessage.insert(
        OutboxMessage(
            channel=channel,
            topic=topic,
            recipient=recipient,
            request=request_id,
            message_id=message_id,
            body=body,
            headers=dict(headers or {}),
            next_attempt_at=datetime.now(UTC),
        )
    )


async def enqueue_email(message: EmailMessage, topic: str, request_id: int | None = None) -> None:
    """`message` (To, Subject and content set) from the service, under a new Message-ID;
    call inside the transaction of the change that causes it."""
    settings = get_settings()
    message_id = new_message_id()
    message["From"] = formataddr((settings.mail_from_name, settings.mail_from))
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id
    # Out-of-office replies and the like are not sent back to an automatic message.
    message["Auto-Submitted"] = "auto-generated"
    recipient = message["To"].addresses[0].addr_spec
    # SMTP policy: CRLF line ends, and headers and bodies in 7-bit ASCII encodings.
    body = message.as_string(policy=SMTP)
    await enqueue(EMAIL, topic, recipient, body, message_id, request_id)


def kick() -> None:
    """Dispatches now; call after the transaction that wrote messages has committed."""
    scheduler.run_at(DISPATCH_JOB, datetime.now(UTC), dispatch)


def _clock(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def retry_delay(attempts: int) -> timedelta:
    settings = get_settings()
    seconds = settings.outbox_retry_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.outbox_retry_max_seconds))


def _claimable(now: datetime) -> tuple[Any, ...]:
    return (
        OutboxMessage.status == PENDING,
        OutboxMessage.next_attempt_at <= now,
        OutboxMessage.claimed_until.is_null() | (OutboxMessage.claimed_until <= now),
    )


def _claim_until(now: datetime) -> datetime:
    return now + timedelta(seconds=get_settings().outbox_claim_seconds)


async def _claim(channel: str, now: datetime) -> list[dict[str, Any]]:
    """Takes up to BATCH due messages of `channel` for this process, oldest first."""
    due = (
        OutboxMessage.select(OutboxMessage.id)
        .where(OutboxMessage.channel == channel, *_claimable(now))
        .order_by(OutboxMessage.id)
        .limit(BATCH)
    )
    if get_settings().is_postgres:
        # Another dispatcher's batch is skipped, not waited for.
        due = due.lock_rows("UPDATE", skip_locked=True)
    async with db.transaction():
        ids = [row["id"] for row in await due]
        if not ids:
            return []
        rows: list[dict[str, Any]] = await (
            OutboxMessage.update(
                {
                    OutboxMessage.claimed_until: _claim_until(now),
                    OutboxMessage.attempts: OutboxMessage.attempts + 1,
                }
            )
            .where(OutboxMessage.id.is_in(ids), *_claimable(now))
            .returning(
                OutboxMessage.id,
                OutboxMessage.recipient,
                OutboxMessage.message_id,
                OutboxMessage.body,
                OutboxMessage.headers,
                OutboxMessage.attempts,
                OutboxMessage.claimed_until,
            )
        )
    return sorted(rows, key=lambda row: row["id"])


async def _still_ours(row: dict[str, Any], now: datetime) -> bool:
    """Extends this process's claim on `row` just before sending it, so that a long batch
    keeps what it has not sent yet; False if the claim ran out and another took it."""
    renewed = _claim_until(now)
    kept = await (
        OutboxMessage.update(claimed_until=renewed)
        .where(
            OutboxMessage.id == row["id"],
            OutboxMessage.status == PENDING,
            OutboxMessage.claimed_until == row["claimed_until"],
        )
        .returning(OutboxMessage.id)
    )
    row["claimed_until"] = renewed
    return bool(kept)


async def _settle(row: Mapping[str, Any], failure: Undelivered | None, now: datetime) -> None:
    # Only a message still pending: one stopped meanwhile (a webhook deactivated) stays so.
    this = (OutboxMessage.id == row["id"], OutboxMessage.status == PENDING)
    if failure is None:
        await OutboxMessage.update(
            status=SENT, sent_at=datetime.now(UTC), claimed_until=None, last_error=""
        ).where(*this)
        return
    log.warning("outbox message %s not delivered: %s", row["id"], failure)
    await OutboxMessage.update(
        status=FAILED if failure.permanent else PENDING,
        next_attempt_at=now + retry_delay(row["attempts"]),
        claimed_until=None,
        last_error=str(failure)[:500],
    ).where(*this)


async def _send_one(send: Send, row: dict[str, Any]) -> Undelivered | None:
    headers = row["headers"]
    # UPDATE … RETURNING gives JSON columns as text.
    if isinstance(headers, str):
        headers = json.loads(headers)
    try:
        await send(Outgoing(row["id"], row["recipient"], row["message_id"], row["body"], headers))
    except Undelivered as failure:
        return failure
    except Exception as error:  # a fault of this message must not stop the queue behind it
        log.exception("sending outbox message %s failed", row["id"])
        return Undelivered(f"{type(error).__name__}: {error}"[:500])
    return None


async def _send_batch(
    transport: Transport, rows: Sequence[dict[str, Any]], now: datetime | None
) -> int:
    sent = 0
    try:
        # Raises Undelivered before any message is sent, or never.
        async with transport.open() as send:
            for row in rows:
                moment = _clock(now)
                if not await _still_ours(row, moment):
                    continue
                failure = await _send_one(send, row)
                await _settle(row, failure, moment)
                sent += failure is None
    except Undelivered as unreachable:
        # The server could not be reached: the whole batch waits for a retry.
        for row in rows:
            await _settle(row, unreachable, _clock(now))
    return sent


def default_transports() -> dict[str, Transport]:
    return {EMAIL: mail_transport(), WEBHOOK: webhook_transport()}


async def dispatch(
    transports: Mapping[str, Transport] | None = None, now: datetime | None = None
) -> int:
    """Sends every message due at `now` (default: the clock's time, read afresh for each
    batch and message); returns how many went out."""
    transports = transports if transports is not None else default_transports()
    sent = 0
    for channel, transport in transports.items():
        while rows := await _claim(channel, _clock(now)):
            sent += await _send_batch(transport, rows, now)
            if len(rows) < BATCH:
                break
    return sent


async def _sweep() -> None:
    try:
        await dispatch()
    except Exception:  # the next sweep tries again; the messages wait in the database
        log.exception("dispatching the outbox failed")


async def resume() -> None:
    """At start: what the outbox holds (sent while no process ran, or cut off by a crash),
    then a sweep for retries."""
    await _sweep()
    scheduler.run_every(SWEEP_JOB, get_settings().outbox_sweep_seconds, _sweep)

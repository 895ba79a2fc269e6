"""What the service sent or is about to send, for coordinators: the embedded default has
no SMTP server, so this is where a new user reads the emails (also kept as .eml files)."""

from __future__ import annotations

from email.parser import HeaderParser
from email.policy import default
from typing import Any

from interpreters import audit
from interpreters.errors import NotFound
from interpreters.notifications.schemas import OutboxMessageOut, OutboxPage, OutboxStatus
from interpreters.notifications.tables import OutboxMessage
from interpreters.principal import Principal

LISTED = (
    OutboxMessage.id,
    OutboxMessage.channel,
    OutboxMessage.topic,
    OutboxMessage.recipient,
    OutboxMessage.request,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.last_error,
    OutboxMessage.created_at,
    OutboxMessage.next_attempt_at,
    OutboxMessage.sent_at,
)


def _scope(viewer: Principal) -> list[Any]:
    """A regional coordinator reads everything; a coordinator of some countries the
    messages of their countries' requests."""
    if not viewer.countries:
        return []
    return [OutboxMessage.request.country.is_in(sorted(viewer.countries))]


def _subject(body: str, channel: str) -> str:
    if channel != "email":
        return ""
    # Only the headers are parsed: the body may be large.
    return str(HeaderParser(policy=default).parsestr(body, headersonly=True)["Subject"] or "")


async def list_messages(
    viewer: Principal, status: OutboxStatus | None, limit: int, offset: int
) -> OutboxPage:
    conditions = _scope(viewer)
    if status is not None:
        conditions.append(OutboxMessage.status == status.value)
    query = OutboxMessage.select(*LISTED, OutboxMessage.body)
    count = OutboxMessage.count()
    if conditions:
        query = query.where(*conditions)
        count = count.where(*conditions)
    rows = await query.order_by(OutboxMessage.id, ascending=False).limit(limit).offset(offset)
    items = [
        OutboxMessageOut.model_validate(
            {**row, "subject": _subject(row.pop("body"), row["channel"])}
        )
        for row in rows
    ]
    await audit.record(viewer, "list_outbox", "outbox_message", None, ["recipient"])
    return OutboxPage(total=await count, items=items)


async def message_file(viewer: Principal, message_id: int) -> tuple[str, str]:
    """The message's channel, and the message exactly as it goes out (an RFC 5322 email,
    or a webhook's JSON)."""
    row = (
        await OutboxMessage.select(OutboxMessage.channel, OutboxMessage.body)
        .where(OutboxMessage.id == message_id, *_scope(viewer))
        .first()
    )
    if row is None:
        raise NotFound("No message with id {id}.", id=message_id)
    await audit.record(viewer, "read_outbox_message", "outbox_message", message_id, ["body"])
    return row["channel"], row["body"]

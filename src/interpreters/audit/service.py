"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol

from interpreters.audit.schemas import AuditQuery
from interpreters.audit.tables import AuditEntry


class Actor(Protocol):
    """Whoever acts: a signed-in user (a `Principal`) or a `Participant` without an account."""

    @property
    def user_id(self) -> int | None: ...

    @property
    def email(self) -> str: ...

    @property
    def client_address(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor without an account (a video room's guest or court, say), named as the log
    should show them; `user_id` when the participant also holds an account."""

    email: str
    client_address: str
    user_id: int | None = None


async def record(
    actor: Actor | None,
    action: str,
    record_type: str,
    record_id: int | None,
    fields: Iterable[str] = (),
    client_address: str = "",
) -> None:
    """Append one entry; call it inside the transaction of the change it describes."""
    await AuditEntry.insert(
        AuditEntry(
            actor_id=actor.user_id if actor else None,
            actor_email=actor.email if actor else "",
            action=action,
            record_type=record_type,
            record_id=record_id,
            fields=",".join(sorted(fields)),
            client_address=actor.client_address if actor else client_address,
        )
    )


async def list_entries(query: AuditQuery) -> tuple[list[dict[str, Any]], int]:
    """A page of entries, newest first; who may read which is the caller's to check."""
    conditions = []
    if query.record_type:
        conditions.append(AuditEntry.record_type == query.record_type)
    if query.record_id is not None:
        conditions.append(AuditEntry.record_id == query.record_id)
    if query.actor_id is not None:
        conditions.append(AuditEntry.actor_id == query.actor_id)
    if query.action:
        conditions.append(AuditEntry.action == query.action)
    # In UTC: SQLite compares the stored instants as text.
    if query.since is not None:
        conditions.append(AuditEntry.at >= query.since.astimezone(UTC))
    if query.before is not None:
        conditions.append(AuditEntry.at < query.before.astimezone(UTC))
    select = AuditEntry.select().where(*conditions) if conditions else AuditEntry.select()
    count = AuditEntry.count().where(*conditions) if conditions else AuditEntry.count()
    rows = (
        await select.order_by(AuditEntry.id, ascending=False)
        .limit(query.limit)
        .offset(query.offset)
    )
    return rows, await count

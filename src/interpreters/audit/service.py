"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

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


async def list_entries(
    record_type: str | None,
    record_id: int | None,
    actor_id: int | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """A page of entries, newest first; who may read which is the caller's to check."""
    conditions = []
    if record_type:
        conditions.append(AuditEntry.record_type == record_type)
    if record_id is not None:
        conditions.append(AuditEntry.record_id == record_id)
    if actor_id is not None:
        conditions.append(AuditEntry.actor_id == actor_id)
    query = AuditEntry.select().where(*conditions) if conditions else AuditEntry.select()
    count_query = AuditEntry.count().where(*conditions) if conditions else AuditEntry.count()
    rows = await query.order_by(AuditEntry.id, ascending=False).limit(limit).offset(offset)
    return rows, await count_query

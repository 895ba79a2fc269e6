"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from interpreters.audit.tables import AuditEntry
from interpreters.auth.principal import Principal
from interpreters.errors import Forbidden
from interpreters.registry.views import countries_of


async def record(
    actor: Principal | None,
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


async def _require_scope(
    viewer: Principal, record_type: str | None, record_id: int | None, actor_id: int | None
) -> None:
    """A scoped coordinator reads their own entries or those of an interpreter they manage."""
    if not viewer.countries or actor_id == viewer.user_id:
        return
    if (
        record_type != "interpreter"
        or record_id is None
        or not viewer.coordinates(await countries_of(record_id))
    ):
        raise Forbidden(
            "Coordinators of some countries filter the log by an interpreter of theirs "
            "(record_type=interpreter&record_id=…) or by themselves (actor_id)."
        )


async def list_entries(
    viewer: Principal,
    record_type: str | None,
    record_id: int | None,
    actor_id: int | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    await _require_scope(viewer, record_type, record_id, actor_id)
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

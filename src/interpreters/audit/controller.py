from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, QueryParameter

from interpreters import registry
from interpreters.audit import service
from interpreters.audit.schemas import AuditEntryOut, AuditPage, AuditQuery
from interpreters.errors import Forbidden
from interpreters.guards import requires
from interpreters.principal import Principal, Role
from interpreters.validation import MAX_ID


async def require_scope(viewer: Principal, query: AuditQuery) -> None:
    """A scoped coordinator reads their own entries or those of an interpreter they manage."""
    if not viewer.countries or query.actor_id == viewer.user_id:
        return
    if (
        query.record_type != "interpreter"
        or query.record_id is None
        or not viewer.coordinates(await registry.countries_of(query.record_id))
    ):
        raise Forbidden(
            "Coordinators of some countries filter the log by an interpreter of theirs "
            "(record_type=interpreter&record_id=…) or by themselves (actor_id)."
        )


async def audit_query(
    record_type: Annotated[str | None, QueryParameter(max_length=32)] = None,
    record_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)] = None,
    actor_id: Annotated[int | None, QueryParameter(ge=0, le=MAX_ID)] = None,
    action: Annotated[str | None, QueryParameter(max_length=64)] = None,
    since: FromQuery[str | None] = None,
    before: FromQuery[str | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    offset: Annotated[int, QueryParameter(ge=0, le=1_000_000)] = 0,
) -> AuditQuery:
    """The filters; the period's instants validated by the pydantic model so that their
    errors read like those of request bodies, in the client's language. The bounds are
    declared here as well, where the OpenAPI publishes them."""
    given = {
        "record_type": record_type,
        "record_id": record_id,
        "actor_id": actor_id,
        "action": action,
        "since": since,
        "before": before,
        "limit": limit,
        "offset": offset,
    }
    return AuditQuery.model_validate({k: v for k, v in given.items() if v is not None})


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]
    guards = [requires(Role.COORDINATOR)]
    dependencies = {"filters": Provide(audit_query)}

    @get(
        "/",
        operation_id="listAudit",
        summary="List audit entries, newest first",
        description="Filters by record, actor, action and a period: from `since` up to, not "
        "including, `before` (instants with an offset).",
    )
    async def list_audit(
        self, request: Request[Principal, Any, Any], filters: NamedDependency[AuditQuery]
    ) -> AuditPage:
        await require_scope(request.user, filters)
        rows, total = await service.list_entries(filters)
        return AuditPage(total=total, items=[AuditEntryOut.from_row(r) for r in rows])

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import FromQuery, QueryParameter

from interpreters import registry
from interpreters.audit import service
from interpreters.audit.schemas import AuditEntryOut, AuditPage
from interpreters.errors import Forbidden
from interpreters.guards import requires
from interpreters.principal import Principal, Role
from interpreters.validation import MAX_ID


async def require_scope(
    viewer: Principal, record_type: str | None, record_id: int | None, actor_id: int | None
) -> None:
    """A scoped coordinator reads their own entries or those of an interpreter they manage."""
    if not viewer.countries or actor_id == viewer.user_id:
        return
    if (
        record_type != "interpreter"
        or record_id is None
        or not viewer.coordinates(await registry.countries_of(record_id))
    ):
        raise Forbidden(
            "Coordinators of some countries filter the log by an interpreter of theirs "
            "(record_type=interpreter&record_id=…) or by themselves (actor_id)."
        )


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]
    guards = [requires(Role.COORDINATOR)]

    @get("/", operation_id="listAudit", summary="List audit entries, newest first")
    async def list_audit(
        self,
        request: Request[Principal, Any, Any],
        record_type: FromQuery[str | None] = None,
        record_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)] = None,
        actor_id: Annotated[int | None, QueryParameter(ge=0, le=MAX_ID)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=1_000_000)] = 0,
    ) -> AuditPage:
        await require_scope(request.user, record_type, record_id, actor_id)
        rows, total = await service.list_entries(record_type, record_id, actor_id, limit, offset)
        return AuditPage(total=total, items=[AuditEntryOut.from_row(r) for r in rows])

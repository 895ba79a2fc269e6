from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import FromQuery, QueryParameter

from interpreters.audit import service
from interpreters.audit.schemas import AuditEntryOut, AuditPage
from interpreters.auth.guards import requires
from interpreters.auth.principal import Principal, Role
from interpreters.validation import MAX_ID


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
        rows, total = await service.list_entries(
            request.user, record_type, record_id, actor_id, limit, offset
        )
        return AuditPage(total=total, items=[AuditEntryOut.from_row(r) for r in rows])

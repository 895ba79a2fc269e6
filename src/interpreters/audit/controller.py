from typing import Annotated

from litestar import Controller, get
from litestar.params import FromQuery, QueryParameter

from interpreters.audit import service
from interpreters.audit.schemas import AuditEntryOut, AuditPage
from interpreters.auth.guards import requires
from interpreters.auth.principal import Role


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]
    guards = [requires(Role.COORDINATOR)]

    @get("/", operation_id="listAudit", summary="List audit entries, newest first")
    async def list_audit(
        self,
        record_type: FromQuery[str | None] = None,
        record_id: FromQuery[int | None] = None,
        actor_id: FromQuery[int | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> AuditPage:
        rows, total = await service.list_entries(record_type, record_id, actor_id, limit, offset)
        return AuditPage(total=total, items=[AuditEntryOut.from_row(r) for r in rows])

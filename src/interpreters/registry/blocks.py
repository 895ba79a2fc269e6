"""Coordinators keep an interpreter out of one case: matching and booking then pass them by.

Restricted like conflicts of interest: only coordinators of the interpreter's countries
read or change them, and every read and change is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_201_CREATED
from pydantic import BaseModel, Field

from interpreters import audit, db
from interpreters.errors import Conflict, NotFound
from interpreters.guards import requires
from interpreters.principal import Principal, Role
from interpreters.registry.records import managed
from interpreters.registry.tables import CaseBlock
from interpreters.validation import MAX_ID, InputModel

Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


class CaseBlockIn(InputModel):
    case_reference: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=3, max_length=500)


class CaseBlockOut(BaseModel):
    id: int
    case_reference: str
    reason: str
    blocked_by: int
    blocked_at: datetime


async def _managed(actor: Principal, interpreter_id: int) -> None:
    await managed(actor, interpreter_id)


async def list_blocks(actor: Principal, interpreter_id: int) -> list[CaseBlockOut]:
    await _managed(actor, interpreter_id)
    rows = (
        await CaseBlock.select()
        .where(CaseBlock.interpreter == interpreter_id)
        .order_by(CaseBlock.id)
    )
    await audit.record(actor, "read_case_blocks", "interpreter", interpreter_id, ["case_blocks"])
    return [CaseBlockOut.model_validate(row) for row in rows]


async def block(actor: Principal, interpreter_id: int, data: CaseBlockIn) -> CaseBlockOut:
    await _managed(actor, interpreter_id)
    row = CaseBlock(interpreter=interpreter_id, blocked_by=actor.user_id, **data.model_dump())
    async with db.transaction():
        if await CaseBlock.exists().where(
            CaseBlock.interpreter == interpreter_id,
            CaseBlock.case_reference == data.case_reference,
        ):
            raise Conflict("This interpreter is already excluded from this case.", "case_reference")
        await row.save()
        await audit.record(actor, "block_for_case", "interpreter", interpreter_id, ["case_blocks"])
    return CaseBlockOut.model_validate(row.to_dict())


async def unblock(actor: Principal, interpreter_id: int, block_id: int) -> None:
    await _managed(actor, interpreter_id)
    async with db.transaction():
        removed = await (
            CaseBlock.delete()
            .where(CaseBlock.id == block_id, CaseBlock.interpreter == interpreter_id)
            .returning(CaseBlock.id)
        )
        if not removed:
            raise NotFound("No case exclusion {id} for this interpreter.", id=block_id)
        await audit.record(
            actor, "unblock_for_case", "interpreter", interpreter_id, ["case_blocks"]
        )


class CaseBlockController(Controller):
    path = "/api/v1/interpreters/{interpreter_id:int}/case-blocks"
    tags = ["registry"]
    guards = [requires(Role.COORDINATOR)]

    @get("/", operation_id="caseBlocks", summary="The cases this interpreter is excluded from")
    async def list_blocks(
        self, request: Request[Principal, Any, Any], interpreter_id: Id
    ) -> list[CaseBlockOut]:
        return await list_blocks(request.user, interpreter_id)

    @post(
        "/",
        operation_id="blockForCase",
        summary="Exclude the interpreter from one case (matching and booking skip them)",
        status_code=HTTP_201_CREATED,
    )
    async def block(
        self,
        request: Request[Principal, Any, Any],
        interpreter_id: Id,
        data: JSONBody[CaseBlockIn],
    ) -> CaseBlockOut:
        return await block(request.user, interpreter_id, data)

    @delete(
        "/{block_id:int}",
        operation_id="unblockForCase",
        summary="Lift an exclusion from a case",
        status_code=204,
    )
    async def unblock(
        self, request: Request[Principal, Any, Any], interpreter_id: Id, block_id: Id
    ) -> None:
        await unblock(request.user, interpreter_id, block_id)

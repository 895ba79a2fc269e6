"""Coordinators' bulk and reporting routes: CSV import and export, coverage."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery, MultipartBody
from litestar.status_codes import HTTP_201_CREATED

from interpreters.errors import InvalidInput
from interpreters.guards import requires
from interpreters.principal import Principal, Role
from interpreters.registry import coverage, csvio
from interpreters.registry.schemas import CoverageOut, ImportReport
from interpreters.registry.views import today


class ReportController(Controller):
    path = "/api/v1/registry"
    tags = ["registry"]
    guards = [requires(Role.COORDINATOR)]

    @post(
        "/import",
        operation_id="importInterpreters",
        summary="Import interpreters from a CSV file (all rows or none)",
        status_code=HTTP_201_CREATED,
    )
    async def import_csv(
        self,
        request: Request[Principal, Any, Any],
        data: MultipartBody[UploadFile],
    ) -> ImportReport:
        raw = await data.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput("The file is not UTF-8 text.", "file") from error
        ids = await csvio.import_models(request.user, csvio.parse(text))
        return ImportReport(created=len(ids), ids=ids)

    @get(
        "/export.csv",
        operation_id="exportInterpreters",
        summary="Export the registry as CSV (includes restricted identity fields)",
    )
    async def export_csv(self, request: Request[Principal, Any, Any]) -> Response[str]:
        return Response(
            await csvio.export(request.user),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="interpreters.csv"'},
        )

    @get(
        "/coverage",
        operation_id="coverage",
        summary="Vetted, credentialed interpreters per language and country; expiries in 90 days",
    )
    async def coverage_report(self, on: FromQuery[date | None] = None) -> CoverageOut:
        return await coverage.coverage(on or today())

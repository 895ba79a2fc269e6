"""Availability routes: an interpreter's rules, VAVAILABILITY files, free/busy."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody, PathParameter
from litestar.status_codes import HTTP_201_CREATED

from interpreters.availability import query, service
from interpreters.availability.schemas import (
    MAX_WEEKLY_WINDOWS,
    AvailabilityOut,
    FreeBusyOut,
    FreeBusyQuery,
    ImportedAvailability,
    LimitsIn,
    OverrideIn,
    TimeOffIn,
    WeeklyWindowIn,
)
from interpreters.guards import requires, signed_in
from interpreters.principal import Principal, Role
from interpreters.validation import MAX_ID, json_list_body

keepers = requires(Role.COORDINATOR, Role.INTERPRETER)
AnyRequest = Request[Principal, Any, Any]
Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
CALENDAR = "text/calendar; charset=utf-8"


class AvailabilityController(Controller):
    path = "/api/v1/interpreters/{interpreter_id:int}/availability"
    tags = ["availability"]
    guards = [keepers]

    @get(
        "/",
        operation_id="getAvailability",
        summary="An interpreter's weekly windows, overrides, time off and limits",
    )
    async def get_availability(self, request: AnyRequest, interpreter_id: Id) -> AvailabilityOut:
        return await service.get_availability(request.user, interpreter_id)

    @put(
        "/weekly",
        operation_id="replaceWeeklyAvailability",
        summary="Replace the weekly windows (local times; overlapping windows are merged)",
    )
    async def replace_weekly(
        self,
        request: AnyRequest,
        interpreter_id: Id,
        data: Annotated[list[WeeklyWindowIn], json_list_body(MAX_WEEKLY_WINDOWS)],
    ) -> AvailabilityOut:
        return await service.replace_weekly(request.user, interpreter_id, data)

    @put(
        "/limits", operation_id="setWorkingLimits", summary="Set notice, buffer and fatigue limits"
    )
    async def set_limits(
        self, request: AnyRequest, interpreter_id: Id, data: JSONBody[LimitsIn]
    ) -> AvailabilityOut:
        return await service.set_limits(request.user, interpreter_id, data)

    @put(
        "/overrides/{day:date}",
        operation_id="setDateOverride",
        summary="Extra windows on a local date, or the whole date unavailable",
    )
    async def set_override(
        self,
        request: AnyRequest,
        interpreter_id: Id,
        day: FromPath[date],
        data: JSONBody[OverrideIn],
    ) -> AvailabilityOut:
        return await service.set_override(request.user, interpreter_id, day, data)

    @delete(
        "/overrides/{day:date}",
        operation_id="deleteDateOverride",
        summary="Remove a date override",
        status_code=200,
    )
    async def delete_override(
        self, request: AnyRequest, interpreter_id: Id, day: FromPath[date]
    ) -> AvailabilityOut:
        return await service.delete_override(request.user, interpreter_id, day)

    @post(
        "/time-off",
        operation_id="addTimeOff",
        summary="Add time off: whole local days or a span of instants",
        status_code=HTTP_201_CREATED,
    )
    async def add_time_off(
        self, request: AnyRequest, interpreter_id: Id, data: JSONBody[TimeOffIn]
    ) -> AvailabilityOut:
        return await service.add_time_off(request.user, interpreter_id, data)

    @delete(
        "/time-off/{time_off_id:int}",
        operation_id="deleteTimeOff",
        summary="Remove a time off",
        status_code=200,
    )
    async def delete_time_off(
        self, request: AnyRequest, interpreter_id: Id, time_off_id: Id
    ) -> AvailabilityOut:
        return await service.delete_time_off(request.user, interpreter_id, time_off_id)

    @get(
        "/export.ics",
        operation_id="exportAvailability",
        summary="The availability as an RFC 7953 VAVAILABILITY file",
    )
    async def export_ics(self, request: AnyRequest, interpreter_id: Id) -> Response[bytes]:
        return Response(
            await service.export_availability(request.user, interpreter_id),
            media_type=CALENDAR,
            headers={
                "content-disposition": f'attachment; filename="availability-{interpreter_id}.ics"'
            },
        )

    @post(
        "/import",
        operation_id="importAvailability",
        summary="Replace windows, overrides and time off with a VAVAILABILITY file's",
        status_code=200,
    )
    async def import_ics(
        self, request: AnyRequest, interpreter_id: Id, data: MultipartBody[UploadFile]
    ) -> ImportedAvailability:
        return await service.import_availability(request.user, interpreter_id, await data.read())


async def free_busy_query(
    interpreter: FromQuery[list[str]],
    start: FromQuery[str | None] = None,
    end: FromQuery[str | None] = None,
    days: FromQuery[str | None] = None,
    tz: FromQuery[str | None] = None,
    urgent: FromQuery[str | None] = None,
) -> FreeBusyQuery:
    """The question of both free/busy routes, validated by the pydantic model so that
    errors read like those of request bodies."""
    given = {"start": start, "end": end, "days": days, "tz": tz, "urgent": urgent}
    return FreeBusyQuery.model_validate(
        {"interpreter": interpreter, **{k: v for k, v in given.items() if v is not None}}
    )


class FreeBusyController(Controller):
    path = "/api/v1/freebusy"
    tags = ["availability"]
    guards = [signed_in]
    dependencies = {"asked": Provide(free_busy_query)}

    @get(
        "/",
        operation_id="freeBusy",
        summary="Free intervals of one or more interpreters, in the viewer's zone (?tz=)",
    )
    async def free_busy(
        self, request: AnyRequest, asked: NamedDependency[FreeBusyQuery]
    ) -> FreeBusyOut:
        return await query.free_busy(request.user, asked)

    @get(
        "/ics",
        operation_id="freeBusyCalendar",
        summary="The same free/busy as an iCalendar VFREEBUSY",
    )
    async def free_busy_ics(
        self, request: AnyRequest, asked: NamedDependency[FreeBusyQuery]
    ) -> Response[bytes]:
        calendar = await query.free_busy_calendar(request.user, asked)
        return Response(calendar, media_type=CALENDAR)

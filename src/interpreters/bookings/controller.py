"""Interpretation requests, the credential rules they follow, and the rooms they hold."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from interpreters import registry
from interpreters.bookings import (
    booking,
    facilities,
    lifecycle,
    reschedule,
    restaff,
    service,
    vetting,
)
from interpreters.bookings.schemas import (
    AssignIn,
    BookIn,
    CountryKey,
    CredentialRuleIn,
    CredentialRuleOut,
    EventOut,
    FacilityIn,
    FacilityOut,
    FacilityQuery,
    FacilityUpdate,
    HoldsOut,
    HoldsQuery,
    NoteIn,
    ReasonIn,
    RequestIn,
    RequestOut,
    RequestPage,
    RescheduleIn,
    RuleKey,
)
from interpreters.guards import requires
from interpreters.principal import Principal, Role
from interpreters.sessions import RequestStatus
from interpreters.validation import MAX_ID, Id

AnyRequest = Request[Principal, Any, Any]
requesters = requires(Role.PROSECUTOR, Role.COURT)
readers = requires(Role.PROSECUTOR, Role.COURT, Role.COORDINATOR)
coordinators = requires(Role.COORDINATOR)


class RequestController(Controller):
    path = "/api/v1/requests"
    tags = ["bookings"]

    @post(
        "/",
        guards=[requesters],
        operation_id="createRequest",
        summary="Ask for an interpreter (pseudonyms only: no victim's name or contact data)",
        status_code=HTTP_201_CREATED,
    )
    async def create_request(self, request: AnyRequest, data: JSONBody[RequestIn]) -> RequestOut:
        return await service.create_request(request.user, data)

    @get(
        "/",
        guards=[readers],
        operation_id="listRequests",
        summary="Requests of the viewer's institution, or of a coordinator's countries "
        "(open=true: those still to be filled)",
    )
    async def list_requests(
        self,
        request: AnyRequest,
        status: FromQuery[RequestStatus | None] = None,
        unfilled: Annotated[bool | None, QueryParameter(name="open")] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
        offset: Annotated[int, QueryParameter(ge=0, le=MAX_ID)] = 0,
    ) -> RequestPage:
        return await service.list_requests(request.user, status, unfilled, limit, offset)

    @get("/{request_id:int}", guards=[readers], operation_id="getRequest", summary="One request")
    async def get_request(self, request: AnyRequest, request_id: Id) -> RequestOut:
        return await service.get_request(request.user, request_id)

    @post(
        "/{request_id:int}/booking",
        guards=[readers],
        operation_id="bookInterpreter",
        summary="Book an interpreter, a team or a relay who meet every need and are free",
        status_code=HTTP_201_CREATED,
    )
    async def book(self, request: AnyRequest, request_id: Id, data: JSONBody[BookIn]) -> RequestOut:
        return await booking.book(request.user, request_id, data)

    @post(
        "/{request_id:int}/assign",
        guards=[coordinators],
        operation_id="assignInterpreter",
        summary="A coordinator books interpreters by hand, or replaces those of a confirmed "
        "request",
        status_code=200,
    )
    async def assign(
        self, request: AnyRequest, request_id: Id, data: JSONBody[AssignIn]
    ) -> RequestOut:
        return await booking.assign(request.user, request_id, data)

    @post(
        "/{request_id:int}/restaff",
        guards=[readers],
        operation_id="restaffRequest",
        summary="Replace, in one action, each interpreter of a confirmed session who may no "
        "longer interpret it (vetting withdrawn, background check lapsing) by the best-ranked "
        "one free at the same time",
        status_code=200,
    )
    async def restaff_session(self, request: AnyRequest, request_id: Id) -> RequestOut:
        return await restaff.restaff(request.user, request_id)

    @post(
        "/{request_id:int}/reschedule",
        guards=[readers],
        operation_id="rescheduleRequest",
        summary="Move the session to another time, keeping its interpreters and room if free",
        status_code=200,
    )
    async def reschedule_request(
        self, request: AnyRequest, request_id: Id, data: JSONBody[RescheduleIn]
    ) -> RequestOut:
        return await reschedule.reschedule(request.user, request_id, data)

    @post(
        "/{request_id:int}/cancel",
        guards=[readers],
        operation_id="cancelRequest",
        summary="Cancel, with a reason; frees the interpreter (late if close to the start)",
        status_code=200,
    )
    async def cancel(
        self, request: AnyRequest, request_id: Id, data: JSONBody[ReasonIn]
    ) -> RequestOut:
        return await lifecycle.cancel(request.user, request_id, data.reason)

    @post(
        "/{request_id:int}/complete",
        guards=[readers],
        operation_id="completeRequest",
        summary="Mark a booked session that has ended as completed",
        status_code=200,
    )
    async def complete(self, request: AnyRequest, request_id: Id) -> RequestOut:
        return await lifecycle.complete(request.user, request_id)

    @post(
        "/{request_id:int}/no-show",
        guards=[readers],
        operation_id="noShow",
        summary="Record that a booked session that has started did not take place",
        status_code=200,
    )
    async def no_show(
        self, request: AnyRequest, request_id: Id, data: JSONBody[NoteIn]
    ) -> RequestOut:
        return await lifecycle.no_show(request.user, request_id, data.note)

    @get(
        "/{request_id:int}/history",
        guards=[readers],
        operation_id="requestHistory",
        summary="Every change of the request's status: who, when, why",
    )
    async def history(self, request: AnyRequest, request_id: Id) -> list[EventOut]:
        return await lifecycle.history(request.user, request_id)


async def rule_key(country: FromPath[str], session_kind: FromPath[str]) -> RuleKey:
    """Both path parts, checked like a body so that errors name them."""
    return RuleKey.model_validate({"country": country, "session_kind": session_kind})


class VettingController(Controller):
    """Vetting decisions: here, not in the registry, because a withdrawn vetting reaches the
    sessions the interpreter is booked for."""

    path = "/api/v1/interpreters"
    tags = ["registry"]

    @post(
        "/{interpreter_id:int}/vetting",
        guards=[coordinators],
        operation_id="setVetting",
        summary="Vet, suspend or revoke an interpreter",
        description="Suspending or revoking withdraws the interpreter's open offers, stops "
        "their join links and flags each upcoming session they are booked for to its "
        "requester and the country's coordinators (a notice and an email).",
        status_code=200,
    )
    async def set_vetting(
        self, request: AnyRequest, interpreter_id: Id, data: JSONBody[registry.VettingIn]
    ) -> registry.InterpreterOut:
        return await vetting.set_vetting(request.user, interpreter_id, data)


class CredentialRuleController(Controller):
    path = "/api/v1/credential-rules/{country:str}"
    tags = ["bookings"]

    @get(
        "/",
        guards=[readers],
        operation_id="credentialRules",
        summary="The credentials each kind of session needs in a country",
    )
    async def credential_rules(
        self, request: AnyRequest, country: FromPath[str]
    ) -> list[CredentialRuleOut]:
        key = CountryKey.model_validate({"country": country})
        return await service.credential_rules(request.user, key.country)

    @put(
        "/{session_kind:str}",
        guards=[coordinators],
        operation_id="setCredentialRule",
        summary="A country's own credential requirement for one kind of session",
        dependencies={"key": Provide(rule_key)},
    )
    async def set_rule(
        self, request: AnyRequest, key: NamedDependency[RuleKey], data: JSONBody[CredentialRuleIn]
    ) -> list[CredentialRuleOut]:
        return await service.set_credential_rule(request.user, key.country, key.session_kind, data)

    @delete(
        "/{session_kind:str}",
        guards=[coordinators],
        operation_id="resetCredentialRule",
        summary="Return a country's requirement for one kind of session to the default",
        status_code=200,
        dependencies={"key": Provide(rule_key)},
    )
    async def reset_rule(
        self, request: AnyRequest, key: NamedDependency[RuleKey]
    ) -> list[CredentialRuleOut]:
        return await service.set_credential_rule(request.user, key.country, key.session_kind, None)


class FacilityController(Controller):
    path = "/api/v1/facilities"
    tags = ["bookings"]

    @get(
        "/",
        guards=[readers],
        operation_id="listFacilities",
        summary="Rooms of the viewer's country, or of a coordinator's countries",
    )
    async def list_facilities(
        self,
        request: AnyRequest,
        country: FromQuery[str | None] = None,
        active: FromQuery[str | None] = None,
    ) -> list[FacilityOut]:
        given = {"country": country, "active": active}
        query = FacilityQuery.model_validate({k: v for k, v in given.items() if v is not None})
        return await facilities.list_facilities(request.user, query)

    @post(
        "/",
        guards=[coordinators],
        operation_id="createFacility",
        summary="Add a room of a country the coordinator manages",
        status_code=HTTP_201_CREATED,
    )
    async def create_facility(self, request: AnyRequest, data: JSONBody[FacilityIn]) -> FacilityOut:
        return await facilities.create_facility(request.user, data)

    @patch(
        "/{facility_id:int}",
        guards=[coordinators],
        operation_id="updateFacility",
        summary="Rename a room, change its kind, city or zone, or retire it (active=false)",
    )
    async def update_facility(
        self, request: AnyRequest, facility_id: Id, data: JSONBody[FacilityUpdate]
    ) -> FacilityOut:
        return await facilities.update_facility(request.user, facility_id, data)

    @get(
        "/{facility_id:int}/holds",
        guards=[readers],
        operation_id="facilityHolds",
        summary="The sessions holding a room, in the room's zone (no case or victim data)",
    )
    async def holds(
        self,
        request: AnyRequest,
        facility_id: Id,
        start: FromQuery[str | None] = None,
        days: FromQuery[str | None] = None,
    ) -> HoldsOut:
        given = {"start": start, "days": days}
        query = HoldsQuery.model_validate({k: v for k, v in given.items() if v is not None})
        return await facilities.holds(request.user, facility_id, query)

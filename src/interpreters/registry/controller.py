from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from interpreters.guards import requires, signed_in
from interpreters.principal import Principal, Role
from interpreters.reference import search_languages
from interpreters.registry import search, service
from interpreters.registry.schemas import (
    MAX_SKILLS,
    ConflictIn,
    CredentialIn,
    InterpreterIn,
    InterpreterOut,
    InterpreterPage,
    InterpreterUpdate,
    LanguageOut,
    SearchFilters,
    SkillIn,
)
from interpreters.validation import MAX_ID, json_list_body

coordinators = requires(Role.COORDINATOR)
searchers = requires(Role.COORDINATOR, Role.PROSECUTOR, Role.COURT)
AnyRequest = Request[Principal, Any, Any]
Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


class InterpreterController(Controller):
    path = "/api/v1/interpreters"
    tags = ["registry"]

    @get(
        "/",
        guards=[searchers],
        operation_id="searchInterpreters",
        summary="Search the regional registry",
    )
    async def search_interpreters(
        self,
        request: AnyRequest,
        language: FromQuery[str | None] = None,
        working_language: FromQuery[str | None] = None,
        country: FromQuery[str | None] = None,
        modality: FromQuery[str | None] = None,
        min_proficiency: FromQuery[int | None] = None,
        credential: FromQuery[str | None] = None,
        valid_on: FromQuery[str | None] = None,
        specialisation: FromQuery[str | None] = None,
        gender: FromQuery[str | None] = None,
        vetting_status: FromQuery[str | None] = None,
        name: FromQuery[str | None] = None,
        sort: FromQuery[str] = "name",
        limit: FromQuery[int] = 20,
        offset: FromQuery[int] = 0,
    ) -> InterpreterPage:
        # Validated by the pydantic model so that codes are checked like in request bodies.
        given = {
            "language": language,
            "working_language": working_language,
            "country": country,
            "modality": modality,
            "min_proficiency": min_proficiency,
            "credential": credential,
            "valid_on": valid_on,
            "specialisation": specialisation,
            "gender": gender,
            "vetting_status": vetting_status,
            "name": name,
            "sort": sort,
            "limit": limit,
            "offset": offset,
        }
        filters = SearchFilters.model_validate({k: v for k, v in given.items() if v is not None})
        return await search.search(request.user, filters)

    @post(
        "/",
        guards=[coordinators],
        operation_id="createInterpreter",
        summary="Register an interpreter (as an applicant)",
        status_code=HTTP_201_CREATED,
    )
    async def create_interpreter(
        self, request: AnyRequest, data: JSONBody[InterpreterIn]
    ) -> InterpreterOut:
        return await service.create_interpreter(request.user, data)

    @get(
        "/{interpreter_id:int}",
        guards=[signed_in],
        operation_id="getInterpreter",
        summary="One interpreter's profile (identity for coordinators and the interpreter only)",
    )
    async def get_interpreter(self, request: AnyRequest, interpreter_id: Id) -> InterpreterOut:
        return await service.get_interpreter(request.user, interpreter_id)

    @patch(
        "/{interpreter_id:int}",
        guards=[requires(Role.COORDINATOR, Role.INTERPRETER)],
        operation_id="updateInterpreter",
        summary="Change a profile (interpreters: their own contact details and preferences)",
    )
    async def update_interpreter(
        self, request: AnyRequest, interpreter_id: Id, data: JSONBody[InterpreterUpdate]
    ) -> InterpreterOut:
        return await service.update_interpreter(request.user, interpreter_id, data)

    @put(
        "/{interpreter_id:int}/skills",
        guards=[requires(Role.COORDINATOR, Role.INTERPRETER)],
        operation_id="replaceSkills",
        summary="Replace an interpreter's language skills",
    )
    async def replace_skills(
        self,
        request: AnyRequest,
        interpreter_id: Id,
        data: Annotated[list[SkillIn], json_list_body(MAX_SKILLS)],
    ) -> InterpreterOut:
        return await service.replace_skills(request.user, interpreter_id, data)

    @post(
        "/{interpreter_id:int}/credentials",
        guards=[requires(Role.COORDINATOR, Role.INTERPRETER)],
        operation_id="addCredential",
        summary="Add a credential (unverified until a coordinator verifies it)",
        status_code=HTTP_201_CREATED,
    )
    async def add_credential(
        self, request: AnyRequest, interpreter_id: Id, data: JSONBody[CredentialIn]
    ) -> InterpreterOut:
        return await service.add_credential(request.user, interpreter_id, data)

    @put(
        "/{interpreter_id:int}/credentials/{credential_id:int}",
        guards=[requires(Role.COORDINATOR, Role.INTERPRETER)],
        operation_id="updateCredential",
        summary="Change a credential (it returns to unverified)",
    )
    async def update_credential(
        self,
        request: AnyRequest,
        interpreter_id: Id,
        credential_id: Id,
        data: JSONBody[CredentialIn],
    ) -> InterpreterOut:
        return await service.update_credential(request.user, interpreter_id, credential_id, data)

    @delete(
        "/{interpreter_id:int}/credentials/{credential_id:int}",
        guards=[requires(Role.COORDINATOR, Role.INTERPRETER)],
        operation_id="deleteCredential",
        summary="Remove a credential",
        status_code=200,
    )
    async def delete_credential(
        self, request: AnyRequest, interpreter_id: Id, credential_id: Id
    ) -> InterpreterOut:
        return await service.delete_credential(request.user, interpreter_id, credential_id)

    @post(
        "/{interpreter_id:int}/credentials/{credential_id:int}/verify",
        guards=[coordinators],
        operation_id="verifyCredential",
        summary="Mark a credential as verified by the signed-in coordinator",
        status_code=200,
    )
    async def verify_credential(
        self, request: AnyRequest, interpreter_id: Id, credential_id: Id
    ) -> InterpreterOut:
        return await service.verify_credential(request.user, interpreter_id, credential_id)

    @post(
        "/{interpreter_id:int}/conflicts",
        guards=[requires(Role.COORDINATOR, Role.INTERPRETER)],
        operation_id="declareConflict",
        summary="Declare a conflict of interest (readable by coordinators only)",
        status_code=HTTP_201_CREATED,
    )
    async def declare_conflict(
        self, request: AnyRequest, interpreter_id: Id, data: JSONBody[ConflictIn]
    ) -> dict[str, int]:
        return {"id": await service.declare_conflict(request.user, interpreter_id, data)}


class LanguageController(Controller):
    path = "/api/v1/languages"
    tags = ["reference"]

    @get(
        "/",
        guards=[signed_in],
        operation_id="searchLanguages",
        summary="Search ISO 639-3 languages by code or Spanish or English name",
    )
    async def search_languages(
        self,
        q: Annotated[str, QueryParameter(min_length=1, max_length=60)],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 20,
    ) -> list[LanguageOut]:
        return [
            LanguageOut(
                code=lang.code,
                name_en=lang.name_en,
                name_es=lang.name_es,
                is_sign_language=lang.is_sign_language,
            )
            for lang in search_languages(q, limit)
        ]

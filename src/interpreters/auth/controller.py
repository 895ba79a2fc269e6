from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from interpreters.auth import service
from interpreters.auth.middleware import SESSION_COOKIE, SessionAuth
from interpreters.auth.schemas import (
    InstitutionIn,
    InstitutionOut,
    LoginIn,
    LoginOut,
    MeOut,
    UserIn,
    UserOut,
)
from interpreters.guards import public, requires, signed_in
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings


def me_out(principal: Principal) -> MeOut:
    return MeOut(
        user_id=principal.user_id,
        email=principal.email,
        display_name=principal.display_name,
        role=principal.role,
        language=principal.language,
        country=principal.country,
        institution_id=principal.institution_id,
        interpreter_id=principal.interpreter_id,
        countries=sorted(principal.countries),
    )


_LOGIN_LIMITS = (
    "At most {settings.login_attempts_per_minute} attempts a minute from one client address, "
    "and {settings.login_attempts_per_account} attempts on one account (known or not) in "
    "{settings.login_account_window_minutes} minutes; a success clears the account's count. "
    "Every server process counts against the same limits."
)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    # Excluded from the session middleware: signing in again over a stale cookie must work.
    @post(
        "/login",
        guards=[public],
        exclude_from_auth=True,
        operation_id="login",
        summary="Sign in",
        description=_LOGIN_LIMITS.format(settings=get_settings()),
        status_code=200,
        responses={
            429: ResponseSpec(
                None,
                description="Too many attempts; `Retry-After` says how many seconds to wait.",
                media_type="application/problem+json",
            )
        },
    )
    async def login(
        self, request: Request[Any, Any, Any], data: JSONBody[LoginIn]
    ) -> Response[LoginOut]:
        service.refuse_cross_site_login(
            request.content_type[0], request.headers.get("sec-fetch-site", "")
        )
        client = request.client.host if request.client else ""
        kind = service.API if data.issue_token else service.BROWSER
        issued = await service.login(data.email, data.password, kind, client)
        me = me_out(issued.principal)
        if data.issue_token:
            return Response(LoginOut(user=me, token=issued.token))
        cookie = Cookie(
            key=SESSION_COOKIE,
            value=issued.token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
            max_age=get_settings().session_hours * 3600,
        )
        return Response(LoginOut(user=me, csrf_token=issued.csrf_token), cookies=[cookie])

    @post(
        "/logout",
        guards=[signed_in],
        operation_id="logout",
        summary="Sign out and end this session",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def logout(self, request: Request[Principal, SessionAuth, Any]) -> Response[None]:
        await service.logout(request.user, request.auth.token)
        return Response(
            None,
            status_code=HTTP_204_NO_CONTENT,
            cookies=[Cookie(key=SESSION_COOKIE, value="", path="/", max_age=0, httponly=True)],
        )

    @get(
        "/me",
        guards=[signed_in],
        operation_id="me",
        summary="The signed-in account, with the CSRF token a reloaded page needs",
    )
    async def me(self, request: Request[Principal, SessionAuth, Any]) -> LoginOut:
        return LoginOut(user=me_out(request.user), csrf_token=request.auth.csrf_token)


class InstitutionController(Controller):
    path = "/api/v1/institutions"
    tags = ["institutions"]

    @get(
        "/",
        guards=[requires(Role.COORDINATOR, Role.PROSECUTOR, Role.COURT)],
        operation_id="listInstitutions",
        summary="Institutions (prosecutors and courts see their own country)",
    )
    async def list_institutions(
        self, request: Request[Principal, Any, Any]
    ) -> list[InstitutionOut]:
        rows = await service.list_institutions(request.user)
        return [InstitutionOut(**row) for row in rows]

    @post(
        "/",
        guards=[requires(Role.COORDINATOR)],
        operation_id="createInstitution",
        summary="Register a prosecutors' office or a court",
        status_code=HTTP_201_CREATED,
    )
    async def create_institution(
        self, request: Request[Principal, Any, Any], data: JSONBody[InstitutionIn]
    ) -> InstitutionOut:
        return InstitutionOut(**await service.create_institution(request.user, data))


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]
    guards = [requires(Role.COORDINATOR)]

    @get("/", operation_id="listUsers", summary="All accounts")
    async def list_users(self, request: Request[Principal, Any, Any]) -> list[UserOut]:
        return [UserOut(**row) for row in await service.list_users(request.user)]

    @post("/", operation_id="createUser", summary="Create an account", status_code=HTTP_201_CREATED)
    async def create_user(
        self, request: Request[Principal, Any, Any], data: JSONBody[UserIn]
    ) -> UserOut:
        return UserOut(**await service.create_user(request.user, data))

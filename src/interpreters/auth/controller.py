from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import Cookie
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from interpreters.auth import lifecycle, service
from interpreters.auth.middleware import SESSION_COOKIE, SessionAuth
from interpreters.auth.schemas import (
    ChangePasswordIn,
    InstitutionIn,
    InstitutionOut,
    LoginIn,
    LoginOut,
    MeOut,
    SessionOut,
    SetPasswordIn,
)
from interpreters.guards import public, requires, signed_in
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings
from interpreters.validation import Id


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
        device = request.headers.get("user-agent", "")
        issued = await service.login(data.email, data.password, kind, client, device)
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

    @get(
        "/sessions",
        guards=[signed_in],
        operation_id="listMySessions",
        summary="My browser sessions and API tokens: device, address, last use",
    )
    async def list_sessions(
        self, request: Request[Principal, SessionAuth, Any]
    ) -> list[SessionOut]:
        rows = await service.list_sessions(request.user, request.auth.token)
        return [SessionOut(**row) for row in rows]

    @delete(
        "/sessions/{session_id:int}",
        guards=[signed_in],
        operation_id="endMySession",
        summary="End one of my sessions or API tokens",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def end_session(self, request: Request[Principal, Any, Any], session_id: Id) -> None:
        await service.end_session(request.user, session_id)

    @put(
        "/password",
        guards=[signed_in],
        operation_id="changeMyPassword",
        summary="Change my password; my other sessions and API tokens end",
        description=_LOGIN_LIMITS.format(settings=get_settings()),
        status_code=HTTP_204_NO_CONTENT,
    )
    async def change_password(
        self, request: Request[Principal, SessionAuth, Any], data: JSONBody[ChangePasswordIn]
    ) -> None:
        await lifecycle.change_password(
            request.user,
            service.token_hash(request.auth.token),
            data.current_password,
            data.new_password,
        )

    # Public: the link's token is the credential. Excluded from the session middleware so
    # that a stale cookie of another account does not get in the way.
    @post(
        "/password/link",
        guards=[public],
        exclude_from_auth=True,
        operation_id="setPasswordFromLink",
        summary="Set a password with the token of an invitation's or a reset's link",
        description="Every session of the account ends. A link works once, until it expires.",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def set_password(
        self, request: Request[Any, Any, Any], data: JSONBody[SetPasswordIn]
    ) -> None:
        client = request.client.host if request.client else ""
        await lifecycle.set_password(data.token, data.password, client)


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

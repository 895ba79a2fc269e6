from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import CacheControlHeader, Cookie
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from interpreters.auth import lifecycle, passkeys, second_factor, service
from interpreters.auth.middleware import SESSION_COOKIE, SessionAuth
from interpreters.auth.schemas import (
    ChangePasswordIn,
    CodeIn,
    InstitutionIn,
    InstitutionOut,
    LoginIn,
    LoginOut,
    MeOut,
    PasskeyAddedOut,
    PasskeyAddIn,
    PasskeyAnswerIn,
    PasskeyOptionsOut,
    PasskeyOut,
    RecoveryCodesOut,
    SecondFactorOut,
    SessionOut,
    SetPasswordIn,
    TotpSetupOut,
)
from interpreters.guards import public, requires, signed_in, signing_in
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
        stage=principal.stage,
    )


def _browser_session(
    request: Request[Any, Any, Any], issued: service.IssuedSession
) -> Response[LoginOut]:
    """The answer that hands a browser its session: the cookie, and the CSRF token."""
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=issued.token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        max_age=math.ceil((issued.expires_at - datetime.now(UTC)).total_seconds()),
    )
    me = me_out(issued.principal)
    return Response(LoginOut(user=me, csrf_token=issued.csrf_token), cookies=[cookie])


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
        issued = await service.login(data.email, data.password, kind, client, device, data.code)
        me = me_out(issued.principal)
        if data.issue_token:
            return Response(LoginOut(user=me, token=issued.token))
        return _browser_session(request, issued)

    @post(
        "/logout",
        guards=[signing_in],
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
        guards=[signing_in],
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
        await lifecycle.change_password(request.user, service.token_hash(request.auth.token), data)

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

    @post(
        "/passkey/options",
        guards=[public],
        exclude_from_auth=True,
        operation_id="passkeySignInOptions",
        summary="A challenge for signing in with a passkey alone",
        description="Answered within 5 minutes, once, at `/api/v1/auth/passkey/login`. At "
        f"most {get_settings().login_attempts_per_minute} a minute from one client address.",
        status_code=200,
    )
    async def passkey_options(self, request: Request[Any, Any, Any]) -> PasskeyOptionsOut:
        ceremony = await service.passkey_sign_in_options(_client(request))
        return PasskeyOptionsOut(ticket=ceremony.ticket, options=ceremony.options)

    @post(
        "/passkey/login",
        guards=[public],
        exclude_from_auth=True,
        operation_id="loginWithPasskey",
        summary="Sign in with a passkey alone (it verifies the person itself)",
        description=_LOGIN_LIMITS.format(settings=get_settings()),
        status_code=200,
    )
    async def passkey_login(
        self, request: Request[Any, Any, Any], data: JSONBody[PasskeyAnswerIn]
    ) -> Response[LoginOut]:
        service.refuse_cross_site_login(
            request.content_type[0], request.headers.get("sec-fetch-site", "")
        )
        device = request.headers.get("user-agent", "")
        issued = await service.login_with_passkey(data, _client(request), device)
        return _browser_session(request, issued)


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else ""


class SecondFactorController(Controller):
    """Setting up and giving the second factor; open before it is done."""

    path = "/api/v1/auth/second-factor"
    tags = ["auth"]
    guards = [signing_in]

    @get("/", operation_id="mySecondFactor", summary="Whether I have a second factor")
    async def status(self, request: Request[Principal, Any, Any]) -> SecondFactorOut:
        roles = get_settings().second_factor_roles
        return SecondFactorOut(**await second_factor.status(request.user, roles))

    @post(
        "/totp",
        operation_id="beginTotp",
        summary="Start setting up an authenticator app: its secret and otpauth URI",
        status_code=HTTP_201_CREATED,
    )
    async def begin(self, request: Request[Principal, Any, Any]) -> TotpSetupOut:
        setup = await second_factor.begin(request.user)
        return TotpSetupOut(secret=setup.secret, uri=setup.uri)

    @get(
        "/totp/qr.svg",
        operation_id="totpQrCode",
        summary="The QR code of the authenticator app being set up",
        media_type="image/svg+xml",
        # A secret: never kept by a cache.
        cache_control=CacheControlHeader(no_store=True),
    )
    async def qr_code(self, request: Request[Principal, Any, Any]) -> Response[bytes]:
        return Response(await second_factor.qr_svg(request.user), media_type="image/svg+xml")

    @post(
        "/totp/confirm",
        operation_id="confirmTotp",
        summary="Confirm the app with its first code; the recovery codes, shown this once",
        description=_LOGIN_LIMITS.format(settings=get_settings()),
        status_code=200,
    )
    async def confirm(
        self, request: Request[Principal, SessionAuth, Any], data: JSONBody[CodeIn]
    ) -> RecoveryCodesOut:
        codes = await second_factor.confirm(
            request.user, data.code, service.token_hash(request.auth.token)
        )
        return RecoveryCodesOut(recovery_codes=codes)

    @post(
        "/verify",
        operation_id="giveSecondFactor",
        summary="Finish signing in with the app's code or a recovery code",
        description="The session is replaced by a new one (a new cookie). "
        + _LOGIN_LIMITS.format(settings=get_settings()),
        status_code=200,
    )
    async def verify(
        self, request: Request[Principal, SessionAuth, Any], data: JSONBody[CodeIn]
    ) -> Response[LoginOut]:
        issued = await service.give_second_factor(request.user, request.auth.token, data.code)
        return _browser_session(request, issued)

    @post(
        "/passkeys/options",
        operation_id="passkeyRegistrationOptions",
        summary="Start adding a passkey: the options for the browser to create it",
        description="Answered within 5 minutes, once, at `/api/v1/auth/second-factor/passkeys`.",
        status_code=200,
    )
    async def passkey_registration(
        self, request: Request[Principal, Any, Any]
    ) -> PasskeyOptionsOut:
        ceremony = await second_factor.passkey_registration(request.user)
        return PasskeyOptionsOut(ticket=ceremony.ticket, options=ceremony.options)

    @post(
        "/passkeys",
        operation_id="addPasskey",
        summary="Add the passkey the browser created; the recovery codes if it is the first "
        "second factor",
        status_code=HTTP_201_CREATED,
    )
    async def add_passkey(
        self, request: Request[Principal, SessionAuth, Any], data: JSONBody[PasskeyAddIn]
    ) -> PasskeyAddedOut:
        passkey, codes = await second_factor.add_passkey(
            request.user,
            data.ticket,
            data.credential.model_dump(exclude_none=True),
            data.name,
            service.token_hash(request.auth.token),
        )
        return PasskeyAddedOut(passkey=PasskeyOut(**passkey), recovery_codes=codes)

    @post(
        "/passkey/options",
        operation_id="passkeyChallenge",
        summary="A challenge for one of my passkeys: to finish signing in, or to confirm a "
        "change of password",
        status_code=200,
    )
    async def passkey_challenge(self, request: Request[Principal, Any, Any]) -> PasskeyOptionsOut:
        ceremony = await second_factor.passkey_challenge(request.user)
        return PasskeyOptionsOut(ticket=ceremony.ticket, options=ceremony.options)

    @post(
        "/passkey/verify",
        operation_id="givePasskey",
        summary="Finish signing in with one of my passkeys",
        description="The session is replaced by a new one (a new cookie). "
        + _LOGIN_LIMITS.format(settings=get_settings()),
        status_code=200,
    )
    async def verify_passkey(
        self, request: Request[Principal, SessionAuth, Any], data: JSONBody[PasskeyAnswerIn]
    ) -> Response[LoginOut]:
        issued = await service.give_passkey(request.user, request.auth.token, data)
        return _browser_session(request, issued)

    @get(
        "/passkeys",
        guards=[signed_in],
        operation_id="listMyPasskeys",
        summary="My passkeys",
    )
    async def list_passkeys(self, request: Request[Principal, Any, Any]) -> list[PasskeyOut]:
        return [PasskeyOut(**row) for row in await passkeys.list_passkeys(request.user.user_id)]

    @delete(
        "/passkeys/{passkey_id:int}",
        guards=[signed_in],
        operation_id="removeMyPasskey",
        summary="Remove one of my passkeys (not the last second factor my role needs)",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove_passkey(self, request: Request[Principal, Any, Any], passkey_id: Id) -> None:
        roles = get_settings().second_factor_roles
        await second_factor.remove_passkey(request.user, passkey_id, roles)

    @post(
        "/recovery-codes",
        guards=[signed_in],
        operation_id="renewRecoveryCodes",
        summary="New recovery codes, shown this once; the old ones stop working",
        status_code=200,
    )
    async def renew_recovery_codes(self, request: Request[Principal, Any, Any]) -> RecoveryCodesOut:
        return RecoveryCodesOut(
            recovery_codes=await second_factor.regenerate_recovery_codes(request.user)
        )


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

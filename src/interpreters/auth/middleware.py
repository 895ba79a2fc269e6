"""Finds the principal behind a bearer token or a session cookie; checks CSRF for cookies."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import Scope

from interpreters import audit, db
from interpreters.auth import service
from interpreters.errors import Forbidden, NotAuthenticated
from interpreters.principal import Principal

SESSION_COOKIE = "session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class SessionAuth:
    """`request.auth`: the presented token and, for a browser session, its CSRF token."""

    token: str
    csrf_token: str | None


class AuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        client = connection.client.host if connection.client else ""
        authorization = connection.headers.get("authorization", "")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            found = await service.authenticate(token.strip(), service.API, client)
            if scheme.lower() != "bearer" or found is None:
                raise NotAuthenticated("The bearer token is invalid or has expired.")
            return AuthenticationResult(user=found[0], auth=SessionAuth(token.strip(), None))
        cookie = connection.cookies.get(SESSION_COOKIE)
        if not cookie:
            return AuthenticationResult(user=None, auth=None)
        found = await service.authenticate(cookie, service.BROWSER, client)
        if found is None:
            # An expired cookie is the same as none: public pages still work.
            return AuthenticationResult(user=None, auth=None)
        principal, csrf_token = found
        method = connection.scope.get("method", "GET")
        sent = connection.headers.get(CSRF_HEADER, "")
        if method not in SAFE_METHODS and not hmac.compare_digest(
            sent.encode(), csrf_token.encode()
        ):
            raise Forbidden("Missing or wrong CSRF token (send the X-CSRF-Token header).")
        return AuthenticationResult(user=principal, auth=SessionAuth(cookie, csrf_token))


async def record_skipped_second_factor(exception: Exception, scope: Scope) -> None:
    """A call that skips the second factor (the API used directly before it is given or
    set up) is refused by the route's guard; it is recorded here, where the audit log may be
    written (the guards stand below it)."""
    principal = scope.get("user")
    if (
        isinstance(exception, Forbidden)
        and isinstance(principal, Principal)
        and principal.stage != service.FULL
    ):
        async with db.transaction():
            await audit.record(principal, "second_factor_skipped", "user", principal.user_id)

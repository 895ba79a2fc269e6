"""Route guards: every route declares one, even the public ones."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from interpreters.errors import Forbidden, NotAuthenticated
from interpreters.principal import Principal, Role


def public(_: ASGIConnection[Any, Any, Any, Any], __: BaseRouteHandler) -> None:
    """Open to anyone: health, sign-in, the API schema and the UI's static files."""


def requires(*roles: Role) -> Guard:
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = connection.scope.get("user")
        if not isinstance(principal, Principal):
            raise NotAuthenticated("Sign in to use this resource.")
        if principal.role not in allowed:
            raise Forbidden("The {role} role may not use this resource.", role=principal.role.value)

    guard.__name__ = "requires_" + "_".join(sorted(allowed))
    return guard


signed_in = requires(*Role)

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


def requires(*roles: Role, while_signing_in: bool = False) -> Guard:
    """Open to the `roles`, once signed in with the second factor too (or, with
    `while_signing_in`, on the way there: setting it up or giving its code)."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = connection.scope.get("user")
        if not isinstance(principal, Principal):
            raise NotAuthenticated("Sign in to use this resource.")
        if principal.role not in allowed:
            raise Forbidden("The {role} role may not use this resource.", role=principal.role.value)
        if while_signing_in or principal.stage == "full":
            return
        if principal.stage == "enrol":
            raise Forbidden("Set up your second factor before anything else.")
        raise Forbidden("Give the code of your second factor first.")

    guard.__name__ = "requires_" + "_".join(sorted(allowed))
    return guard


signed_in = requires(*Role)
# Me, sign-out and the second factor's own routes: open before the second factor is given.
signing_in = requires(*Role, while_signing_in=True)

"""Ranked candidates for a request, with the reasons for each rank."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery

from interpreters.guards import requires
from interpreters.i18n import choose_language
from interpreters.matching import service
from interpreters.matching.schemas import MatchOut, MatchQuery
from interpreters.principal import Principal, Role
from interpreters.validation import Id


async def match_query(
    start: FromQuery[str | None] = None, limit: FromQuery[str | None] = None
) -> MatchQuery:
    """Validated like a body, so that errors name their field and read alike."""
    given = {"start": start, "limit": limit}
    return MatchQuery.model_validate({k: v for k, v in given.items() if v is not None})


class MatchingController(Controller):
    path = "/api/v1/requests/{request_id:int}/candidates"
    tags = ["matching"]
    dependencies = {"asked": Provide(match_query)}

    @get(
        "/",
        guards=[requires(Role.PROSECUTOR, Role.COURT, Role.COORDINATOR)],
        operation_id="matchRequest",
        summary="Interpreters who pass every hard filter and are free, best first, with reasons",
        description=(
            "`start` (the requester's local time without an offset) fixes one start inside "
            "the request's window; otherwise each candidate gets their first free start. "
            "Teams are proposed when the session needs two interpreters, relays through a "
            "pivot language when nobody covers the pair directly. Reasons are in the "
            "language of Accept-Language (Spanish by default)."
        ),
    )
    async def candidates(
        self,
        request: Request[Principal, Any, Any],
        request_id: Id,
        asked: NamedDependency[MatchQuery],
    ) -> MatchOut:
        language = choose_language(request.headers.get("accept-language", ""))
        return await service.match(request.user, request_id, asked.start, asked.limit, language)

"""Whether one interpreter may take one request: the registry's hard filters for the
request's pair (or one leg of a relay) on the session's date.

Matching ranks many candidates with the same rules; a direct booking checks them for the
one chosen, as the interpreter's record may have changed since.
"""

from __future__ import annotations

from datetime import date

from interpreters.registry import Need, require_qualified
from interpreters.sessions.records import RequestRecord


async def require_eligible(
    interpreter_id: int, request: RequestRecord, on: date, language: str, working: str
) -> None:
    """Refuse with a 409 naming the first hard filter the interpreter fails for covering
    `language`–`working` (the request's pair, or one leg of a relay)."""
    need = Need(
        language=language,
        other=working,
        avoid=language,
        min_proficiency=request.min_proficiency,
        modality=request.modality,
        required_credentials=request.required_credentials,
        case_reference=request.case_reference,
        first_day=on,
        last_day=on,
    )
    await require_qualified(interpreter_id, need, request.community)

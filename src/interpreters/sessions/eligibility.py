"""Whether one interpreter may take one request: the hard filters, one by one.

Matching ranks many candidates with the same rules; a direct booking checks them for the
one chosen, as the interpreter's record may have changed since.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from interpreters.errors import Conflict
from interpreters.registry import Direction
from interpreters.registry.tables import (
    CaseBlock,
    ConflictOfInterest,
    Credential,
    InterpreterTag,
    LanguageSkill,
)
from interpreters.registry.views import MODALITY, credential_is_valid
from interpreters.sessions.records import RequestRecord


def pair_condition(language: str, working: str, min_proficiency: int) -> Any:
    """A skill that serves a dialogue between the two languages, stored either way round
    (a Belizean interpreter may list Spanish with English as working language), in both
    directions, at the level asked or above."""
    return (
        (
            ((LanguageSkill.language == language) & (LanguageSkill.working_language == working))
            | ((LanguageSkill.language == working) & (LanguageSkill.working_language == language))
        )
        & (LanguageSkill.direction == Direction.BOTH.value)
        & (LanguageSkill.proficiency >= min_proficiency)
    )


def same_community(declared: str, community: str) -> bool:
    return bool(community) and declared.casefold().strip() == community.casefold().strip()


async def require_eligible(
    interpreter_id: int, request: RequestRecord, on: date, language: str, working: str
) -> None:
    """Refuse with a 409 naming the first hard filter the interpreter fails for covering
    `language`–`working` (the request's pair, or one leg of a relay)."""
    skill = await LanguageSkill.exists().where(
        LanguageSkill.interpreter == interpreter_id,
        pair_condition(language, working, request.min_proficiency),
    )
    if not skill:
        raise Conflict(
            "This interpreter does not work between {language} and {working} at level {level}.",
            "interpreter",
            language=language,
            working=working,
            level=request.min_proficiency,
        )
    modality = await InterpreterTag.exists().where(
        InterpreterTag.interpreter == interpreter_id,
        InterpreterTag.kind == MODALITY,
        InterpreterTag.value == request.modality,
    )
    if not modality:
        raise Conflict(
            "This interpreter does not work by {modality}.",
            "interpreter",
            modality=request.modality,
        )
    held = await Credential.select().where(Credential.interpreter == interpreter_id)
    for kinds in request.required_credentials:
        if not any(c["kind"] in kinds and credential_is_valid(c, on) for c in held):
            raise Conflict(
                "This interpreter holds no valid {kinds} credential on the session date.",
                "interpreter",
                kinds=" / ".join(kinds),
            )
    declared = await ConflictOfInterest.select(
        ConflictOfInterest.case_reference, ConflictOfInterest.community
    ).where(ConflictOfInterest.interpreter == interpreter_id)
    if any(
        c["case_reference"] == request.case_reference
        or same_community(c["community"], request.community)
        for c in declared
    ):
        raise Conflict(
            "This interpreter declared a conflict of interest in this case.", "interpreter"
        )
    blocked = await CaseBlock.exists().where(
        CaseBlock.interpreter == interpreter_id,
        CaseBlock.case_reference == request.case_reference,
    )
    if blocked:
        raise Conflict("A coordinator has excluded this interpreter from this case.", "interpreter")

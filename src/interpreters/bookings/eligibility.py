"""Whether one interpreter may take one request: the hard filters, one by one.

Matching ranks many candidates with the same rules; a direct booking checks them for the
one chosen, as the interpreter's record may have changed since.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from interpreters.errors import Conflict
from interpreters.registry.tables import (
    ConflictOfInterest,
    Credential,
    InterpreterTag,
    LanguageSkill,
)
from interpreters.registry.views import MODALITY, credential_is_valid


async def require_eligible(interpreter_id: int, request: dict[str, Any], on: date) -> None:
    """Refuse with a 409 naming the first hard filter the interpreter fails."""
    skill = await LanguageSkill.exists().where(
        LanguageSkill.interpreter == interpreter_id,
        LanguageSkill.language == request["language"],
        LanguageSkill.working_language == request["working_language"],
        LanguageSkill.proficiency >= request["min_proficiency"],
    )
    if not skill:
        raise Conflict(
            "This interpreter does not work between {language} and {working} at level {level}.",
            "interpreter",
            language=request["language"],
            working=request["working_language"],
            level=request["min_proficiency"],
        )
    modality = await InterpreterTag.exists().where(
        InterpreterTag.interpreter == interpreter_id,
        InterpreterTag.kind == MODALITY,
        InterpreterTag.value == request["modality"],
    )
    if not modality:
        raise Conflict(
            "This interpreter does not work by {modality}.",
            "interpreter",
            modality=request["modality"],
        )
    held = await Credential.select().where(Credential.interpreter == interpreter_id)
    for kinds in request["required_credentials"]:
        if not any(c["kind"] in kinds and credential_is_valid(c, on) for c in held):
            raise Conflict(
                "This interpreter holds no valid {kinds} credential on the session date.",
                "interpreter",
                kinds=" / ".join(kinds),
            )
    declared = await ConflictOfInterest.exists().where(
        ConflictOfInterest.interpreter == interpreter_id,
        ConflictOfInterest.case_reference == request["case_reference"],
    )
    if declared:
        raise Conflict(
            "This interpreter declared a conflict of interest in this case.", "interpreter"
        )

"""Coverage: who can serve each language in each country, and what expires soon."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from interpreters.errors import InvalidInput
from interpreters.registry.schemas import CoverageCell, CoverageOut, ExpiringCredential
from interpreters.registry.tables import Credential, Interpreter, InterpreterTag, LanguageSkill
from interpreters.registry.views import COUNTRY, credential_is_valid, vetting_valid_condition

EXPIRY_HORIZON = timedelta(days=90)


async def coverage(on: date) -> CoverageOut:
    """Counts vetted interpreters (valid on `on`) with a valid credential covering the language."""
    if on > date.max - EXPIRY_HORIZON:
        raise InvalidInput("The date is too far in the future.", field="on")
    interpreters = {
        r["id"]: r["display_name"]
        for r in await Interpreter.select(Interpreter.id, Interpreter.display_name).where(
            vetting_valid_condition(on)
        )
    }
    ids = list(interpreters)
    if not ids:
        return CoverageOut(on=on, cells=[], expiring=[])
    credentials = await Credential.select().where(Credential.interpreter.is_in(ids))
    general: set[int] = set()
    by_language: set[tuple[int, str]] = set()
    expiring = []
    for c in credentials:
        if not credential_is_valid(c, on):
            continue
        if c["language"] is None:
            general.add(c["interpreter"])
        else:
            by_language.add((c["interpreter"], c["language"]))
        if c["expires_on"] is not None and c["expires_on"] <= on + EXPIRY_HORIZON:
            expiring.append(
                ExpiringCredential(
                    interpreter_id=c["interpreter"],
                    display_name=interpreters[c["interpreter"]],
                    kind=c["kind"],
                    language=c["language"],
                    expires_on=c["expires_on"],
                )
            )
    served: dict[int, list[str]] = defaultdict(list)
    for tag in await InterpreterTag.select().where(
        InterpreterTag.interpreter.is_in(ids), InterpreterTag.kind == COUNTRY
    ):
        served[tag["interpreter"]].append(tag["value"])
    cells: dict[tuple[str, str], set[int]] = defaultdict(set)
    for skill in await LanguageSkill.select(
        LanguageSkill.interpreter, LanguageSkill.language
    ).where(LanguageSkill.interpreter.is_in(ids)):
        who, language = skill["interpreter"], skill["language"]
        if who in general or (who, language) in by_language:
            for country in served[who]:
                cells[(language, country)].add(who)
    return CoverageOut(
        on=on,
        cells=[
            CoverageCell(language=language, country=country, interpreters=len(people))
            for (language, country), people in sorted(cells.items())
        ],
        expiring=sorted(expiring, key=lambda e: (e.expires_on, e.interpreter_id)),
    )

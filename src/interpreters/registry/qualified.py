"""Who is qualified for a seat: every hard filter the registry holds.

Vetting valid through the session, a skill for the pair in both directions at the level
asked, the modality, each needed credential valid through the session, and no declared
conflict or coordinator's block for the case. Matching asks for every candidate at once
(`candidates`, one query); a booking checks the one chosen (`require_qualified`), as the
record may have changed since. Free time and declared conflicts with the victim's
community are judged afterwards, with `conflicted` and `same_community`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from interpreters.db import ids_in
from interpreters.errors import Conflict
from interpreters.reference import languages
from interpreters.registry.schemas import CredentialKind, Direction
from interpreters.registry.tables import (
    CaseBlock,
    ConflictOfInterest,
    Credential,
    Interpreter,
    InterpreterTag,
    LanguageSkill,
)
from interpreters.registry.views import MODALITY

SWORN = (CredentialKind.COURT_CERTIFIED.value, CredentialKind.SWORN_EXPERT.value)
REGISTERS = (
    CredentialKind.INDIGENOUS_REGISTER.value,
    CredentialKind.SIGN_LANGUAGE_CERTIFICATION.value,
)


@dataclass(frozen=True, slots=True)
class Need:
    """What a seat needs, through the whole range of dates its session may fall on."""

    language: str
    # The other language of the pair; None: any but `avoid` (the first leg of a relay).
    other: str | None
    avoid: str
    min_proficiency: int
    modality: str
    required_credentials: Sequence[Sequence[str]]
    case_reference: str
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    display_name: str
    gender: str
    country: str
    timezone: str
    # The other language of the pair this candidate covers (the pivot, for a relay leg).
    other: str
    proficiency: int
    sworn: bool
    registered: bool


class _Sql:
    """SQL text with `{}` placeholders and their values, in the order they appear."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.values: list[Any] = []

    def add(self, text: str, *values: Any) -> _Sql:
        self.parts.append(text)
        self.values.extend(values)
        return self

    def text(self) -> str:
        return " ".join(self.parts)


def _valid_credential(sql: _Sql, kinds: Sequence[str], need: Need) -> None:
    sql.add(
        "SELECT 1 FROM credential c WHERE c.interpreter = i.id AND c.kind IN ("  # noqa: S608
        + ", ".join("{}" for _ in kinds)
        + ") AND c.verified_at IS NOT NULL AND c.issued_on <= {}"
        " AND (c.expires_on IS NULL OR c.expires_on > {})",
        *kinds,
        need.first_day,
        need.last_day,
    )


def _literal(language: str) -> str:
    """A language code written into the SQL text instead of bound.

    PostgreSQL plans a prepared statement once for any value after a few runs; planned for
    no value in particular, it suits a language of a few dozen interpreters and is several
    times slower for one of thousands (English). Written in, each pair gets a plan of its
    own. Only a known ISO 639-3 code (three letters) gets this far.
    """
    if language not in languages():
        raise ValueError(f"not an ISO 639-3 code: {language!r}")
    return f"'{language}'"


def candidate_query(need: Need) -> tuple[str, list[Any]]:
    """The one query; also what the benchmark times as the bare SQL."""
    sql = _Sql()
    sql.add("SELECT i.id, i.display_name, i.gender, i.country, i.timezone,")
    sql.add("s.other, s.proficiency, EXISTS (")
    _valid_credential(sql, SWORN, need)
    sql.add(") AS sworn, EXISTS (")
    _valid_credential(sql, REGISTERS, need)
    sql.add("AND (c.language IS NULL OR c.language = {})) AS registered", need.language)
    # Skills are stored with either language first; `other` is the one that is not ours.
    language = _literal(need.language)
    if need.other is not None:
        # One pair: the planner estimates how many interpreters have it, and plans the
        # other filters for that many (a union below hides the count from it).
        other = _literal(need.other)
        sql.add(
            f"FROM (SELECT interpreter, {other} AS other, MAX(proficiency) AS proficiency"  # noqa: S608 (checked codes)
            f" FROM language_skill WHERE ((language = {language} AND working_language = {other})"
            f" OR (language = {other} AND working_language = {language}))"
            " AND direction = {} AND proficiency >= {} GROUP BY interpreter",
            Direction.BOTH.value,
            need.min_proficiency,
        )
    else:
        sql.add(
            "FROM (SELECT interpreter, other, MAX(proficiency) AS proficiency FROM ("  # noqa: S608 (checked codes)
            " SELECT interpreter, working_language AS other, proficiency FROM language_skill"
            f" WHERE language = {language} AND direction = {{}} AND proficiency >= {{}}"
            " UNION ALL"
            " SELECT interpreter, language AS other, proficiency FROM language_skill"
            f" WHERE working_language = {language} AND direction = {{}} AND proficiency >= {{}}"
            ") skill WHERE other <> {} GROUP BY interpreter, other",
            Direction.BOTH.value,
            need.min_proficiency,
            Direction.BOTH.value,
            need.min_proficiency,
            need.avoid,
        )
    sql.add(") s JOIN interpreter i ON i.id = s.interpreter")
    sql.add(
        "WHERE i.vetting_status = 'vetted' AND i.background_check_expires_on > {}"
        " AND EXISTS (SELECT 1 FROM interpreter_tag t WHERE t.interpreter = i.id"
        " AND t.kind = 'modality' AND t.value = {})",
        need.last_day,
        need.modality,
    )
    for kinds in need.required_credentials:
        sql.add("AND EXISTS (")
        _valid_credential(sql, kinds, need)
        sql.add(")")
    sql.add(
        "AND NOT EXISTS (SELECT 1 FROM conflict_of_interest x"
        " WHERE x.interpreter = i.id AND x.case_reference = {})"
        " AND NOT EXISTS (SELECT 1 FROM case_block b"
        " WHERE b.interpreter = i.id AND b.case_reference = {})",
        need.case_reference,
        need.case_reference,
    )
    return sql.text(), sql.values


async def candidates(need: Need) -> list[Candidate]:
    query, values = candidate_query(need)
    rows = await Interpreter.raw(query, *values)
    return [
        Candidate(**{**row, "sworn": bool(row["sworn"]), "registered": bool(row["registered"])})
        for row in rows
    ]


async def conflicted(interpreter_ids: Sequence[int], community: str) -> set[int]:
    """Those of the interpreters who declared a conflict with the victim's community."""
    if not community or not interpreter_ids:
        return set()
    condition, ids = ids_in(interpreter_ids)
    declared = await ConflictOfInterest.raw(
        "SELECT interpreter, community FROM conflict_of_interest"  # noqa: S608 (our condition)
        f" WHERE community <> '' AND {condition}",
        ids,
    )
    return {d["interpreter"] for d in declared if same_community(d["community"], community)}


def same_community(declared: str, community: str) -> bool:
    return bool(community) and declared.casefold().strip() == community.casefold().strip()


def _pair_condition(language: str, working: str, min_proficiency: int) -> Any:
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


def _valid_through(credential: dict[str, Any], first_day: date, last_day: date) -> bool:
    """Verified, issued by the first day, and not yet expired on the last (a credential
    lapses on its expiry day)."""
    expires = credential["expires_on"]
    return (
        credential["verified_at"] is not None
        and credential["issued_on"] <= first_day
        and (expires is None or last_day < expires)
    )


async def require_qualified(interpreter_id: int, need: Need, community: str) -> None:
    """Refuse with a 409 naming the first hard filter (vetting aside) that the interpreter
    fails for `need`, whose `other` language is the working one."""
    if need.other is None:
        raise ValueError("a booked seat names both languages of its pair")
    working = need.other
    skill = await LanguageSkill.exists().where(
        LanguageSkill.interpreter == interpreter_id,
        _pair_condition(need.language, working, need.min_proficiency),
    )
    if not skill:
        raise Conflict(
            "This interpreter does not work between {language} and {working} at level {level}.",
            "interpreter",
            language=need.language,
            working=working,
            level=need.min_proficiency,
        )
    modality = await InterpreterTag.exists().where(
        InterpreterTag.interpreter == interpreter_id,
        InterpreterTag.kind == MODALITY,
        InterpreterTag.value == need.modality,
    )
    if not modality:
        raise Conflict(
            "This interpreter does not work by {modality}.",
            "interpreter",
            modality=need.modality,
        )
    held = await Credential.select().where(Credential.interpreter == interpreter_id)
    for kinds in need.required_credentials:
        if not any(
            c["kind"] in kinds and _valid_through(c, need.first_day, need.last_day) for c in held
        ):
            raise Conflict(
                "This interpreter holds no valid {kinds} credential on the session date.",
                "interpreter",
                kinds=" / ".join(kinds),
            )
    declared = await ConflictOfInterest.select(
        ConflictOfInterest.case_reference, ConflictOfInterest.community
    ).where(ConflictOfInterest.interpreter == interpreter_id)
    if any(
        c["case_reference"] == need.case_reference or same_community(c["community"], community)
        for c in declared
    ):
        raise Conflict(
            "This interpreter declared a conflict of interest in this case.", "interpreter"
        )
    blocked = await CaseBlock.exists().where(
        CaseBlock.interpreter == interpreter_id,
        CaseBlock.case_reference == need.case_reference,
    )
    if blocked:
        raise Conflict("A coordinator has excluded this interpreter from this case.", "interpreter")

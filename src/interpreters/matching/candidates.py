"""The candidate set: every hard filter the database can apply, in one query.

Vetting valid through the session, a skill for the pair in both directions at the level
asked, the modality, each needed credential valid through the session, and no declared
conflict or coordinator's block for the case. Free time and declared conflicts with the
victim's community are judged afterwards, in Python, with the same code as a booking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from interpreters.availability import ids_in
from interpreters.reference import languages
from interpreters.registry import CredentialKind, Direction
from interpreters.registry.tables import ConflictOfInterest, Interpreter
from interpreters.sessions import (
    TAKES_TIME,
    BookingStatus,
    RequestRecord,
    same_community,
    status_values,
)

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


@dataclass(frozen=True, slots=True)
class History:
    """What scoring needs from a candidate's bookings."""

    month_minutes: int = 0
    last_booked: datetime | None = None
    with_victim: int = 0
    of_kind: int = 0


NO_HISTORY = History()


def _moment(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


async def histories(
    interpreter_ids: Sequence[int],
    request: RequestRecord,
    month: tuple[datetime, datetime],
) -> dict[int, History]:
    """Minutes booked in the session's month, the last booking, earlier sessions with the
    same victim (same case and pseudonym) and completed sessions of the same kind.

    Each booking's request is looked up only where a figure needs it (sessions of the
    month), through a subquery that the planner cannot turn into a scan of every request;
    the session kind is the booking's own copy; the victim's earlier requests, few, are
    found once by their case.

    Raw SQL over sessions' tables, read here rather than through sessions' door: one grouped
    statement for every candidate at once, measured as the "histories" stage of
    bench/matching_bench.py, where reading each candidate's bookings as records would cost
    one row per booking instead of one per candidate.
    """
    if not interpreter_ids:
        return {}
    condition, ids = ids_in(interpreter_ids, "b.interpreter")
    taking_time = ", ".join(f"'{status}'" for status in status_values(TAKES_TIME))
    rows = await Interpreter.raw(
        "SELECT b.interpreter,"  # noqa: S608 (the condition and statuses are our own)
        " SUM(CASE WHEN b.starts_at >= {} AND b.starts_at < {} THEN (SELECT r.duration_minutes"
        "  FROM interpretation_request r WHERE r.id = b.request) ELSE 0 END) AS month_minutes,"
        " MAX(b.starts_at) AS last_booked,"
        " SUM(CASE WHEN b.request IN (SELECT r.id FROM interpretation_request r"
        "  WHERE r.case_reference = {} AND r.victim_pseudonym = {} AND r.id <> {})"
        "  THEN 1 ELSE 0 END) AS with_victim,"
        f" SUM(CASE WHEN b.status = '{BookingStatus.COMPLETED}' AND b.session_kind = {{}}"
        "  THEN 1 ELSE 0 END) AS of_kind"
        f" FROM booking b WHERE {condition} AND b.status IN ({taking_time})"
        " GROUP BY b.interpreter",
        *month,
        request.case_reference,
        request.victim_pseudonym,
        request.id,
        request.session_kind,
        ids,
    )
    return {
        row["interpreter"]: History(
            int(row["month_minutes"] or 0),
            _moment(row["last_booked"]),
            int(row["with_victim"] or 0),
            int(row["of_kind"] or 0),
        )
        for row in rows
    }

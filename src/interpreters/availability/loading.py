"""Loading many interpreters' schedules at once.

For thousands of interpreters the Python objects made per row cost more than the queries:
the database therefore packs each query's rows into one value (column arrays on
PostgreSQL, which asyncpg decodes in C; one JSON array on SQLite, which json.loads reads
at C speed), every id travels in one parameter, and one statement reads all the tables a
request needs: a round trip costs more than the small queries themselves.

A request for many interpreters (matching over the region) takes weekly windows and limits
from a snapshot of all profiles instead, kept in memory while the revision counter that
database triggers raise on every change to the profiles stays the same. Overrides and time
off, few in any range, are always read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from piccolo.table import Table

from interpreters.availability.freebusy import (
    DEFAULT_LIMITS,
    Limits,
    LocalWindow,
    Schedule,
    TimeOffSpan,
)
from interpreters.availability.tables import AvailabilityProfile, DateOverride, TimeOff
from interpreters.availability.wallclock import epoch, instant
from interpreters.db import ids_in
from interpreters.settings import get_settings

# UTC dates of stored rows reach at most this far from the local dates they stand for.
DATE_MARGIN = timedelta(days=2)


@lru_cache(maxsize=16384)
def _weekly(text: str) -> tuple[tuple[LocalWindow, ...], ...]:
    days: list[list[LocalWindow]] = [[] for _ in range(7)]
    for weekday, start, end in json.loads(text):
        days[weekday].append((start, end))
    return tuple(tuple(day) for day in days)


@lru_cache(maxsize=4096)
def _limits(notice: int, buffer: int, day: int, week: int, on_call: bool) -> Limits:
    """Shared: most interpreters keep the same few limits."""
    return Limits(notice, buffer, day, week, on_call)


def _date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _epoch(value: datetime | str | None) -> int | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return epoch(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


@dataclass(frozen=True, slots=True)
class Packed:
    """One table's part of a statement: `columns` of its rows that meet `condition`."""

    table: type[Table]
    columns: Sequence[str]
    condition: str
    values: Sequence[Any] = ()


async def _packed(*parts: Packed) -> list[list[Sequence[Any]]]:
    """Each part's rows as tuples, all read by one statement: one round trip.

    Names and conditions come from this module only; values are bound, never formatted.
    """
    postgres = get_settings().is_postgres
    selects: list[str] = []
    values: list[Any] = []
    for n, part in enumerate(parts):
        if postgres:
            packed = ", ".join(f"array_agg({c}) AS t{n}_{c}" for c in part.columns)
        else:
            packed = f"json_group_array(json_array({', '.join(part.columns)})) AS t{n}"
        name = part.table._meta.tablename
        selects.append(f"(SELECT {packed} FROM {name} WHERE {part.condition}) AS t{n}")  # noqa: S608
        values += part.values
    [row] = await parts[0].table.raw("SELECT * FROM " + ", ".join(selects), *values)  # noqa: S608
    if postgres:
        return [
            list(zip(*(row[f"t{n}_{c}"] or () for c in part.columns), strict=True))
            for n, part in enumerate(parts)
        ]
    return [json.loads(row[f"t{n}"]) for n in range(len(parts))]


PROFILE_COLUMNS = (
    "interpreter",
    "weekly",
    "notice_hours",
    "buffer_minutes",
    "max_day_minutes",
    "max_week_minutes",
    "on_call",
)
OVERRIDE_COLUMNS = ("interpreter", "day", "windows")
TIME_OFF_COLUMNS = ("interpreter", "first_day", "last_day", "starts_at", "ends_at")


# From this many interpreters on, the profile snapshot is cheaper than a query for them.
SNAPSHOT_FROM = 1000
REVISION = "SELECT revision FROM availability_revision WHERE id = 1"
Profile = tuple[tuple[tuple[LocalWindow, ...], ...], Limits]


@dataclass(frozen=True, slots=True)
class Snapshot:
    revision: int
    profiles: dict[int, Profile]


_snapshot: Snapshot | None = None


def _profile(
    weekly: str, notice: int, buffer: int, day: int, week: int, on_call: int | bool
) -> Profile:
    # JSON arrives as text from both engines: the text is the cache key.
    return _weekly(weekly), _limits(notice, buffer, day, week, bool(on_call))


async def profile_snapshot() -> Snapshot:
    """Every interpreter's weekly windows and limits, read again only after a change.

    The counter is read before the profiles: a change in between leaves the snapshot
    marked older than it is, which only makes the next request read it again.
    """
    global _snapshot
    [counter] = await AvailabilityProfile.raw(REVISION)
    if _snapshot is None or _snapshot.revision != counter["revision"]:
        [rows] = await _packed(Packed(AvailabilityProfile, PROFILE_COLUMNS, "TRUE"))
        _snapshot = Snapshot(counter["revision"], {row[0]: _profile(*row[1:]) for row in rows})
    return _snapshot


async def load_schedules(zones: Mapping[int, str], start: int, end: int) -> dict[int, Schedule]:
    """The schedules of the interpreters in `zones` (id -> their IANA zone) over a range.

    Only interpreters with stored rules get one: without any, nobody is ever free.
    """
    first = instant(start).date() - DATE_MARGIN
    last = instant(end).date() + DATE_MARGIN
    ids, bound_ids = ids_in(list(zones))
    bounds = (bound_ids, first, last)
    dated = (
        Packed(DateOverride, OVERRIDE_COLUMNS, f"{ids} AND day >= {{}} AND day <= {{}}", bounds),
        Packed(
            TimeOff, TIME_OFF_COLUMNS, f"{ids} AND last_day >= {{}} AND first_day <= {{}}", bounds
        ),
    )
    if len(zones) >= SNAPSHOT_FROM:
        every = (await profile_snapshot()).profiles
        profiles = {i: every[i] for i in zones if i in every}
        override_rows, time_off_rows = await _packed(*dated)
    else:
        own = Packed(AvailabilityProfile, PROFILE_COLUMNS, ids, (bound_ids,))
        profile_rows, override_rows, time_off_rows = await _packed(own, *dated)
        profiles = {row[0]: _profile(*row[1:]) for row in profile_rows}
    schedules = {
        interpreter_id: Schedule(interpreter_id, zones[interpreter_id], weekly, limits=limits)
        for interpreter_id, (weekly, limits) in profiles.items()
    }

    def schedule_of(interpreter_id: int) -> Schedule:
        found = schedules.get(interpreter_id)
        if found is None:
            found = schedules[interpreter_id] = Schedule(interpreter_id, zones[interpreter_id])
        return found

    overrides: dict[int, dict[date, tuple[LocalWindow, ...]]] = defaultdict(dict)
    for interpreter_id, day, windows in override_rows:
        overrides[interpreter_id][_date(day)] = tuple((s, e) for s, e in json.loads(windows))
    time_off: dict[int, list[TimeOffSpan]] = defaultdict(list)
    for interpreter_id, first_day, last_day, starts_at, ends_at in time_off_rows:
        time_off[interpreter_id].append(
            TimeOffSpan(_date(first_day), _date(last_day), _epoch(starts_at), _epoch(ends_at))
        )
    for interpreter_id, by_day in overrides.items():
        schedule_of(interpreter_id).overrides = by_day
    for interpreter_id, spans in time_off.items():
        schedule_of(interpreter_id).time_off = spans
    return schedules


async def buffers(interpreter_ids: Sequence[int]) -> dict[int, timedelta]:
    """The rest each interpreter keeps after a session before the next may start."""
    rows = await AvailabilityProfile.select(
        AvailabilityProfile.interpreter, AvailabilityProfile.buffer_minutes
    ).where(AvailabilityProfile.interpreter.is_in(list(interpreter_ids)))
    minutes = {row["interpreter"]: row["buffer_minutes"] for row in rows}
    default = DEFAULT_LIMITS.buffer_minutes
    return {i: timedelta(minutes=minutes.get(i, default)) for i in interpreter_ids}

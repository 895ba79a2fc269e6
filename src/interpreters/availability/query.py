"""Free/busy: loads the schedules of many interpreters in a few queries and computes."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.columns.combination import WhereRaw

from interpreters.auth.principal import Principal, Role
from interpreters.availability.commitments import commitments
from interpreters.availability.freebusy import (
    Limits,
    LocalWindow,
    Schedule,
    TimeOffSpan,
    free_intervals,
)
from interpreters.availability.intervals import Interval
from interpreters.availability.schemas import (
    FreeBusyOut,
    FreeBusyQuery,
    FreeInterval,
    InterpreterFreeBusy,
)
from interpreters.availability.tables import AvailabilityProfile, DateOverride, TimeOff
from interpreters.availability.wallclock import DAY_SECONDS, epoch, instant
from interpreters.errors import Forbidden, NotFound
from interpreters.registry.tables import Interpreter
from interpreters.registry.views import today, vetting_is_valid
from interpreters.settings import get_settings

# Commitments are read this far around the range: fatigue limits count whole local weeks.
COMMITMENT_MARGIN = 8 * DAY_SECONDS
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


def _text(value: Any) -> str:
    # PostgreSQL's json arrives as text from asyncpg, and SQLite stores text.
    return value if isinstance(value, str) else json.dumps(value)


def _for_ids(ids: Sequence[int]) -> WhereRaw:
    """A filter on `interpreter` with every id in one parameter, for thousands of ids.

    Piccolo's is_in binds one parameter per id, and building and converting those was
    most of the load time for a large set.
    """
    if get_settings().is_postgres:
        return WhereRaw("interpreter = ANY({}::int[])", list(ids))
    return WhereRaw("interpreter IN (SELECT value FROM json_each({}))", json.dumps(list(ids)))


# On SQLite a Python dict per row is most of the cost; the database packs the rows into
# one JSON array instead, which json.loads reads at C speed. (On PostgreSQL plain rows are
# faster than json_agg.) `weekly` stays text: it is a cache key.
SQLITE_PROFILES = (
    "SELECT json_group_array(json_array(interpreter, weekly, notice_hours, buffer_minutes,"
    " max_day_minutes, max_week_minutes, on_call)) AS packed FROM availability_profile"
    " WHERE interpreter IN (SELECT value FROM json_each({}))"
)


async def _profiles(ids: Sequence[int]) -> list[Sequence[Any]]:
    """(interpreter, weekly, notice, buffer, day and week limits, on call) of each one."""
    if not get_settings().is_postgres:
        [row] = await AvailabilityProfile.raw(SQLITE_PROFILES, json.dumps(list(ids)))
        packed: list[Sequence[Any]] = json.loads(row["packed"])
        return packed
    columns = (
        AvailabilityProfile.interpreter,
        AvailabilityProfile.weekly,
        AvailabilityProfile.notice_hours,
        AvailabilityProfile.buffer_minutes,
        AvailabilityProfile.max_day_minutes,
        AvailabilityProfile.max_week_minutes,
        AvailabilityProfile.on_call,
    )
    rows = await AvailabilityProfile.select(*columns).where(_for_ids(ids))
    return [tuple(row.values()) for row in rows]


async def load_schedules(zones: Mapping[int, str], start: int, end: int) -> dict[int, Schedule]:
    """The schedules of the interpreters in `zones` (id -> their IANA zone) over a range."""
    first = instant(start).date() - DATE_MARGIN
    last = instant(end).date() + DATE_MARGIN
    ids = list(zones)
    # Only interpreters with stored rules get a schedule: without any, nobody is ever free.
    schedules = {
        interpreter_id: Schedule(
            interpreter_id,
            zones[interpreter_id],
            _weekly(weekly),
            limits=_limits(notice, buffer, day, week, bool(on_call)),
        )
        for interpreter_id, weekly, notice, buffer, day, week, on_call in await _profiles(ids)
    }

    def schedule_of(interpreter_id: int) -> Schedule:
        found = schedules.get(interpreter_id)
        if found is None:
            found = schedules[interpreter_id] = Schedule(interpreter_id, zones[interpreter_id])
        return found

    overrides: dict[int, dict[date, tuple[LocalWindow, ...]]] = defaultdict(dict)
    for o in await DateOverride.select(
        DateOverride.interpreter, DateOverride.day, DateOverride.windows
    ).where(_for_ids(ids), DateOverride.day >= first, DateOverride.day <= last):
        windows = tuple((s, e) for s, e in json.loads(_text(o["windows"])))
        overrides[o["interpreter"]][o["day"]] = windows
    time_off: dict[int, list[TimeOffSpan]] = defaultdict(list)
    for t in await TimeOff.select(
        TimeOff.interpreter,
        TimeOff.first_day,
        TimeOff.last_day,
        TimeOff.starts_at,
        TimeOff.ends_at,
    ).where(_for_ids(ids), TimeOff.last_day >= first, TimeOff.first_day <= last):
        time_off[t["interpreter"]].append(
            TimeOffSpan(
                first_day=t["first_day"],
                last_day=t["last_day"],
                starts_at=epoch(t["starts_at"]) if t["starts_at"] else None,
                ends_at=epoch(t["ends_at"]) if t["ends_at"] else None,
            )
        )
    for interpreter_id, by_day in overrides.items():
        schedule_of(interpreter_id).overrides = by_day
    for interpreter_id, spans in time_off.items():
        schedule_of(interpreter_id).time_off = spans
    return schedules


async def free_time(
    zones: Mapping[int, str], start: int, end: int, now: int, urgent: bool = False
) -> dict[int, list[Interval]]:
    """Each interpreter's free UTC intervals inside [start, end) as seen at `now`."""
    schedules = await load_schedules(zones, start, end)
    busy = await commitments(list(zones), start - COMMITMENT_MARGIN, end + COMMITMENT_MARGIN)
    found: dict[int, list[Interval]] = {}
    # Schedules with nothing of their own but the week and limits are computed once per kind.
    shared: dict[tuple[Any, ...], list[Interval]] = {}
    for interpreter_id in zones:
        schedule = schedules.get(interpreter_id)
        if schedule is None:
            found[interpreter_id] = []
        elif schedule.is_plain and interpreter_id not in busy:
            # Without commitments, buffers and fatigue limits play no part.
            limits = schedule.limits
            key = (schedule.zone, schedule.weekly, limits.notice_hours, limits.on_call)
            if key not in shared:
                shared[key] = free_intervals(schedule, start, end, now, (), urgent)
            found[interpreter_id] = list(shared[key])
        else:
            commitments_of = busy.get(interpreter_id, ())
            found[interpreter_id] = free_intervals(
                schedule, start, end, now, commitments_of, urgent
            )
    return found


async def visible_interpreters(viewer: Principal, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The interpreters whose free/busy the viewer may see, in the order asked for."""
    if viewer.role is Role.INTERPRETER and set(ids) != {viewer.interpreter_id}:
        raise Forbidden("Interpreters see only their own record.")
    rows = {
        row["id"]: row
        for row in await Interpreter.select(
            Interpreter.id,
            Interpreter.display_name,
            Interpreter.timezone,
            Interpreter.vetting_status,
            Interpreter.background_check_expires_on,
        ).where(Interpreter.id.is_in(list(ids)))
    }
    on = today()
    for interpreter_id in ids:
        row = rows.get(interpreter_id)
        hidden = viewer.role in {Role.PROSECUTOR, Role.COURT} and (
            row is not None and not vetting_is_valid(row, on)
        )
        if row is None or hidden:
            raise NotFound("No interpreter with id {id}.", id=interpreter_id)
    return [rows[i] for i in dict.fromkeys(ids)]


def query_range(query: FreeBusyQuery, now: datetime) -> tuple[datetime, datetime]:
    """The range asked for; times without an offset are read in the viewer's zone."""
    zone = ZoneInfo(query.tz)
    start = query.start or now
    start = start if start.tzinfo else start.replace(tzinfo=zone)
    end = query.end or start + timedelta(days=query.days)
    end = end if end.tzinfo else end.replace(tzinfo=zone)
    return start.astimezone(zone), end.astimezone(zone)


async def free_busy(viewer: Principal, query: FreeBusyQuery) -> FreeBusyOut:
    rows = await visible_interpreters(viewer, query.interpreter)
    now = datetime.now(UTC).replace(microsecond=0)
    start, end = query_range(query, now)
    zone = ZoneInfo(query.tz)
    free = await free_time(
        {row["id"]: row["timezone"] for row in rows},
        epoch(start),
        epoch(end),
        epoch(now),
        query.urgent,
    )
    return FreeBusyOut(
        timezone=query.tz,
        start=start,
        end=end,
        interpreters=[
            InterpreterFreeBusy(
                interpreter=row["id"],
                display_name=row["display_name"],
                timezone=row["timezone"],
                free=[
                    FreeInterval(start=instant(s, zone), end=instant(e, zone))
                    for s, e in free[row["id"]]
                ],
            )
            for row in rows
        ],
    )

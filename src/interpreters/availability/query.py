"""Free/busy: loads the schedules of many interpreters in a few queries and computes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

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

# Ids per IN (...): below every engine's limit on bound parameters.
CHUNK = 5000
# Commitments are read this far around the range: fatigue limits count whole local weeks.
COMMITMENT_MARGIN = 8 * DAY_SECONDS
# UTC dates of stored rows reach at most this far from the local dates they stand for.
DATE_MARGIN = timedelta(days=2)

T = TypeVar("T")


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for index in range(0, len(items), CHUNK):
        yield items[index : index + CHUNK]


@lru_cache(maxsize=4096)
def _weekly(text: str) -> tuple[tuple[LocalWindow, ...], ...]:
    days: list[list[LocalWindow]] = [[] for _ in range(7)]
    for weekday, start, end in json.loads(text):
        days[weekday].append((start, end))
    return tuple(tuple(day) for day in days)


def _json(value: Any) -> Any:
    # PostgreSQL's json arrives as text from asyncpg, and SQLite stores text.
    return json.loads(value) if isinstance(value, str) else value


async def load_schedules(zones: Mapping[int, str], start: int, end: int) -> dict[int, Schedule]:
    """The schedules of the interpreters in `zones` (id -> their IANA zone) over a range."""
    first = instant(start).date() - DATE_MARGIN
    last = instant(end).date() + DATE_MARGIN
    schedules = {i: Schedule(interpreter_id=i, zone=zone) for i, zone in zones.items()}
    for ids in _chunks(list(zones)):
        profiles = await AvailabilityProfile.select(
            AvailabilityProfile.interpreter,
            AvailabilityProfile.weekly,
            AvailabilityProfile.notice_hours,
            AvailabilityProfile.buffer_minutes,
            AvailabilityProfile.max_day_minutes,
            AvailabilityProfile.max_week_minutes,
            AvailabilityProfile.on_call,
        ).where(AvailabilityProfile.interpreter.is_in(list(ids)))
        for p in profiles:
            schedule = schedules[p["interpreter"]]
            weekly = p["weekly"]
            schedule.weekly = _weekly(weekly if isinstance(weekly, str) else json.dumps(weekly))
            schedule.limits = Limits(
                notice_hours=p["notice_hours"],
                buffer_minutes=p["buffer_minutes"],
                max_day_minutes=p["max_day_minutes"],
                max_week_minutes=p["max_week_minutes"],
                on_call=p["on_call"],
            )
        overrides = await DateOverride.select(
            DateOverride.interpreter, DateOverride.day, DateOverride.windows
        ).where(
            DateOverride.interpreter.is_in(list(ids)),
            DateOverride.day >= first,
            DateOverride.day <= last,
        )
        for o in overrides:
            windows = tuple((s, e) for s, e in _json(o["windows"]))
            schedules[o["interpreter"]].overrides[o["day"]] = windows
        time_off = await TimeOff.select(
            TimeOff.interpreter,
            TimeOff.first_day,
            TimeOff.last_day,
            TimeOff.starts_at,
            TimeOff.ends_at,
        ).where(
            TimeOff.interpreter.is_in(list(ids)),
            TimeOff.last_day >= first,
            TimeOff.first_day <= last,
        )
        for t in time_off:
            schedules[t["interpreter"]].time_off.append(
                TimeOffSpan(
                    first_day=t["first_day"],
                    last_day=t["last_day"],
                    starts_at=epoch(t["starts_at"]) if t["starts_at"] else None,
                    ends_at=epoch(t["ends_at"]) if t["ends_at"] else None,
                )
            )
    return schedules


async def free_time(
    zones: Mapping[int, str], start: int, end: int, now: int, urgent: bool = False
) -> dict[int, list[Interval]]:
    """Each interpreter's free UTC intervals inside [start, end) as seen at `now`."""
    schedules = await load_schedules(zones, start, end)
    busy = await commitments(list(zones), start - COMMITMENT_MARGIN, end + COMMITMENT_MARGIN)
    return {
        interpreter_id: free_intervals(
            schedule, start, end, now, busy.get(interpreter_id, ()), urgent
        )
        for interpreter_id, schedule in schedules.items()
    }


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
    now = datetime.now(UTC)
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

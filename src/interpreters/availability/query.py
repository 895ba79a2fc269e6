"""Free/busy: loads the schedules of many interpreters in a few queries and computes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from interpreters import registry
from interpreters.availability import ics, loading
from interpreters.availability.commitments import commitments
from interpreters.availability.freebusy import Schedule, first_start, free_intervals
from interpreters.availability.intervals import Interval
from interpreters.availability.schemas import (
    MAX_FREEBUSY_DAYS,
    FreeBusyOut,
    FreeBusyQuery,
    FreeInterval,
    InterpreterFreeBusy,
)
from interpreters.availability.wallclock import DAY_SECONDS, aware, epoch, instant
from interpreters.db import together
from interpreters.errors import Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal, Role

# Commitments are read this far around the range: fatigue limits count whole local weeks.
COMMITMENT_MARGIN = 8 * DAY_SECONDS


async def _free_and_busy(
    zones: Mapping[int, str], start: int, end: int, now: int, urgent: bool
) -> tuple[dict[int, Schedule], dict[int, list[Interval]], dict[int, list[Interval]]]:
    """Schedules, commitments and free UTC intervals inside [start, end) as seen at `now`."""
    schedules, busy = await together(
        loading.load_schedules(zones, start, end),
        commitments(list(zones), start - COMMITMENT_MARGIN, end + COMMITMENT_MARGIN),
    )
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
    return schedules, busy, found


async def free_time(
    zones: Mapping[int, str], start: int, end: int, now: int, urgent: bool = False
) -> dict[int, list[Interval]]:
    """Each interpreter's free UTC intervals inside [start, end) as seen at `now`."""
    return (await _free_and_busy(zones, start, end, now, urgent))[2]


@dataclass(frozen=True, slots=True)
class Openings:
    """Who can take a session of `duration` seconds starting from `earliest` to `latest`:
    free for the whole session (buffers and notice included) and within fatigue limits."""

    schedules: dict[int, Schedule]
    busy: dict[int, list[Interval]]
    free: dict[int, list[Interval]]
    earliest: int
    latest: int
    duration: int

    def first_start(self, interpreter_id: int, earliest: int | None = None) -> int | None:
        intervals = self.free.get(interpreter_id)
        if not intervals:
            return None
        return first_start(
            self.schedules[interpreter_id],
            intervals,
            self.busy.get(interpreter_id, ()),
            max(self.earliest, earliest or self.earliest),
            self.latest,
            self.duration,
        )

    def common_start(self, interpreter_ids: Sequence[int]) -> int | None:
        """The first start at which all of them can take the session together."""
        start: int | None = self.earliest
        while start is not None:
            starts = [self.first_start(i, start) for i in interpreter_ids]
            if any(s is None for s in starts):
                return None
            latest = max(s for s in starts if s is not None)
            if latest == start:
                return start
            start = latest
        return None


async def openings(
    zones: Mapping[int, str],
    earliest: int,
    latest: int,
    duration: int,
    now: int,
    urgent: bool = False,
) -> Openings:
    schedules, busy, free = await _free_and_busy(zones, earliest, latest + duration, now, urgent)
    return Openings(schedules, busy, free, earliest, latest, duration)


async def visible_interpreters(
    viewer: Principal, ids: Sequence[int]
) -> list[registry.InterpreterRecord]:
    """The interpreters whose free/busy the viewer may see, in the order asked for."""
    if viewer.role is Role.INTERPRETER and set(ids) != {viewer.interpreter_id}:
        raise Forbidden("Interpreters see only their own record.")
    found = await registry.interpreters(ids)
    on = registry.today()
    for interpreter_id in ids:
        record = found.get(interpreter_id)
        hidden = viewer.role in {Role.PROSECUTOR, Role.COURT} and (
            record is not None and not record.vetted_on(on)
        )
        if record is None or hidden:
            raise NotFound("No interpreter with id {id}.", id=interpreter_id)
    return [found[i] for i in dict.fromkeys(ids)]


def query_range(query: FreeBusyQuery, now: datetime) -> tuple[datetime, datetime]:
    """The range asked for; times without an offset are read in the viewer's zone."""
    start = aware(query.start, query.tz) if query.start else now
    end = aware(query.end, query.tz) if query.end else start + timedelta(days=query.days)
    if end <= start:
        raise InvalidInput("The end is not after the start", "end")
    if end - start > timedelta(days=MAX_FREEBUSY_DAYS):
        raise InvalidInput("Covers at most {days} days", "end", days=MAX_FREEBUSY_DAYS)
    zone = ZoneInfo(query.tz)
    return start.astimezone(zone), end.astimezone(zone)


async def free_busy(viewer: Principal, query: FreeBusyQuery) -> FreeBusyOut:
    people = await visible_interpreters(viewer, query.interpreter)
    now = datetime.now(UTC).replace(microsecond=0)
    start, end = query_range(query, now)
    zone = ZoneInfo(query.tz)
    free = await free_time(
        {person.id: person.timezone for person in people},
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
                interpreter=person.id,
                display_name=person.display_name,
                timezone=person.timezone,
                free=[
                    FreeInterval(start=instant(s, zone), end=instant(e, zone))
                    for s, e in free[person.id]
                ],
            )
            for person in people
        ],
    )


async def free_busy_calendar(viewer: Principal, query: FreeBusyQuery) -> bytes:
    """The same free/busy as an iCalendar VFREEBUSY per interpreter."""
    result = await free_busy(viewer, query)
    return ics.freebusy_calendar(
        epoch(result.start),
        epoch(result.end),
        [
            (i.interpreter, i.display_name, [(epoch(f.start), epoch(f.end)) for f in i.free])
            for i in result.interpreters
        ],
    )

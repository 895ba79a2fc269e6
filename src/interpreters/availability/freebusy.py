"""Free time of one interpreter: rules, overrides, time off, commitments, buffers, notice
and fatigue limits, as UTC intervals. Pure: the service loads what it needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from interpreters.availability.intervals import Interval, clip, overlap, subtract, union
from interpreters.availability.wallclock import day_start, local_date, to_utc

# (start, end) in minutes after the local midnight; an end past 1440 crosses midnight.
LocalWindow = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Limits:
    notice_hours: int = 24
    buffer_minutes: int = 15
    max_day_minutes: int = 6 * 60
    max_week_minutes: int = 30 * 60
    on_call: bool = False


@dataclass(frozen=True, slots=True)
class TimeOffSpan:
    """Whole local days (first_day..last_day) when `starts_at` is None, else an instant range."""

    first_day: date
    last_day: date
    starts_at: int | None = None
    ends_at: int | None = None

    def interval(self, zone: str) -> Interval:
        if self.starts_at is not None and self.ends_at is not None:
            return self.starts_at, self.ends_at
        return day_start(zone, self.first_day), day_start(zone, self.last_day + timedelta(days=1))


@dataclass(slots=True)
class Schedule:
    interpreter_id: int
    zone: str
    # Monday = 0, as date.weekday().
    weekly: tuple[tuple[LocalWindow, ...], ...] = ((),) * 7
    # A date with no windows is unavailable; a date with windows adds them to the week's.
    overrides: dict[date, tuple[LocalWindow, ...]] = field(default_factory=dict)
    time_off: list[TimeOffSpan] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _windows(schedule: Schedule, days: list[date]) -> list[Interval]:
    zone = schedule.zone
    found = []
    for day in days:
        extra = schedule.overrides.get(day)
        local = extra if extra is not None else ()
        if extra is None or extra:
            local = (*schedule.weekly[day.weekday()], *local)
        for start, end in local:
            found.append((to_utc(zone, day, start), to_utc(zone, day, end)))
    return union(found)


def _exhausted(
    zone: str, committed: list[Interval], days: list[date], limits: Limits
) -> list[Interval]:
    """Local days and weeks whose interpreting already reaches the interpreter's limits."""
    blocked = []
    for day in days:
        low, high = day_start(zone, day), day_start(zone, day + timedelta(days=1))
        if overlap(committed, low, high) >= limits.max_day_minutes * 60:
            blocked.append((low, high))
    for monday in sorted({day - timedelta(days=day.weekday()) for day in days}):
        low, high = day_start(zone, monday), day_start(zone, monday + timedelta(days=7))
        if overlap(committed, low, high) >= limits.max_week_minutes * 60:
            blocked.append((low, high))
    return blocked


def free_intervals(
    schedule: Schedule,
    start: int,
    end: int,
    now: int,
    commitments: Sequence[Interval] = (),
    urgent: bool = False,
) -> list[Interval]:
    """Free UTC intervals inside [start, end).

    An urgent request reaches an on-call interpreter outside their windows and without the
    minimum notice; time off, unavailable dates, commitments and limits still hold.
    """
    zone, limits = schedule.zone, schedule.limits
    if end <= start:
        return []
    # A window that began the day before may cross midnight into the range.
    days = _days(local_date(zone, start) - timedelta(days=1), local_date(zone, end))
    on_call = urgent and limits.on_call
    base = [(start, end)] if on_call else _windows(schedule, days)
    committed = union(commitments)
    buffer = limits.buffer_minutes * 60
    blocked = [span.interval(zone) for span in schedule.time_off]
    blocked += [
        (day_start(zone, day), day_start(zone, day + timedelta(days=1)))
        for day, windows in schedule.overrides.items()
        if not windows
    ]
    blocked += [(s - buffer, e + buffer) for s, e in committed]
    if committed:
        blocked += _exhausted(zone, committed, days, limits)
    earliest = now if on_call else now + limits.notice_hours * 3600
    return clip(subtract(base, union(blocked)), max(start, earliest), end)

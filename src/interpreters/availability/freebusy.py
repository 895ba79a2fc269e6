"""Free time of one interpreter: rules, overrides, time off, commitments, buffers, notice
and fatigue limits, as UTC intervals. Pure: the service loads what it needs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from interpreters.availability.intervals import Interval, clip, overlap, subtract, union
from interpreters.availability.wallclock import (
    DAY_MINUTES,
    day_info,
    day_start,
    local_date,
    to_utc,
)

# (start, end) in minutes after the local midnight; an end past 1440 crosses midnight.
LocalWindow = tuple[int, int]
# (weekday with Monday 0, start minute, end minute)
WeeklyWindow = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Limits:
    notice_hours: int = 24
    buffer_minutes: int = 15
    max_day_minutes: int = 6 * 60
    max_week_minutes: int = 30 * 60
    on_call: bool = False


DEFAULT_LIMITS = Limits()
NO_OVERRIDES: Mapping[date, tuple[LocalWindow, ...]] = MappingProxyType({})


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
    # Immutable defaults: most of thousands of schedules have neither, and allocate nothing.
    overrides: Mapping[date, tuple[LocalWindow, ...]] = field(default_factory=lambda: NO_OVERRIDES)
    time_off: Sequence[TimeOffSpan] = ()
    limits: Limits = DEFAULT_LIMITS

    @property
    def is_plain(self) -> bool:
        """Only weekly windows and limits: alike schedules give alike free time."""
        return not self.overrides and not self.time_off


@lru_cache(maxsize=4096)
def _local_days(zone: str, start: int, end: int) -> tuple[date, ...]:
    """The local dates of [start, end), and the day before: a window that began then may
    cross midnight into the range."""
    first = local_date(zone, start) - timedelta(days=1)
    last = local_date(zone, end)
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def _instants(zone: str, day: date, windows: Sequence[LocalWindow]) -> list[Interval]:
    return [(to_utc(zone, day, start), to_utc(zone, day, end)) for start, end in windows]


def _expand_weekly(
    zone: str, weekly: tuple[tuple[LocalWindow, ...], ...], first: date, last: date
) -> tuple[Interval, ...]:
    found = []
    for day in (first + timedelta(days=n) for n in range((last - first).days + 1)):
        windows = weekly[day.weekday()]
        if not windows:
            continue
        midnight, plain = day_info(zone, day)
        for start, end in windows:
            if plain and end <= DAY_MINUTES:
                found.append((midnight + start * 60, midnight + end * 60))
            else:
                found.append((to_utc(zone, day, start), to_utc(zone, day, end)))
    return tuple(union(found))


# Interpreters with the same week in the same zone share the expansion of a short range;
# long ranges (a year) are asked for one interpreter at a time and would only fill memory.
_expand_short_range = lru_cache(maxsize=16384)(_expand_weekly)
SHORT_RANGE_DAYS = 35


def _weekly_instants(
    zone: str, weekly: tuple[tuple[LocalWindow, ...], ...], first: date, last: date
) -> tuple[Interval, ...]:
    if (last - first).days > SHORT_RANGE_DAYS:
        return _expand_weekly(zone, weekly, first, last)
    return _expand_short_range(zone, weekly, first, last)


def _length(intervals: Sequence[Interval]) -> int:
    return sum(end - start for start, end in intervals)


def _exhausted(
    zone: str, committed: list[Interval], days: Sequence[date], limits: Limits
) -> list[Interval]:
    """Local days and weeks whose interpreting already reaches the interpreter's limits."""
    if _length(committed) < min(limits.max_day_minutes, limits.max_week_minutes) * 60:
        return []  # no day or week can hold more than all of it: most interpreters
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


def _with_exceptions(
    schedule: Schedule,
    base: Sequence[Interval],
    days: Sequence[date],
    commitments: Sequence[Interval],
    on_call: bool,
) -> list[Interval]:
    """`base` with the date overrides, time off and commitments of the schedule applied."""
    zone, limits = schedule.zone, schedule.limits
    blocked = [span.interval(zone) for span in schedule.time_off]
    extra = []
    for day, windows in schedule.overrides.items():
        if windows:
            extra += _instants(zone, day, windows)
        else:
            # The whole local day, and the windows that begin on it even past its midnight.
            blocked.append((day_start(zone, day), day_start(zone, day + timedelta(days=1))))
            blocked += _instants(zone, day, schedule.weekly[day.weekday()])
    if extra and not on_call:
        base = union([*base, *extra])
    if commitments:
        committed = union(commitments)
        buffer = limits.buffer_minutes * 60
        blocked += [(s - buffer, e + buffer) for s, e in committed]
        blocked += _exhausted(zone, committed, days, limits)
    return subtract(list(base), union(blocked))


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
    if end <= start:
        return []
    zone, limits = schedule.zone, schedule.limits
    days = _local_days(zone, start, end)
    on_call = urgent and limits.on_call
    weekly = _weekly_instants(zone, schedule.weekly, days[0], days[-1])
    base: Sequence[Interval] = [(start, end)] if on_call else weekly
    if schedule.overrides or schedule.time_off or commitments:
        base = _with_exceptions(schedule, base, days, commitments, on_call)
    earliest = now if on_call else now + limits.notice_hours * 3600
    return clip(base, max(start, earliest), end)


def within_limits(
    schedule: Schedule, commitments: Sequence[Interval], start: int, end: int
) -> bool:
    """Whether a session [start, end) keeps every local day and ISO week it touches within
    the interpreter's fatigue limits, counted with their other commitments."""
    zone, limits = schedule.zone, schedule.limits
    committed = union([*commitments, (start, end)])
    if _length(committed) <= min(limits.max_day_minutes, limits.max_week_minutes) * 60:
        return True  # no day or week can hold more than all of it
    days = _local_days(zone, start, end)[1:]
    for day in days:
        low, high = day_start(zone, day), day_start(zone, day + timedelta(days=1))
        if overlap(committed, low, high) > limits.max_day_minutes * 60:
            return False
    for monday in sorted({day - timedelta(days=day.weekday()) for day in days}):
        low, high = day_start(zone, monday), day_start(zone, monday + timedelta(days=7))
        if overlap(committed, low, high) > limits.max_week_minutes * 60:
            return False
    return True


def first_start(
    schedule: Schedule,
    free: Sequence[Interval],
    commitments: Sequence[Interval],
    earliest: int,
    latest: int,
    duration: int,
) -> int | None:
    """The first start from `earliest` to `latest` at which a session of `duration` seconds
    lies wholly in one free interval and within the fatigue limits; None if there is none.

    Only the beginning of each free interval (or `earliest`, inside it) is tried: the
    earliest moment the interpreter can take the session there.
    """
    for low, high in free:
        start = max(low, earliest)
        if start > latest:
            break
        end = start + duration
        if end <= high and within_limits(schedule, commitments, start, end):
            return start
    return None

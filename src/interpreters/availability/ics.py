"""RFC 7953 VAVAILABILITY in and out, and RFC 5545 VFREEBUSY out.

Export: one VAVAILABILITY without bounds holds the weekly windows (AVAILABLE with a weekly
RRULE, wall-clock times with the interpreter's TZID) and the extra windows of single dates
(AVAILABLE without RRULE). Every unavailable date is a VAVAILABILITY of PRIORITY 1 over that
local day with BUSYTYPE BUSY-UNAVAILABLE and no AVAILABLE; every time off is one with
BUSYTYPE BUSY (its note as SUMMARY). Import reads those shapes back, from any tool.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Availability, Available, Calendar, Component, FreeBusy
from pydantic import ValidationError

from interpreters.availability.freebusy import LocalWindow, WeeklyWindow
from interpreters.availability.intervals import Interval
from interpreters.availability.schemas import TimeOffIn, to_clock
from interpreters.availability.wallclock import DAY_MINUTES, aware, instant
from interpreters.errors import InvalidInput, field_errors

PRODID = "-//Regional Coalition against Trafficking in Persons//Interpreter bank//ES"
# Weekly windows are written as recurrences that start in this week (a Monday).
REFERENCE_MONDAY = date(2026, 1, 5)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass
class Rules:
    weekly: list[WeeklyWindow] = field(default_factory=list)
    extra: dict[date, list[LocalWindow]] = field(default_factory=dict)
    unavailable: set[date] = field(default_factory=set)
    time_off: list[TimeOffIn] = field(default_factory=list)

    def overrides(self) -> dict[date, list[LocalWindow]]:
        """Per date, its extra windows, or none when it is unavailable (which wins)."""
        return {**self.extra, **{day: [] for day in self.unavailable}}


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    if method:
        calendar.add("METHOD", method)
    return calendar


def _wall(zone: ZoneInfo, day: date, minute: int) -> datetime:
    # Wall-clock arithmetic on purpose: the file keeps local times with their TZID.
    return datetime.combine(day, time(), tzinfo=zone) + timedelta(minutes=minute)


def _available(zone: ZoneInfo, day: date, start: int, end: int) -> Available:
    available = Available()
    available.add("UID", f"available-{day.isoformat()}-{start}-{end}")
    available.add("DTSTAMP", datetime.now(UTC))
    available.add("DTSTART", _wall(zone, day, start))
    available.add("DTEND", _wall(zone, day, end))
    available.add("SUMMARY", f"{to_clock(start)}–{to_clock(end)}")
    return available


def _busy(uid: str, start: datetime, end: datetime, busy_type: str, summary: str) -> Availability:
    block = Availability()
    block.add("UID", uid)
    block.add("DTSTAMP", datetime.now(UTC))
    block.add("DTSTART", start)
    block.add("DTEND", end)
    block.add("PRIORITY", 1)
    block.add("BUSYTYPE", busy_type)
    if summary:
        block.add("SUMMARY", summary)
    return block


def export_availability(
    interpreter_id: int,
    zone_name: str,
    weekly: Sequence[WeeklyWindow],
    overrides: Iterable[tuple[date, Sequence[LocalWindow]]],
    time_off: Iterable[dict[str, Any]],
) -> bytes:
    zone = ZoneInfo(zone_name)
    calendar = _calendar("PUBLISH")
    base = Availability()
    base.add("UID", f"availability-{interpreter_id}")
    base.add("DTSTAMP", datetime.now(UTC))
    base.add("SUMMARY", "Weekly availability")
    days_by_window: dict[LocalWindow, list[int]] = defaultdict(list)
    for weekday, start, end in weekly:
        days_by_window[(start, end)].append(weekday)
    for (start, end), weekdays in sorted(days_by_window.items()):
        available = _available(zone, REFERENCE_MONDAY + timedelta(days=weekdays[0]), start, end)
        available.add("RRULE", {"FREQ": "WEEKLY", "BYDAY": [WEEKDAYS[d] for d in weekdays]})
        base.add_component(available)
    blocks = []
    for day, windows in overrides:
        for start, end in windows:
            base.add_component(_available(zone, day, start, end))
        if not windows:
            next_day = day + timedelta(days=1)
            blocks.append(
                _busy(
                    f"unavailable-{interpreter_id}-{day.isoformat()}",
                    _wall(zone, day, 0),
                    _wall(zone, next_day, 0),
                    "BUSY-UNAVAILABLE",
                    "Unavailable",
                )
            )
    calendar.add_component(base)
    for row in time_off:
        if row["starts_at"] is None:
            begin = _wall(zone, row["first_day"], 0)
            finish = _wall(zone, row["last_day"] + timedelta(days=1), 0)
        else:
            begin, finish = row["starts_at"].astimezone(UTC), row["ends_at"].astimezone(UTC)
        blocks.append(_busy(f"time-off-{row['id']}", begin, finish, "BUSY", row["note"]))
    for block in blocks:
        calendar.add_component(block)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _single(component: Component, name: str) -> Any:
    prop = component.get(name)
    if isinstance(prop, list):
        raise InvalidInput("The property {name} appears more than once.", "data", name=name)
    return prop


def _value(component: Component, name: str) -> Any:
    prop = _single(component, name)
    return None if prop is None else prop.dt


def _is_wall_clock(component: Component, name: str) -> bool:
    """A date, a floating time or a time with a TZID, as opposed to a UTC instant."""
    prop = _single(component, name)
    value = prop.dt
    return not isinstance(value, datetime) or value.tzinfo is None or "TZID" in prop.params


def _local(value: date | datetime, zone: ZoneInfo) -> datetime:
    """The wall-clock time in the interpreter's zone; floating times are already theirs."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None or getattr(value.tzinfo, "key", None) == zone.key:
        return value.replace(tzinfo=None)
    return value.astimezone(zone).replace(tzinfo=None)


def _span(component: Component, zone: ZoneInfo, what: str) -> tuple[datetime, datetime]:
    start = _value(component, "DTSTART")
    if start is None:
        raise InvalidInput("A {what} component has no DTSTART.", "data", what=what)
    end = _value(component, "DTEND")
    duration = _value(component, "DURATION")
    if end is None and duration is None:
        raise InvalidInput("A {what} component has neither DTEND nor DURATION.", "data", what=what)
    local_start = _local(start, zone)
    local_end = _local(end, zone) if end is not None else local_start + duration
    if local_end <= local_start:
        raise InvalidInput("A {what} component ends before it starts.", "data", what=what)
    return local_start, local_end


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _recurring_weekdays(available: Component, first: date) -> list[int] | None:
    """The weekdays a weekly or daily RRULE repeats on; None without RRULE."""
    for unsupported in ("RDATE", "EXDATE", "RECURRENCE-ID"):
        if available.get(unsupported) is not None:
            raise InvalidInput(
                "Exceptions to a recurrence ({name}) are not supported.", "data", name=unsupported
            )
    rule = available.get("RRULE")
    if rule is None:
        return None
    if isinstance(rule, list):
        raise InvalidInput("An AVAILABLE has more than one RRULE.", "data")
    frequency = (rule.get("FREQ") or [""])[0]
    parts = set(rule) - {"FREQ", "BYDAY", "WKST", "INTERVAL"}
    if frequency not in {"WEEKLY", "DAILY"} or parts or rule.get("INTERVAL", [1])[0] != 1:
        raise InvalidInput(
            "Only weekly or daily repetition without an end is supported, not {rule}.",
            "data",
            rule=rule.to_ical().decode(),
        )
    days = rule.get("BYDAY")
    if not days:
        return list(range(7)) if frequency == "DAILY" else [first.weekday()]
    if any(str(day) not in WEEKDAYS for day in days):
        raise InvalidInput("Unsupported BYDAY in {rule}.", "data", rule=rule.to_ical().decode())
    return [WEEKDAYS.index(str(day)) for day in days]


def _read_available(available: Component, zone: ZoneInfo, rules: Rules) -> None:
    start, end = _span(available, zone, "AVAILABLE")
    length = int((end - start).total_seconds() // 60)
    if length > DAY_MINUTES:
        raise InvalidInput("An AVAILABLE is longer than 24 hours.", "data")
    if length == DAY_MINUTES and _minutes(start) != 0:
        raise InvalidInput("A 24-hour window must start at 00:00.", "data")
    if length == 0:  # under a minute: no time to offer
        return
    original = _value(available, "DTSTART")
    original_day = original.date() if isinstance(original, datetime) else original
    weekdays = _recurring_weekdays(available, original_day)
    if weekdays is not None and isinstance(original, datetime):
        # A rule written in another zone is converted at this week's occurrence: its first
        # one may lie years back, under offsets that no longer hold.
        original += timedelta(weeks=max(0, (datetime.now(UTC).date() - original_day).days // 7))
        original_day = original.date()
        start = _local(original, zone)
    shift = (start.date() - original_day).days
    window = (_minutes(start), _minutes(start) + length)
    if weekdays is None:
        rules.extra.setdefault(start.date(), []).append(window)
        return
    rules.weekly.extend(((day + shift) % 7, *window) for day in weekdays)


def _read_busy(block: Component, zone: ZoneInfo, rules: Rules) -> None:
    start, end = _span(block, zone, "VAVAILABILITY")
    wall = _is_wall_clock(block, "DTSTART") and (
        block.get("DTEND") is None or _is_wall_clock(block, "DTEND")
    )
    whole_days = wall and start.time() == time() and end.time() == time()
    busy_type = str(_single(block, "BUSYTYPE") or "BUSY-UNAVAILABLE").upper()
    if whole_days and busy_type != "BUSY" and end - start == timedelta(days=1):
        rules.unavailable.add(start.date())
        return
    note = str(_single(block, "SUMMARY") or _single(block, "DESCRIPTION") or "")[:500]
    try:
        if whole_days:
            last = end.date() - timedelta(days=1)
            rules.time_off.append(TimeOffIn(first_day=start.date(), last_day=last, note=note))
        else:
            starts_at = aware(start, zone.key)
            ends_at = starts_at + (end - start)
            rules.time_off.append(TimeOffIn(starts_at=starts_at, ends_at=ends_at, note=note))
    except ValidationError as error:
        raise InvalidInput.with_errors(
            "A time off in the file is not valid.", field_errors(error, "data.")
        ) from error


def parse_availability(content: bytes, zone_name: str) -> Rules:
    """The rules a VAVAILABILITY file describes, in the interpreter's zone."""
    try:
        calendar = Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError) as error:
        raise InvalidInput(
            "This file is not iCalendar: {error}", "data", error=str(error)
        ) from error
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise InvalidInput("This file is not iCalendar: {error}", "data", error="no VCALENDAR")
    blocks = calendar.walk("VAVAILABILITY")
    if not blocks:
        raise InvalidInput("The file holds no VAVAILABILITY.", "data")
    zone = ZoneInfo(zone_name)
    rules = Rules()
    try:
        for block in blocks:
            children = block.walk("AVAILABLE")
            if not children:
                _read_busy(block, zone, rules)
                continue
            if block.get("DTEND") is not None or block.get("DURATION") is not None:
                raise InvalidInput(
                    "Availability limited in time (DTEND on a VAVAILABILITY) is not supported.",
                    "data",
                )
            for available in children:
                _read_available(available, zone, rules)
    except (OverflowError, TypeError, AttributeError, ValueError) as error:
        # Values icalendar parsed but that make no sense here (year 9999, a date where a
        # time belongs): refused like any other bad file.
        problem = str(error)
        raise InvalidInput(
            "A component of the file is not valid: {error}", "data", error=problem
        ) from error
    return rules


def freebusy_calendar(
    start: int,
    end: int,
    free: Sequence[tuple[int, str, Sequence[Interval]]],
) -> bytes:
    """One VFREEBUSY per interpreter: FBTYPE=FREE periods and the rest of the range BUSY."""
    calendar = _calendar("PUBLISH")
    stamp = datetime.now(UTC)
    for interpreter_id, name, intervals in free:
        component = FreeBusy()
        component.add("UID", f"freebusy-{interpreter_id}-{start}-{end}")
        component.add("DTSTAMP", stamp)
        component.add("DTSTART", instant(start))
        component.add("DTEND", instant(end))
        component.add("CONTACT", name)
        cursor = start
        for free_start, free_end in intervals:
            if free_start > cursor:
                component.add(
                    "FREEBUSY",
                    (instant(cursor), instant(free_start)),
                    parameters={"FBTYPE": "BUSY"},
                )
            component.add(
                "FREEBUSY", (instant(free_start), instant(free_end)), parameters={"FBTYPE": "FREE"}
            )
            cursor = free_end
        if cursor < end:
            component.add(
                "FREEBUSY", (instant(cursor), instant(end)), parameters={"FBTYPE": "BUSY"}
            )
        calendar.add_component(component)
    return bytes(calendar.to_ical())

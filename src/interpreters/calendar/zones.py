"""VTIMEZONE components from the pinned zoneinfo rules, written so that every parser agrees.

icalendar's `Timezone.from_tzinfo` (7.3) folds later transitions into RDATEs of the first
observance and writes a spring-forward DTSTART on the new clock. ical.js (2.2) ignores an
observance's own DTSTART as soon as it has an RDATE, so it read a Tijuana session in late
October as standard time, an hour off. Here each transition is its own observance without
RDATE or RRULE, its DTSTART the local time on the clock in force before it (RFC 5545
§3.6.5), which both parsers read alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Transitions are found hour by hour, then narrowed down to the second.
SCAN_STEP = timedelta(hours=1)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The UTC instants in [start, end) at which the zone's offset or name changes."""
    found = []
    before = start
    while before < end:
        after = min(before + SCAN_STEP, end)
        if _changed(zone, before, after):
            low, high = before, after
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (low, middle) if _changed(zone, low, middle) else (middle, high)
            found.append(high)
        before = after
    return found


def _changed(zone: ZoneInfo, first: datetime, second: datetime) -> bool:
    one, two = first.astimezone(zone), second.astimezone(zone)
    return (one.utcoffset(), one.tzname(), one.dst()) != (two.utcoffset(), two.tzname(), two.dst())


def _observance(
    zone: ZoneInfo, instant: datetime, offset_from: timedelta
) -> TimezoneStandard | TimezoneDaylight:
    local = instant.astimezone(zone)
    observance = TimezoneDaylight() if local.dst() else TimezoneStandard()
    observance.add("DTSTART", (instant + offset_from).replace(tzinfo=None))
    observance.add("TZOFFSETFROM", offset_from)
    observance.add("TZOFFSETTO", _offset(zone, instant))
    observance.add("TZNAME", local.tzname() or "")
    return observance


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    zone = ZoneInfo(tzid)
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    component = Timezone()
    component.add("TZID", tzid)
    # The first observance only says which offset holds when the covered span begins.
    component.add_component(_observance(zone, start, _offset(zone, start)))
    for instant in _transitions(zone, start, end):
        before = _offset(zone, instant - timedelta(seconds=1))
        component.add_component(_observance(zone, instant, before))
    return bytes(component.to_ical())


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """The VTIMEZONE of `tzid` valid from the start of `first` to the start of `last`."""
    # Parsed afresh each time: a cached component shared between calendars could be changed.
    component = Timezone.from_ical(_vtimezone(tzid, first, last))
    assert isinstance(component, Timezone)
    return component

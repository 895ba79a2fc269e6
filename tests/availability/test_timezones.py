"""Wall-clock windows become the right instants around every DST change of 2026.

2026 changes: the US (Tijuana, Los Angeles) springs forward on 8 March at 02:00 and falls
back on 1 November at 02:00; the EU (Madrid) on 29 March at 02:00 and 25 October at 03:00.
Mexico City, Santo Domingo and Tegucigalpa keep one offset all year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from interpreters.availability.freebusy import Limits, Schedule, free_intervals
from interpreters.availability.query import free_time
from interpreters.availability.service import save_profile
from interpreters.availability.wallclock import epoch, to_utc
from tests.registry.factories import add_interpreter

NO_LIMITS = Limits(notice_hours=0, buffer_minutes=0)
LONG_AGO = epoch(datetime(2020, 1, 1, tzinfo=UTC))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    return epoch(datetime(year, month, day, hour, minute, tzinfo=UTC))


def minutes(clock: str) -> int:
    hours, _, rest = clock.partition(":")
    return int(hours) * 60 + int(rest)


def schedule(zone: str, day: date, start: str, end: str) -> Schedule:
    """One weekly window on `day`'s weekday; an end at or before the start crosses midnight."""
    low, high = minutes(start), minutes(end)
    weekly: list[tuple[tuple[int, int], ...]] = [()] * 7
    weekly[day.weekday()] = ((low, high if high > low else high + 1440),)
    return Schedule(interpreter_id=1, zone=zone, weekly=tuple(weekly), limits=NO_LIMITS)


def free_on(zone: str, day: date, start: str, end: str) -> list[tuple[int, int]]:
    """The free instants the window gives on `day` (and the night after it)."""
    low = epoch(datetime.combine(day, datetime.min.time(), tzinfo=UTC)) - 86400
    return free_intervals(schedule(zone, day, start, end), low, low + 4 * 86400, LONG_AGO)


def seen_from(zone: str, intervals: list[tuple[int, int]]) -> list[tuple[str, str]]:
    local = ZoneInfo(zone)
    return [
        (
            datetime.fromtimestamp(s, local).strftime("%a %d %H:%M"),
            datetime.fromtimestamp(e, local).strftime("%a %d %H:%M"),
        )
        for s, e in intervals
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Both on standard time: Madrid UTC+1, Tegucigalpa UTC-6.
        (date(2026, 3, 18), [("Wed 18 02:00", "Wed 18 06:00")]),
        # Friday before Madrid's change, Monday after it: one hour earlier in Tegucigalpa.
        (date(2026, 3, 27), [("Fri 27 02:00", "Fri 27 06:00")]),
        (date(2026, 3, 30), [("Mon 30 01:00", "Mon 30 05:00")]),
        # Summer until 25 October, then standard time again.
        (date(2026, 10, 21), [("Wed 21 01:00", "Wed 21 05:00")]),
        (date(2026, 10, 26), [("Mon 26 02:00", "Mon 26 06:00")]),
        (date(2026, 11, 4), [("Wed 04 02:00", "Wed 04 06:00")]),
    ],
)
def test_a_madrid_morning_seen_from_tegucigalpa_in_march_and_november(
    day: date, expected: list[tuple[str, str]]
) -> None:
    free = free_on("Europe/Madrid", day, "09:00", "13:00")
    assert seen_from("America/Tegucigalpa", free) == expected
    assert seen_from("Europe/Madrid", free)[0][0].endswith("09:00")


@pytest.mark.parametrize(
    ("start", "end", "expected_utc"),
    [
        # Before the gap: 01:00 PST (UTC-8); after it: 05:00 PDT (UTC-7). Three real hours.
        ("01:00", "05:00", [(utc(2026, 3, 8, 9), utc(2026, 3, 8, 12))]),
        # 02:30 does not exist: the window starts when the clocks jump, 03:00 PDT.
        ("02:30", "06:00", [(utc(2026, 3, 8, 10), utc(2026, 3, 8, 13))]),
        # An end inside the gap ends at the jump too.
        ("00:00", "02:30", [(utc(2026, 3, 8, 8), utc(2026, 3, 8, 10))]),
        # A window wholly inside the gap is no time at all.
        ("02:10", "02:50", []),
    ],
)
def test_a_tijuana_window_on_the_spring_forward_day(
    start: str, end: str, expected_utc: list[tuple[int, int]]
) -> None:
    assert free_on("America/Tijuana", date(2026, 3, 8), start, end) == expected_utc


def test_a_window_in_the_fall_back_fold_means_the_first_occurrence() -> None:
    # Tijuana, 1 November: 01:00-02:00 happens twice (PDT, then PST).
    assert free_on("America/Tijuana", date(2026, 11, 1), "01:30", "03:00") == [
        (utc(2026, 11, 1, 8, 30), utc(2026, 11, 1, 11))
    ]
    assert free_on("America/Los_Angeles", date(2026, 11, 1), "01:00", "01:30") == [
        (utc(2026, 11, 1, 8), utc(2026, 11, 1, 8, 30))
    ]
    # Madrid, 25 October: 02:00-03:00 happens twice (CEST, then CET).
    assert free_on("Europe/Madrid", date(2026, 10, 25), "02:30", "04:00") == [
        (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 3))
    ]


def test_madrid_spring_forward_gap_and_a_day_of_23_hours() -> None:
    assert free_on("Europe/Madrid", date(2026, 3, 29), "02:15", "03:30") == [
        (utc(2026, 3, 29, 1), utc(2026, 3, 29, 1, 30))
    ]
    assert free_on("Europe/Madrid", date(2026, 3, 29), "00:00", "24:00") == [
        (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    ]
    # The fall-back day has 25 hours.
    assert free_on("Europe/Madrid", date(2026, 10, 25), "00:00", "24:00") == [
        (utc(2026, 10, 24, 22), utc(2026, 10, 25, 23))
    ]


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # No DST in Mexico City: same UTC hour on the US and the old Mexican change dates.
        ("America/Mexico_City", date(2026, 3, 8), (utc(2026, 3, 8, 14), utc(2026, 3, 8, 18))),
        ("America/Mexico_City", date(2026, 4, 5), (utc(2026, 4, 5, 14), utc(2026, 4, 5, 18))),
        ("America/Mexico_City", date(2026, 11, 1), (utc(2026, 11, 1, 14), utc(2026, 11, 1, 18))),
        ("America/Tegucigalpa", date(2026, 3, 29), (utc(2026, 3, 29, 14), utc(2026, 3, 29, 18))),
        ("America/Santo_Domingo", date(2026, 3, 8), (utc(2026, 3, 8, 12), utc(2026, 3, 8, 16))),
        ("America/Santo_Domingo", date(2026, 11, 1), (utc(2026, 11, 1, 12), utc(2026, 11, 1, 16))),
        # Los Angeles around both US changes.
        ("America/Los_Angeles", date(2026, 3, 7), (utc(2026, 3, 7, 16), utc(2026, 3, 7, 20))),
        ("America/Los_Angeles", date(2026, 3, 9), (utc(2026, 3, 9, 15), utc(2026, 3, 9, 19))),
        ("America/Los_Angeles", date(2026, 10, 31), (utc(2026, 10, 31, 15), utc(2026, 10, 31, 19))),
        ("America/Los_Angeles", date(2026, 11, 2), (utc(2026, 11, 2, 16), utc(2026, 11, 2, 20))),
    ],
)
def test_an_eight_to_noon_window_around_each_change(
    zone: str, day: date, expected: tuple[int, int]
) -> None:
    assert free_on(zone, day, "08:00", "12:00") == [expected]


def test_los_angeles_and_madrid_are_eight_hours_apart_between_the_two_spring_changes() -> None:
    before = free_on("America/Los_Angeles", date(2026, 3, 4), "09:00", "10:00")
    between = free_on("America/Los_Angeles", date(2026, 3, 18), "09:00", "10:00")
    after = free_on("America/Los_Angeles", date(2026, 4, 1), "09:00", "10:00")
    assert [seen_from("Europe/Madrid", x)[0][0][-5:] for x in (before, between, after)] == [
        "18:00",
        "17:00",
        "18:00",
    ]


def test_a_window_may_cross_midnight_into_the_next_day() -> None:
    # Friday 22:00 to Saturday 02:00 in Santo Domingo (UTC-4).
    assert free_on("America/Santo_Domingo", date(2026, 3, 6), "22:00", "02:00") == [
        (utc(2026, 3, 7, 2), utc(2026, 3, 7, 6))
    ]
    # Across the US spring-forward night: Saturday 22:00 PST to Sunday 06:00 PDT.
    assert free_on("America/Tijuana", date(2026, 3, 7), "22:00", "06:00") == [
        (utc(2026, 3, 8, 6), utc(2026, 3, 8, 13))
    ]


def test_to_utc_reads_minutes_past_midnight_as_the_next_day() -> None:
    assert to_utc("America/Tijuana", date(2026, 3, 7), 24 * 60 + 150) == utc(2026, 3, 8, 10)


async def test_free_time_through_the_database_follows_the_interpreters_zone() -> None:
    madrid = await add_interpreter(1, timezone="Europe/Madrid")
    tijuana = await add_interpreter(2, timezone="America/Tijuana")
    every_day = [[day, 9 * 60, 13 * 60] for day in range(7)]
    for interpreter_id in (madrid, tijuana):
        await save_profile(interpreter_id, weekly=every_day, notice_hours=0, buffer_minutes=0)
    start, end = utc(2026, 3, 27), utc(2026, 3, 31)
    free = await free_time(
        {madrid: "Europe/Madrid", tijuana: "America/Tijuana"}, start, end, LONG_AGO
    )
    assert seen_from("America/Tegucigalpa", free[madrid]) == [
        ("Fri 27 02:00", "Fri 27 06:00"),
        ("Sat 28 02:00", "Sat 28 06:00"),
        ("Sun 29 01:00", "Sun 29 05:00"),
        ("Mon 30 01:00", "Mon 30 05:00"),
    ]
    assert seen_from("UTC", free[tijuana]) == [
        ("Fri 27 16:00", "Fri 27 20:00"),
        ("Sat 28 16:00", "Sat 28 20:00"),
        ("Sun 29 16:00", "Sun 29 20:00"),
        ("Mon 30 16:00", "Mon 30 20:00"),
    ]
    assert timedelta(seconds=free[tijuana][0][1] - free[tijuana][0][0]) == timedelta(hours=4)

"""The benchmark's data set: 10,000 interpreters with realistic, varied availability.

Weekly windows come from common templates (office hours, mornings, evenings, weekends,
nights crossing midnight) shifted by 30-minute steps, in 14 zones; some interpreters have
date overrides, holidays and time off; limits vary. A fixed seed makes it the same each run.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

BATCH = 1000
SEED = 2027
START = datetime(2027, 3, 8, 12, tzinfo=UTC)  # a Monday; US clocks spring forward on the 14th
WEEK_DAYS, YEAR_DAYS = 7, 365
HEAVY_ZONE = "America/Tijuana"  # the single interpreter: US DST rules, two changes a year

# Where interpreters live: the region first, rare languages abroad (DST then matters).
ZONES: dict[str, tuple[str, float]] = {
    "America/Mexico_City": ("MX", 20.0),
    "America/Cancun": ("MX", 3),
    "America/Tijuana": ("MX", 4),
    "America/Guatemala": ("GT", 14),
    "America/Tegucigalpa": ("HN", 8),
    "America/El_Salvador": ("SV", 7),
    "America/Managua": ("NI", 5),
    "America/Santo_Domingo": ("DO", 8),
    "America/Costa_Rica": ("CR", 6),
    "America/Panama": ("PA", 5),
    "America/Belize": ("BZ", 3),
    "America/Los_Angeles": ("US", 5),
    "America/New_York": ("US", 6),
    "Europe/Madrid": ("ES", 4),
}
H = 60
WEEKDAYS, EVERY_DAY = range(5), range(7)
# Weekly templates: (weight, days, windows in local minutes; an end past 1440 crosses midnight).
TEMPLATES: dict[str, tuple[float, range | tuple[int, ...], tuple[tuple[int, int], ...]]] = {
    "office 08-12 + 14-18": (24, WEEKDAYS, ((8 * H, 12 * H), (14 * H, 18 * H))),
    "office 09-17": (22, WEEKDAYS, ((9 * H, 17 * H),)),
    "mornings 07-13": (10, WEEKDAYS, ((7 * H, 13 * H),)),
    "mornings 08-12 Mon-Sat": (5, range(6), ((8 * H, 12 * H),)),
    "afternoons 13-19": (7, WEEKDAYS, ((13 * H, 19 * H),)),
    "evenings 18-22": (7, WEEKDAYS, ((18 * H, 22 * H),)),
    "weekends 09-18": (4, (5, 6), ((9 * H, 18 * H),)),
    "part time 09-14, 3 days": (8, (), ((9 * H, 14 * H),)),  # days drawn per interpreter
    "nights 22-06 Sun-Thu": (3, (6, 0, 1, 2, 3), ((22 * H, 30 * H),)),
    "late 20-02 Thu-Sat": (3, (3, 4, 5), ((20 * H, 26 * H),)),
    "long days 07-21 all week": (4, EVERY_DAY, ((7 * H, 21 * H),)),
    "split 07-09 + 17-21": (3, WEEKDAYS, ((7 * H, 9 * H), (17 * H, 21 * H))),
}
HEAVY_WEEK = [(d, 8 * H, 12 * H) for d in range(6)] + [(d, 14 * H, 18 * H) for d in WEEKDAYS]
HEAVY_WEEK.sort()
KEEP_TEMPLATE = 0.45  # the others shift their start and end by 30-minute steps
NOTICE = {0: 5.0, 2: 10, 12: 15, 24: 45, 48: 20, 72: 5}
BUFFER = {0: 10.0, 10: 15, 15: 45, 30: 25, 60: 5}
DAY_LIMIT = {240: 20.0, 360: 50, 480: 30}
WEEK_LIMIT = {1200: 25.0, 1800: 50, 2400: 25}
ON_CALL = 0.12
IN_WINDOW_OVERRIDES = 0.15  # interpreters with a date override inside the 7-day range
IN_WINDOW_TIME_OFF = 0.12  # ... with time off inside it
HOLIDAYS = 0.5  # mark some public holidays of the year unavailable
VACATION = 0.4  # have time off elsewhere in the year
# With `year_round`, every interpreter's year is like the heavy one's, only lighter: date
# overrides and appointments spread over the 365 days around START (the matching benchmark
# books interpreters in that year, half of it before START).
YEAR_ROUND_OVERRIDES = (2, 14)  # override dates in the year, from .. to
YEAR_ROUND_APPOINTMENTS = (0, 6)
# Public holidays inside the 365-day range, none inside the 7-day one: outside the heavy
# interpreter's year they only make the tables realistic.
HOLIDAY_DATES = [
    *(date(2027, m, d) for m, d in [(3, 25), (3, 26), (5, 1), (9, 15), (9, 16), (11, 2)]),
    *(date(2027, 11, 15), date(2027, 12, 25), date(2028, 1, 1), date(2028, 2, 7)),
]


def weighted(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def weekly_pattern(rng: random.Random) -> tuple[str, list[tuple[int, int, int]]]:
    """A template, kept as is or varied: first start and last end move in 30-minute steps,
    and sometimes one day ends early."""
    from interpreters.availability.service import normalise_weekly

    name = weighted(rng, {key: value[0] for key, value in TEMPLATES.items()})
    _, days, windows = TEMPLATES[name]
    if not days:
        days = tuple(sorted(rng.sample(range(6), 3)))
    moved = list(windows)
    if rng.random() >= KEEP_TEMPLATE:
        first, last = moved[0], moved[-1]
        step = 30 * rng.choice([-2, -1, 0, 1, 2])
        moved[0] = (first[0] + step, first[1])
        step = 30 * rng.choice([-2, -1, 0, 1, 2])
        moved[-1] = (moved[-1][0], last[1] + step)
    short = rng.choice(days) if rng.random() < 0.25 else None  # e.g. a short Friday
    rows = []
    for day in days:
        for index, (start, end) in enumerate(moved):
            if day == short and index == len(moved) - 1:
                end = max(start + H, end - 2 * H)
            rows.append((day, start, end))
    return name, normalise_weekly(rows)


@dataclass
class DataSet:
    people: list[dict[str, Any]] = field(default_factory=list)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    # (person index, values) rows pointing at an interpreter
    overrides: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    time_off: list[tuple[int, Any]] = field(default_factory=list)  # (person index, TimeOffIn)
    templates: Counter[str] = field(default_factory=Counter)
    patterns: set[str] = field(default_factory=set)
    with_overrides_in_range: int = 0
    with_time_off_in_range: int = 0


def local_days(zone: str, start: datetime, days: int) -> list[date]:

    first = start.astimezone(ZoneInfo(zone)).date()
    return [first + timedelta(n) for n in range(days)]


def add_overrides(rng: random.Random, data: DataSet, person: int, days: list[date]) -> None:
    for day in days:
        if rng.random() < 0.5:
            windows: list[list[int]] = []  # unavailable that day
        else:  # extra hours, e.g. a Saturday morning or a late evening
            start = rng.choice(range(7 * H, 19 * H, 30))
            windows = [[start, start + rng.choice([2, 3, 4]) * H]]
        data.overrides.append((person, dict(day=day, windows=windows)))


def add_time_off(
    rng: random.Random, data: DataSet, person: int, first: date, days: int, partial: bool
) -> None:
    from interpreters.availability.schemas import TimeOffIn

    if partial:  # a medical appointment, a court day elsewhere: instants in local time
        moment = datetime.combine(first, datetime.min.time()) + timedelta(
            minutes=rng.choice(range(8 * H, 16 * H, 30))
        )
        span = timedelta(minutes=rng.choice([90, 120, 180, 240]))
        data.time_off.append((person, TimeOffIn(starts_at=moment, ends_at=moment + span)))
        return
    last = first + timedelta(days - 1)
    data.time_off.append((person, TimeOffIn(first_day=first, last_day=last, note="vacaciones")))


def add_year_round(
    rng: random.Random, data: DataSet, person: int, around: list[date], taken: set[date]
) -> set[date]:
    """Override dates (none of those `taken` already) and appointments over the year around
    START; returns the dates overridden."""
    free = [day for day in around if day not in taken]
    chosen = set(rng.sample(free, rng.randint(*YEAR_ROUND_OVERRIDES)))
    add_overrides(rng, data, person, sorted(chosen))
    for day in rng.sample(around, rng.randint(*YEAR_ROUND_APPOINTMENTS)):
        add_time_off(rng, data, person, day, 1, partial=True)
    return chosen


def build(rng: random.Random, n: int, year_round: bool = False) -> DataSet:
    """n vetted interpreters; index 0 is the heavy one of the 365-day case. `year_round`
    adds overrides and appointments over the year around START to everyone else."""

    data = DataSet()
    zone_weights = {zone: weight for zone, (_, weight) in ZONES.items()}
    year = local_days("UTC", START, YEAR_DAYS + 2)
    around = local_days("UTC", START - timedelta(days=YEAR_DAYS // 2), YEAR_DAYS)
    for i in range(n):
        zone = HEAVY_ZONE if i == 0 else weighted(rng, zone_weights)
        name = f"Intérprete {i}"
        data.people.append(
            dict(
                display_name=name,
                legal_name=name,
                email=f"freebusy{i}@example.org",
                gender=rng.choice(["female", "male"]),
                country=ZONES[zone][0] if ZONES[zone][0] not in {"US", "ES"} else "GT",
                timezone=zone,
                vetting_status="vetted",
                background_check_on=date(2026, 6, 1),
                background_check_expires_on=date(2028, 6, 1),
            )
        )
        template, weekly = weekly_pattern(rng)
        if i == 0:  # office hours split by lunch on weekdays, and Saturday mornings
            template, weekly = "heavy: office + Saturdays", [*HEAVY_WEEK]
        data.templates[template] += 1
        data.patterns.add(json.dumps(weekly))
        day_limit = weighted(rng, DAY_LIMIT)
        data.profiles.append(
            dict(
                weekly=[list(w) for w in weekly],
                notice_hours=weighted(rng, NOTICE),
                buffer_minutes=weighted(rng, BUFFER),
                max_day_minutes=day_limit,
                max_week_minutes=max(day_limit, weighted(rng, WEEK_LIMIT)),
                on_call=rng.random() < ON_CALL,
            )
        )
        # The local days of the 7-day range (and the day before, whose windows may cross in).
        week = local_days(zone, START - timedelta(days=1), WEEK_DAYS + 2)
        taken: set[date] = set()
        if i == 0:  # a full year: holidays, extra Saturdays, vacations and appointments
            chosen = set(HOLIDAY_DATES) | set(rng.sample(year, 15))
            add_overrides(rng, data, i, sorted(chosen))
            for first, days in [(date(2027, 4, 12), 10), (date(2027, 8, 2), 15)]:
                add_time_off(rng, data, i, first, days, partial=False)
            for day in rng.sample(year, 8):
                add_time_off(rng, data, i, day, 1, partial=True)
            continue
        if rng.random() < IN_WINDOW_OVERRIDES:
            chosen = set(rng.sample(week, rng.choice([1, 1, 2, 3])))
            add_overrides(rng, data, i, sorted(chosen))
            taken |= chosen
            data.with_overrides_in_range += 1
        if rng.random() < IN_WINDOW_TIME_OFF:
            partial = rng.random() < 0.4
            length = 1 if partial else rng.choice([1, 2, 3, 5])
            add_time_off(rng, data, i, rng.choice(week[1:-1]), length, partial)
            data.with_time_off_in_range += 1
        if rng.random() < HOLIDAYS:
            holidays = rng.sample(HOLIDAY_DATES, rng.randint(1, 5))
            add_overrides(rng, data, i, sorted(set(holidays) - taken))
            taken |= set(holidays)
        if rng.random() < VACATION:  # elsewhere in the year: outside the 7-day range
            for _ in range(rng.randint(1, 3)):
                first = rng.choice(year[14:-20])
                add_time_off(rng, data, i, first, rng.randint(2, 15), partial=False)
        if year_round:
            chosen = add_year_round(rng, data, i, around, taken)
            data.with_overrides_in_range += bool(chosen & set(week)) and not taken & set(week)
    return data


async def insert(table: Any, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows of `table` in batches; returns their ids."""
    made: list[dict[str, Any]] = []
    for start in range(0, len(rows), BATCH):
        made += await table.insert(*rows[start : start + BATCH])
    return made


async def fill(data: DataSet) -> tuple[dict[int, str], int, int]:
    """Bulk-insert the data set; returns the zones by interpreter id, the heavy one's id and
    the row count."""
    from interpreters.availability.service import time_off_row
    from interpreters.availability.tables import AvailabilityProfile, DateOverride, TimeOff
    from interpreters.db import transaction
    from interpreters.registry.tables import Interpreter

    async with transaction():
        made = await insert(Interpreter, [Interpreter(**row) for row in data.people])
        ids = [row["id"] for row in made]
        profiles = [
            AvailabilityProfile(interpreter=i, **values)
            for i, values in zip(ids, data.profiles, strict=True)
        ]
        await insert(AvailabilityProfile, profiles)
        overrides = [DateOverride(interpreter=ids[p], **values) for p, values in data.overrides]
        await insert(DateOverride, overrides)
        zones = [row["timezone"] for row in data.people]
        time_off = [time_off_row(ids[p], zones[p], spec) for p, spec in data.time_off]
        await insert(TimeOff, time_off)
    count = len(ids) + len(profiles) + len(overrides) + len(time_off)
    return dict(zip(ids, zones, strict=True)), ids[0], count


def describe(data: DataSet, rows: int) -> None:
    n = len(data.people)
    common = ", ".join(f"{name} {count}" for name, count in data.templates.most_common(4))
    zones = Counter(person["timezone"] for person in data.people)
    print(
        f"data: {n} interpreters in {len(zones)} zones, {rows} rows;"
        f" {len(data.patterns)} distinct weekly patterns from {len(TEMPLATES)} templates"
        f" ({common}, ...)"
    )
    print(
        f"data: in the 7-day range {data.with_overrides_in_range / n:.0%} have date overrides,"
        f" {data.with_time_off_in_range / n:.0%} time off; {len(data.overrides)} override and"
        f" {len(data.time_off)} time-off rows in the year; on call {ON_CALL:.0%}"
    )

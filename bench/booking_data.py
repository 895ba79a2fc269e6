"""A year of bookings for the matching benchmark, and a bulk insert fast enough for them.

Workloads are skewed (a log-normal share each, at most MOST_BOOKINGS a year). Each booking
lies inside its interpreter's weekly windows, on a day of the 365 around START, and never
overlaps another of theirs with their buffer (the database refuses it); it is confirmed,
or mostly completed before START, and answers a request of its own for one of the
interpreter's pairs and modalities, in one of a few cases of theirs.
"""

from __future__ import annotations

import bisect
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from freebusy_data import START, YEAR_DAYS, local_days, weighted

BOOKINGS = 200_000
MOST_BOOKINGS = 150  # a year's sessions of the busiest interpreter
COMPLETED = 0.92  # of the sessions before START; the others await their closing
SESSION_KINDS = {
    "victim_interview": 40.0,
    "deposition": 15,
    "court_hearing": 15,
    "minor_forensic_interview": 8,
    "psychological_assessment": 10,
    "consular_interview": 12,
}
DURATIONS = {45: 25.0, 60: 30, 90: 20, 120: 15, 180: 7, 240: 3}
INSTITUTIONS = {
    "MX": "America/Mexico_City",
    "GT": "America/Guatemala",
    "HN": "America/Tegucigalpa",
    "SV": "America/El_Salvador",
    "NI": "America/Managua",
    "DO": "America/Santo_Domingo",
    "CR": "America/Costa_Rica",
    "PA": "America/Panama",
    "BZ": "America/Belize",
}
COMMUNITIES = "Momostenango Nebaj Cantel Chichicastenango Cobán Puerto Lempira Livingston Bocas"
VICTIM_COMMUNITIES = ["", "", *COMMUNITIES.split()]  # a third of requests name none
# (start, end, blocked until) as UTC epoch seconds
Session = tuple[int, int, int]


@dataclass
class Bookings:
    # (person index, request values, booking values); the request is inserted first.
    rows: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)


def sessions(
    rng: random.Random, profile: dict[str, Any], zone: str, count: int, days: list[date]
) -> list[Session]:
    """Up to `count` sessions inside the weekly windows, none in another's blocked time."""
    from interpreters.availability.wallclock import to_utc

    by_day: dict[int, list[tuple[int, int]]] = {}
    for weekday, start, end in profile["weekly"]:
        by_day.setdefault(weekday, []).append((start, end))
    buffer = profile["buffer_minutes"] * 60
    starts: list[int] = []
    found: list[Session] = []
    for _ in range(count * 3):
        if len(found) == count:
            break
        day = rng.choice(days)
        if day.weekday() not in by_day:
            continue
        low, high = rng.choice(by_day[day.weekday()])
        minutes = min(weighted(rng, DURATIONS), high - low)
        minute = low + 15 * rng.randrange((high - low - minutes) // 15 + 1)
        start = to_utc(zone, day, minute)
        end = start + minutes * 60
        at = bisect.bisect(starts, start)
        if (at and found[at - 1][2] > start) or (at < len(found) and end + buffer > found[at][0]):
            continue
        starts.insert(at, start)
        found.insert(at, (start, end, end + buffer))
    return found


class Booker:
    def __init__(
        self,
        rng: random.Random,
        people: list[dict[str, Any]],
        skills: dict[int, list[dict[str, Any]]],
        modalities: dict[int, list[str]],
    ) -> None:
        from interpreters.bookings.rules import default_credentials
        from interpreters.bookings.schemas import SessionKind

        self.rng, self.people, self.skills, self.modalities = rng, people, skills, modalities
        self.needs = {kind: default_credentials(SessionKind(kind)) for kind in SESSION_KINDS}
        self.found = Bookings()

    def book(self, i: int, session: Session, case: str) -> None:
        """One booking of person `i` and the request it answers."""
        rng, person = self.rng, self.people[i]
        start, end, blocked = session
        skill = rng.choice(self.skills[i])
        pair = (skill["language"], skill["working_language"])
        language, working = pair if pair[0] != "spa" else pair[::-1]
        kind = weighted(rng, SESSION_KINDS)
        status = "confirmed"
        if start < START.timestamp() and rng.random() < COMPLETED:
            status = "completed"
        starts_at, ends_at = (datetime.fromtimestamp(t, UTC) for t in (start, end))
        asked = starts_at - timedelta(days=rng.randint(2, 30))
        modality = rng.choice(self.modalities[i])
        country = person["country"] if person["country"] in INSTITUTIONS else "MX"
        request = dict(
            country=country,
            timezone=INSTITUTIONS[country],
            case_reference=case,
            victim_pseudonym=f"Víctima {rng.choice('ABC')}",
            session_kind=kind,
            language=language,
            working_language=working,
            modality=modality,
            place="Sede de la fiscalía" if modality == "on_site" else "",
            community=rng.choice(VICTIM_COMMUNITIES),
            earliest_start=starts_at,
            latest_start=starts_at,
            duration_minutes=(end - start) // 60,
            min_proficiency=3,
            required_credentials=self.needs[kind],
            status=status,
            seats_filled=1,
            created_at=asked,
        )
        booking = dict(
            language=language,
            working_language=working,
            session_kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            blocked_until=datetime.fromtimestamp(blocked, UTC),
            status=status,
            booked_by=1,
            created_at=asked,
        )
        self.found.rows.append((i, request, booking))

    def year(self, profiles: list[dict[str, Any]], total: int) -> Bookings:
        """`total` bookings of the people with a dialogue skill, never applicants."""
        rng, people, found = self.rng, self.people, self.found
        days = local_days("UTC", START - timedelta(days=YEAR_DAYS // 2), YEAR_DAYS)
        booked = [i for i in self.skills if people[i]["vetting_status"] != "applicant"]
        shares = [rng.lognormvariate(0, 1) for _ in booked]
        # A little over the total (some do not fit their windows); the surplus is dropped
        # at random at the end.
        scale = total * 1.1 / sum(shares)
        for i, share in zip(booked, shares, strict=True):
            count = min(MOST_BOOKINGS, round(share * scale))
            country = people[i]["country"]
            own = [
                f"FEVCTP-{country}-2027-{len(found.cases) + k:05d}" for k in range(1 + count // 4)
            ]
            found.cases += own
            for session in sessions(rng, profiles[i], people[i]["timezone"], count, days):
                self.book(i, session, rng.choice(own))
        if len(found.rows) < total:
            raise SystemExit(f"only {len(found.rows)} bookings fit; raise the scale")
        found.rows = rng.sample(found.rows, total)
        found.statuses = Counter(booking["status"] for _, _, booking in found.rows)
        return found


async def bulk(table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Inserts many rows at once, with the table's next ids, and returns those ids.

    Piccolo makes an object per row, a millisecond or more each: 400,000 rows would take
    minutes. COPY on PostgreSQL, executemany on SQLite; the database still checks every
    constraint and trigger (no booking overlaps another of its interpreter's)."""
    from piccolo.columns import JSON
    from piccolo.columns.defaults.base import Default
    from piccolo.engine.postgres import PostgresEngine

    from interpreters.db import engine

    name = table._meta.tablename
    [top] = await table.raw(f"SELECT COALESCE(MAX(id), 0) AS id FROM {name}")  # noqa: S608
    ids = list(range(top["id"] + 1, top["id"] + 1 + len(rows)))
    defaults: dict[str, Any] = {}
    for column in table._meta.non_default_columns:
        value = column.get_default_value()
        defaults[column._meta.db_column_name] = (
            value.python() if isinstance(value, Default) else value
        )
    packed = {c._meta.db_column_name for c in table._meta.columns if isinstance(c, JSON)}
    records = []
    for row_id, row in zip(ids, rows, strict=True):
        values = {**defaults, **row}
        values.update({c: json.dumps(values[c]) for c in packed if c in row})
        records.append((row_id, *values.values()))
    columns = ["id", *defaults]
    db = engine()
    if isinstance(db, PostgresEngine):
        async with db.pool.acquire() as connection:
            await connection.copy_records_to_table(name, records=records, columns=columns)
        await db.run_ddl(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {ids[-1]})")
        return ids
    connection = await db.get_connection()
    try:
        marks = ", ".join("?" for _ in columns)
        listed = ", ".join(f'"{c}"' for c in columns)
        # One transaction: Piccolo's connections commit (and sync the disk) each statement.
        await connection.execute("BEGIN")
        await connection.executemany(
            f"INSERT INTO {name} ({listed}) VALUES ({marks})",  # noqa: S608
            records,
        )
        await connection.commit()
    finally:
        await connection.close()
    return ids

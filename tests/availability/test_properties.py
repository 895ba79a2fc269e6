"""Properties of free/busy over random rules, zones, time off and commitments (hypothesis).

The oracle below finds each window's instants by its own method: among the instants whose
local reading is the window's wall-clock time, the first; when none exists (a gap), the
first instant read after it. It shares no code with the service's conversion.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interpreters.availability.freebusy import Limits, Schedule, TimeOffSpan, free_intervals
from interpreters.availability.query import free_busy
from interpreters.availability.schemas import FreeBusyQuery
from interpreters.availability.service import save_profile
from interpreters.availability.tables import DateOverride, TimeOff
from interpreters.availability.wallclock import epoch
from interpreters.principal import command_line_principal
from tests.factories import empty_all_tables
from tests.registry.factories import add_interpreter

ZONES = [
    "America/Tijuana",
    "America/Mexico_City",
    "America/Santo_Domingo",
    "America/Tegucigalpa",
    "America/Los_Angeles",
    "Europe/Madrid",
]
# Around the 2026 changes: US 8 March and 1 November, EU 29 March and 25 October.
DAYS = [date(2026, 3, 6), date(2026, 3, 27), date(2026, 10, 23), date(2026, 10, 30)]
HALF_HOURS = st.integers(min_value=0, max_value=47).map(lambda n: n * 30)


def _wall(zone: ZoneInfo, instant: int) -> datetime:
    return datetime.fromtimestamp(instant, zone).replace(tzinfo=None)


def _offset(zone: ZoneInfo, instant: int) -> int:
    """Seconds east of UTC on `zone`'s clock at `instant` (an aware time always has one)."""
    offset = datetime.fromtimestamp(instant, zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def oracle_instant(zone_name: str, day: date, minute: int) -> int:
    zone = ZoneInfo(zone_name)
    wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    naive_utc = int(wall.replace(tzinfo=UTC).timestamp())
    offsets = {_offset(zone, naive_utc + shift) for shift in range(-2 * 86400, 2 * 86400 + 1, 3600)}
    exact = [naive_utc - o for o in offsets if _wall(zone, naive_utc - o) == wall]
    if exact:
        return min(exact)
    candidate = min(naive_utc - o for o in offsets)
    while _wall(zone, candidate) < wall:
        candidate += 60
    return candidate


@st.composite
def schedules(draw: st.DrawFn) -> tuple[Schedule, int, int, list[tuple[int, int]]]:
    zone = draw(st.sampled_from(ZONES))
    weekly: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for _ in range(draw(st.integers(0, 10))):
        start = draw(HALF_HOURS)
        length = draw(st.integers(1, 48)) * 30
        weekly[draw(st.integers(0, 6))].append((start, start + length))
    first = draw(st.sampled_from(DAYS))
    span_days = draw(st.integers(1, 5))
    days = [first + timedelta(days=n) for n in range(-1, span_days + 1)]
    overrides: dict[date, tuple[tuple[int, int], ...]] = {}
    for day in draw(st.lists(st.sampled_from(days), max_size=2, unique=True)):
        if draw(st.booleans()):
            overrides[day] = ()
        else:
            start = draw(HALF_HOURS)
            overrides[day] = ((start, start + draw(st.integers(1, 20)) * 30),)
    time_off = []
    for day in draw(st.lists(st.sampled_from(days), max_size=2)):
        if draw(st.booleans()):
            time_off.append(TimeOffSpan(first_day=day, last_day=day))
        else:
            starts = epoch(datetime.combine(day, datetime.min.time(), tzinfo=UTC))
            starts += draw(HALF_HOURS) * 60
            ends = starts + draw(st.integers(1, 16)) * 1800
            time_off.append(TimeOffSpan(day, day, starts, ends))
    low = epoch(datetime.combine(first, datetime.min.time(), tzinfo=UTC))
    low += draw(st.integers(0, 23)) * 3600
    high = low + span_days * 86400
    commitments = []
    for _ in range(draw(st.integers(0, 3))):
        begins = low + draw(st.integers(0, span_days * 48)) * 1800
        commitments.append((begins, begins + draw(st.integers(1, 6)) * 1800))
    limits = Limits(
        notice_hours=draw(st.integers(0, 48)),
        buffer_minutes=draw(st.sampled_from([0, 15, 30])),
        max_day_minutes=draw(st.sampled_from([60, 240, 1440])),
        max_week_minutes=draw(st.sampled_from([120, 1800, 10080])),
    )
    schedule = Schedule(
        interpreter_id=1,
        zone=zone,
        weekly=tuple(tuple(day) for day in weekly),
        overrides=overrides,
        time_off=time_off,
        limits=limits,
    )
    return schedule, low, high, commitments


def inside_rules(schedule: Schedule, instant: int) -> bool:
    local_day = datetime.fromtimestamp(instant, ZoneInfo(schedule.zone)).date()
    for day in (local_day - timedelta(days=1), local_day, local_day + timedelta(days=1)):
        extra = schedule.overrides.get(day)
        windows = () if extra == () else (*schedule.weekly[day.weekday()], *(extra or ()))
        for start, end in windows:
            low = oracle_instant(schedule.zone, day, start)
            high = oracle_instant(schedule.zone, day, end)
            if low <= instant < high:
                return True
    return False


def inside_time_off(schedule: Schedule, instant: int) -> bool:
    for span in schedule.time_off:
        if span.starts_at is not None and span.ends_at is not None:
            low, high = span.starts_at, span.ends_at
        else:
            low = oracle_instant(schedule.zone, span.first_day, 0)
            high = oracle_instant(schedule.zone, span.last_day + timedelta(days=1), 0)
        if low <= instant < high:
            return True
    for day, windows in schedule.overrides.items():
        low, high = oracle_instant(schedule.zone, day, 0), oracle_instant(schedule.zone, day, 1440)
        if not windows and low <= instant < high:
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(schedules(), st.integers(-3 * 86400, 3 * 86400))
def test_free_time_lies_inside_the_rules_outside_time_off_and_never_overlaps(
    case: tuple[Schedule, int, int, list[tuple[int, int]]], now_shift: int
) -> None:
    schedule, low, high, commitments = case
    now = low + now_shift
    free = free_intervals(schedule, low, high, now, commitments)
    earliest = max(low, now + schedule.limits.notice_hours * 3600)
    buffer = schedule.limits.buffer_minutes * 60
    for index, (start, end) in enumerate(free):
        assert earliest <= start < end <= high
        if index + 1 < len(free):
            assert end < free[index + 1][0], "intervals overlap or touch"
        for instant in {start, (start + end) // 2, end - 1}:
            assert inside_rules(schedule, instant), (start, end, instant)
            assert not inside_time_off(schedule, instant), (start, end, instant)
            for busy_start, busy_end in commitments:
                assert not busy_start - buffer <= instant < busy_end + buffer


VIEWER_ZONES = st.sampled_from([*ZONES, "UTC", "Asia/Kolkata", "Pacific/Chatham"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    viewers=st.lists(VIEWER_ZONES, min_size=2, max_size=3, unique=True),
    start_hours=st.integers(0, 24 * 60),
    days=st.integers(8, 14),
)
async def test_free_busy_is_the_same_whatever_zone_the_viewer_uses(
    viewers: list[str], start_hours: int, days: int
) -> None:
    # Hypothesis runs every example inside one test, so each starts from empty tables.
    await empty_all_tables()
    # Ahead of the real clock, which free/busy uses for "now".
    base = datetime.now(UTC).date() + timedelta(days=30)
    ids = []
    for n, zone in enumerate(ZONES):
        interpreter_id = await add_interpreter(1000 + n, timezone=zone)
        weekly = [[d, 8 * 60, 12 * 60] for d in range(5)] + [[5, 22 * 60, 26 * 60]]
        await save_profile(interpreter_id, weekly=weekly, notice_hours=0)
        await DateOverride.insert(
            DateOverride(interpreter=interpreter_id, day=base + timedelta(days=23), windows=[])
        )
        await TimeOff.insert(
            TimeOff(
                interpreter=interpreter_id,
                first_day=base + timedelta(days=34),
                last_day=base + timedelta(days=38),
            )
        )
        ids.append(interpreter_id)
    start = datetime.combine(base, datetime.min.time(), tzinfo=UTC) + timedelta(hours=start_hours)
    # The same instants for every viewer: days added on a local clock would move the end by an
    # hour in a viewer whose clocks change within the window.
    end = start + timedelta(days=days)
    answers = []
    for viewer in viewers:
        local_start = start.astimezone(ZoneInfo(viewer))
        query = FreeBusyQuery(
            interpreter=ids, start=local_start, end=end.astimezone(ZoneInfo(viewer)), tz=viewer
        )
        result = await free_busy(command_line_principal(), query)
        for item in result.interpreters:
            for interval in item.free:
                assert (
                    interval.start.utcoffset()
                    == interval.start.astimezone(ZoneInfo(viewer)).utcoffset()
                )
        answers.append(
            [
                [(f.start.timestamp(), f.end.timestamp()) for f in i.free]
                for i in result.interpreters
            ]
        )
    assert all(answer == answers[0] for answer in answers)
    assert any(answers[0]), "a week always holds free time: the test is not vacuous"

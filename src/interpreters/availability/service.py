"""The availability rules an interpreter (or their coordinator) keeps, and who may see them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from interpreters import audit, db, registry
from interpreters.availability import ics
from interpreters.availability.freebusy import LocalWindow, WeeklyWindow
from interpreters.availability.intervals import union
from interpreters.availability.schemas import (
    EARLIEST,
    LATEST,
    MAX_DAY_WINDOWS,
    MAX_OVERRIDES,
    MAX_TIME_OFF,
    MAX_WEEKLY_WINDOWS,
    AvailabilityOut,
    ImportedAvailability,
    LimitsIn,
    LimitsOut,
    OverrideIn,
    OverrideOut,
    TimeOffIn,
    TimeOffOut,
    WeeklyWindowIn,
    WeeklyWindowOut,
    WindowOut,
    to_clock,
)
from interpreters.availability.tables import AvailabilityProfile, DateOverride, TimeOff
from interpreters.availability.wallclock import DAY_MINUTES, aware
from interpreters.errors import Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal, Role


def merge_windows(windows: Iterable[LocalWindow], field: str) -> list[LocalWindow]:
    """Overlapping or touching windows of one day become one; more than 24 h is refused."""
    merged = union(windows)
    if any(end - start > DAY_MINUTES for start, end in merged):
        raise InvalidInput("Windows of one day add up to more than 24 hours in a row.", field)
    return merged


def normalise_weekly(windows: Iterable[WeeklyWindow]) -> list[WeeklyWindow]:
    by_day: dict[int, list[LocalWindow]] = defaultdict(list)
    for weekday, start, end in windows:
        by_day[weekday].append((start, end))
    return [
        (weekday, start, end)
        for weekday in sorted(by_day)
        for start, end in merge_windows(by_day[weekday], "weekly")
    ]


def time_off_out(row: dict[str, Any]) -> TimeOffOut:
    # The days of a span of instants are UTC dates for lookups only; they are not shown.
    whole_days = row["starts_at"] is None
    return TimeOffOut(
        id=row["id"],
        first_day=row["first_day"] if whole_days else None,
        last_day=row["last_day"] if whole_days else None,
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        note=row["note"],
    )


@dataclass(frozen=True, slots=True)
class Stored:
    weekly: list[WeeklyWindow]
    overrides: list[tuple[date, list[LocalWindow]]]
    time_off: list[dict[str, Any]]
    limits: LimitsOut


async def _stored(interpreter_id: int) -> Stored:
    profile = (
        await AvailabilityProfile.select()
        .where(AvailabilityProfile.interpreter == interpreter_id)
        .output(load_json=True)
        .first()
    )
    overrides = (
        await DateOverride.select(DateOverride.day, DateOverride.windows)
        .where(DateOverride.interpreter == interpreter_id)
        .order_by(DateOverride.day)
        .output(load_json=True)
    )
    time_off = (
        await TimeOff.select()
        .where(TimeOff.interpreter == interpreter_id)
        .order_by(TimeOff.first_day)
        .order_by(TimeOff.starts_at)
    )
    by_date = [(o["day"], [(w[0], w[1]) for w in o["windows"]]) for o in overrides]
    if profile is None:
        return Stored([], by_date, time_off, LimitsOut(**LimitsIn().model_dump()))
    return Stored(
        weekly=[(w[0], w[1], w[2]) for w in profile["weekly"]],
        overrides=by_date,
        time_off=time_off,
        limits=LimitsOut(
            notice_hours=profile["notice_hours"],
            buffer_minutes=profile["buffer_minutes"],
            max_hours_per_day=profile["max_day_minutes"] / 60,
            max_hours_per_week=profile["max_week_minutes"] / 60,
            on_call=profile["on_call"],
        ),
    )


async def _view(interpreter: registry.InterpreterRecord) -> AvailabilityOut:
    stored = await _stored(interpreter.id)
    return AvailabilityOut(
        interpreter=interpreter.id,
        display_name=interpreter.display_name,
        timezone=interpreter.timezone,
        weekly=[
            WeeklyWindowOut(weekday=weekday + 1, start=to_clock(start), end=to_clock(end))
            for weekday, start, end in stored.weekly
        ],
        overrides=[
            OverrideOut(
                date=day,
                unavailable=not windows,
                windows=[WindowOut(start=to_clock(s), end=to_clock(e)) for s, e in windows],
            )
            for day, windows in stored.overrides
        ],
        time_off=[time_off_out(t) for t in stored.time_off],
        limits=stored.limits,
    )


async def require_reader(viewer: Principal, interpreter: registry.InterpreterRecord) -> None:
    """The interpreter, or a coordinator of theirs; a coordinator's read is audited, as
    time-off notes may tell of health or family."""
    if viewer.role is Role.INTERPRETER:
        if viewer.interpreter_id != interpreter.id:
            raise Forbidden("Interpreters see only their own record.")
        return
    await registry.require_manager(viewer, interpreter.id)
    await audit.record(viewer, "read_availability", "interpreter", interpreter.id, ["time_off"])


async def get_availability(viewer: Principal, interpreter_id: int) -> AvailabilityOut:
    interpreter = await registry.interpreter(interpreter_id)
    await require_reader(viewer, interpreter)
    return await _view(interpreter)


def limit_values(limits: LimitsIn) -> dict[str, Any]:
    return {
        "notice_hours": limits.notice_hours,
        "buffer_minutes": limits.buffer_minutes,
        "max_day_minutes": round(limits.max_hours_per_day * 60),
        "max_week_minutes": round(limits.max_hours_per_week * 60),
        "on_call": limits.on_call,
    }


async def save_profile(interpreter_id: int, **values: Any) -> None:
    """Create the interpreter's profile with `values`, or change only those columns."""
    profile = AvailabilityProfile(interpreter=interpreter_id, **values)
    await AvailabilityProfile.insert(profile).on_conflict(
        target=AvailabilityProfile.interpreter,
        action="DO UPDATE",
        values=[
            *(getattr(AvailabilityProfile, name) for name in values),
            (AvailabilityProfile.updated_at, datetime.now(UTC)),
        ],
    )


async def replace_weekly(
    actor: Principal, interpreter_id: int, windows: Sequence[WeeklyWindowIn]
) -> AvailabilityOut:
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    if len(windows) > MAX_WEEKLY_WINDOWS:
        raise InvalidInput("At most {limit} weekly windows.", "weekly", limit=MAX_WEEKLY_WINDOWS)
    weekly = normalise_weekly((w.weekday - 1, *w.minutes()) for w in windows)
    async with db.transaction():
        await save_profile(interpreter_id, weekly=[list(w) for w in weekly])
        await audit.record(actor, "update_availability", "interpreter", interpreter_id, ["weekly"])
    return await _view(interpreter)


async def set_limits(actor: Principal, interpreter_id: int, limits: LimitsIn) -> AvailabilityOut:
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    values = limit_values(limits)
    async with db.transaction():
        await save_profile(interpreter_id, **values)
        await audit.record(actor, "update_availability", "interpreter", interpreter_id, values)
    return await _view(interpreter)


def _plausible(on: date) -> None:
    if not EARLIEST <= on <= LATEST:
        raise InvalidInput(
            "Give a date between {earliest} and {latest}",
            "day",
            earliest=EARLIEST.isoformat(),
            latest=LATEST.isoformat(),
        )


async def set_override(
    actor: Principal, interpreter_id: int, on: date, data: OverrideIn
) -> AvailabilityOut:
    _plausible(on)
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    windows = merge_windows((w.minutes() for w in data.windows), "windows")
    async with db.transaction():
        await DateOverride.delete().where(
            DateOverride.interpreter == interpreter_id, DateOverride.day == on
        )
        if await DateOverride.count().where(DateOverride.interpreter == interpreter_id) >= (
            MAX_OVERRIDES
        ):
            raise InvalidInput("At most {limit} date overrides.", "date", limit=MAX_OVERRIDES)
        await DateOverride.insert(
            DateOverride(interpreter=interpreter_id, day=on, windows=[list(w) for w in windows])
        )
        await audit.record(
            actor, "update_availability", "interpreter", interpreter_id, [f"overrides.{on}"]
        )
    return await _view(interpreter)


async def delete_override(actor: Principal, interpreter_id: int, on: date) -> AvailabilityOut:
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    async with db.transaction():
        deleted = await (
            DateOverride.delete()
            .where(DateOverride.interpreter == interpreter_id, DateOverride.day == on)
            .returning(DateOverride.id)
        )
        if not deleted:
            raise NotFound("No override on {date}.", date=on.isoformat())
        await audit.record(
            actor, "update_availability", "interpreter", interpreter_id, [f"overrides.{on}"]
        )
    return await _view(interpreter)


def time_off_row(interpreter_id: int, zone: str, data: TimeOffIn) -> TimeOff:
    if data.starts_at is None or data.ends_at is None:
        assert data.first_day is not None, "TimeOffIn holds days or instants"
        assert data.last_day is not None, "TimeOffIn holds days or instants"
        return TimeOff(
            interpreter=interpreter_id,
            first_day=data.first_day,
            last_day=data.last_day,
            note=data.note,
        )
    starts_at, ends_at = (aware(m, zone).astimezone(UTC) for m in (data.starts_at, data.ends_at))
    return TimeOff(
        interpreter=interpreter_id,
        first_day=starts_at.date(),
        last_day=(ends_at - timedelta(microseconds=1)).date(),
        starts_at=starts_at,
        ends_at=ends_at,
        note=data.note,
    )


async def add_time_off(actor: Principal, interpreter_id: int, data: TimeOffIn) -> AvailabilityOut:
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    async with db.transaction():
        if await TimeOff.count().where(TimeOff.interpreter == interpreter_id) >= MAX_TIME_OFF:
            raise InvalidInput("At most {limit} periods of time off.", "body", limit=MAX_TIME_OFF)
        created = await TimeOff.insert(time_off_row(interpreter_id, interpreter.timezone, data))
        await audit.record(
            actor,
            "update_availability",
            "interpreter",
            interpreter_id,
            [f"time_off.{created[0]['id']}"],
        )
    return await _view(interpreter)


async def delete_time_off(
    actor: Principal, interpreter_id: int, time_off_id: int
) -> AvailabilityOut:
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    async with db.transaction():
        deleted = await (
            TimeOff.delete()
            .where(TimeOff.id == time_off_id, TimeOff.interpreter == interpreter_id)
            .returning(TimeOff.id)
        )
        if not deleted:
            raise NotFound(
                "No time off {time_off} for interpreter {id}.",
                time_off=time_off_id,
                id=interpreter_id,
            )
        await audit.record(
            actor, "update_availability", "interpreter", interpreter_id, [f"time_off.{time_off_id}"]
        )
    return await _view(interpreter)


async def export_availability(viewer: Principal, interpreter_id: int) -> bytes:
    interpreter = await registry.interpreter(interpreter_id)
    await require_reader(viewer, interpreter)
    stored = await _stored(interpreter_id)
    return ics.export_availability(
        interpreter_id, interpreter.timezone, stored.weekly, stored.overrides, stored.time_off
    )


async def import_availability(
    actor: Principal, interpreter_id: int, content: bytes
) -> ImportedAvailability:
    """Replace the weekly windows, date overrides and time off with a VAVAILABILITY file's;
    the working limits stay. All or nothing."""
    interpreter = await registry.own_or_managed(actor, interpreter_id)
    rules = ics.parse_availability(content, interpreter.timezone)
    weekly = normalise_weekly(rules.weekly)
    if len(weekly) > MAX_WEEKLY_WINDOWS:
        raise InvalidInput("At most {limit} weekly windows.", "data", limit=MAX_WEEKLY_WINDOWS)
    overrides = {day: merge_windows(w, "data") for day, w in rules.overrides().items()}
    if any(len(windows) > MAX_DAY_WINDOWS for windows in overrides.values()):
        raise InvalidInput("At most {limit} windows on one date.", "data", limit=MAX_DAY_WINDOWS)
    if len(overrides) > MAX_OVERRIDES:
        raise InvalidInput("At most {limit} date overrides.", "data", limit=MAX_OVERRIDES)
    if len(rules.time_off) > MAX_TIME_OFF:
        raise InvalidInput("At most {limit} periods of time off.", "data", limit=MAX_TIME_OFF)
    async with db.transaction():
        await DateOverride.delete().where(DateOverride.interpreter == interpreter_id)
        await TimeOff.delete().where(TimeOff.interpreter == interpreter_id)
        await save_profile(interpreter_id, weekly=[list(w) for w in weekly])
        if overrides:
            await DateOverride.insert(
                *(
                    DateOverride(interpreter=interpreter_id, day=day, windows=[list(w) for w in ws])
                    for day, ws in overrides.items()
                )
            )
        if rules.time_off:
            await TimeOff.insert(
                *(time_off_row(interpreter_id, interpreter.timezone, t) for t in rules.time_off)
            )
        await audit.record(
            actor,
            "import_availability",
            "interpreter",
            interpreter_id,
            ["weekly", "overrides", "time_off"],
        )
    return ImportedAvailability(
        weekly=len(weekly), overrides=len(overrides), time_off=len(rules.time_off)
    )

"""What the availability API takes and gives. Times of day are "HH:MM" in the
interpreter's own zone; an end at or before the start crosses midnight; "24:00" ends a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from interpreters.availability.freebusy import DEFAULT_LIMITS
from interpreters.availability.wallclock import DAY_MINUTES
from interpreters.reference import TimeZoneName
from interpreters.validation import MAX_ID, InputModel, invalid

MAX_WEEKLY_WINDOWS = 70
MAX_DAY_WINDOWS = 12
MAX_OVERRIDES = 400
MAX_TIME_OFF = 200
MAX_TIME_OFF_DAYS = 366
MAX_FREEBUSY_DAYS = 366
MAX_FREEBUSY_INTERPRETERS = 200


def clock_minutes(value: str) -> str:
    hours, _, minutes = value.partition(":")
    if not (len(hours) == 2 and len(minutes) == 2 and hours.isdigit() and minutes.isdigit()):
        raise invalid("'{value}' is not a time of day HH:MM", value=value)
    total = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or total > DAY_MINUTES:
        raise invalid("'{value}' is not a time of day HH:MM", value=value)
    return value


ClockTime = Annotated[str, AfterValidator(clock_minutes)]


# Dates far outside any working life are typing mistakes, and beyond year 9999 they break.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def plausible_date(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise invalid(
            "Give a date between {earliest} and {latest}",
            earliest=EARLIEST.isoformat(),
            latest=LATEST.isoformat(),
        )
    return value


Day = Annotated[date, AfterValidator(plausible_date)]
Moment = Annotated[datetime, AfterValidator(plausible_date)]


def checked_end(start: datetime | None, end: datetime | None, days: int) -> datetime | None:
    """An end after its start, both with an offset or both without, at most `days` apart."""
    if start is None or end is None:
        return end
    if (start.tzinfo is None) != (end.tzinfo is None):
        raise invalid("Give both times with an offset, or both without")
    if end <= start:
        raise invalid("The end is not after the start")
    if end - start > timedelta(days=days):
        raise invalid("Covers at most {days} days", days=days)
    return end


def to_minutes(value: str) -> int:
    hours, _, minutes = value.partition(":")
    return int(hours) * 60 + int(minutes)


def to_clock(minutes: int) -> str:
    if minutes != DAY_MINUTES:
        minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class WindowIn(InputModel):
    start: ClockTime
    end: ClockTime

    @field_validator("start")
    @classmethod
    def starts_within_the_day(cls, start: str) -> str:
        if to_minutes(start) == DAY_MINUTES:
            raise invalid("A window cannot start at 24:00; use 00:00")
        return start

    @field_validator("end")
    @classmethod
    def has_length(cls, end: str, info: ValidationInfo) -> str:
        if info.data.get("start") == end:
            raise invalid("A window ends when it starts; for a whole day use 00:00–24:00")
        return end

    def minutes(self) -> tuple[int, int]:
        """(start, end) with the end past 1440 when the window crosses midnight."""
        start, end = to_minutes(self.start), to_minutes(self.end)
        return start, end if end > start else end + DAY_MINUTES


class WeeklyWindowIn(WindowIn):
    weekday: int = Field(ge=1, le=7, description="ISO weekday: 1 is Monday, 7 Sunday")


class WindowOut(BaseModel):
    start: str
    end: str


class WeeklyWindowOut(WindowOut):
    weekday: int


class OverrideIn(InputModel):
    unavailable: bool = False
    windows: list[WindowIn] = Field(default_factory=list, max_length=MAX_DAY_WINDOWS)

    @model_validator(mode="after")
    def one_kind(self) -> Self:
        if self.unavailable and self.windows:
            raise invalid("An unavailable date has no windows")
        if not self.unavailable and not self.windows:
            raise invalid("Give the date's extra windows, or mark it unavailable")
        return self


class OverrideOut(BaseModel):
    date: date
    unavailable: bool
    windows: list[WindowOut]


class TimeOffIn(InputModel):
    """Whole days (first_day, last_day, inclusive, in the interpreter's zone) or a span of
    instants (starts_at, ends_at; without an offset they are the interpreter's local time)."""

    first_day: Day | None = None
    last_day: Day | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    note: str = Field(default="", max_length=500)

    @field_validator("last_day")
    @classmethod
    def last_after_first(cls, last: date | None, info: ValidationInfo) -> date | None:
        first = info.data.get("first_day")
        if last is None or first is None:
            return last
        if last < first:
            raise invalid("The last day is before the first day")
        if (last - first).days >= MAX_TIME_OFF_DAYS:
            raise invalid("Covers at most {days} days", days=MAX_TIME_OFF_DAYS)
        return last

    @field_validator("ends_at")
    @classmethod
    def ends_after_start(cls, ends: datetime | None, info: ValidationInfo) -> datetime | None:
        return checked_end(info.data.get("starts_at"), ends, MAX_TIME_OFF_DAYS)

    @model_validator(mode="after")
    def one_kind(self) -> Self:
        days = self.first_day is not None and self.last_day is not None
        instants = self.starts_at is not None and self.ends_at is not None
        if days and self.starts_at is None and self.ends_at is None:
            return self
        if instants and self.first_day is None and self.last_day is None:
            return self
        raise invalid("Give first_day and last_day, or starts_at and ends_at")


class TimeOffOut(BaseModel):
    """Whole days, or (without days) a span of instants."""

    id: int
    first_day: date | None
    last_day: date | None
    starts_at: datetime | None
    ends_at: datetime | None
    note: str


class LimitsIn(InputModel):
    notice_hours: int = Field(default=DEFAULT_LIMITS.notice_hours, ge=0, le=720)
    buffer_minutes: int = Field(default=DEFAULT_LIMITS.buffer_minutes, ge=0, le=240)
    # At least a quarter of an hour: limits are kept in whole minutes.
    max_hours_per_day: float = Field(default=DEFAULT_LIMITS.max_day_minutes / 60, ge=0.25, le=24)
    max_hours_per_week: float = Field(default=DEFAULT_LIMITS.max_week_minutes / 60, ge=0.25, le=168)
    on_call: bool = DEFAULT_LIMITS.on_call

    @field_validator("max_hours_per_week")
    @classmethod
    def week_holds_a_day(cls, week: float, info: ValidationInfo) -> float:
        day = info.data.get("max_hours_per_day")
        if day is not None and week < day:
            raise invalid("The weekly limit is below the daily limit")
        return week


class LimitsOut(BaseModel):
    notice_hours: int
    buffer_minutes: int
    max_hours_per_day: float
    max_hours_per_week: float
    on_call: bool


class AvailabilityOut(BaseModel):
    interpreter: int
    display_name: str
    timezone: str
    weekly: list[WeeklyWindowOut]
    overrides: list[OverrideOut]
    time_off: list[TimeOffOut]
    limits: LimitsOut


class ImportedAvailability(BaseModel):
    weekly: int
    overrides: int
    time_off: int


class FreeInterval(BaseModel):
    start: datetime
    end: datetime


class InterpreterFreeBusy(BaseModel):
    interpreter: int
    display_name: str
    timezone: str
    free: list[FreeInterval]


class FreeBusyOut(BaseModel):
    timezone: str
    start: datetime
    end: datetime
    interpreters: list[InterpreterFreeBusy]


class FreeBusyQuery(InputModel):
    interpreter: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        min_length=1, max_length=MAX_FREEBUSY_INTERPRETERS
    )
    start: Moment | None = None
    end: Moment | None = None
    days: int = Field(default=14, ge=1, le=MAX_FREEBUSY_DAYS)
    tz: TimeZoneName = "UTC"
    urgent: bool = False

    @field_validator("end")
    @classmethod
    def ends_after_start(cls, end: datetime | None, info: ValidationInfo) -> datetime | None:
        return checked_end(info.data.get("start"), end, MAX_FREEBUSY_DAYS)

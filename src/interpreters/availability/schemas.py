"""What the availability API takes and gives. Times of day are "HH:MM" in the
interpreter's own zone; an end at or before the start crosses midnight; "24:00" ends a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, Field, model_validator

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

    @model_validator(mode="after")
    def has_length(self) -> Self:
        start, end = to_minutes(self.start), to_minutes(self.end)
        if start == DAY_MINUTES:
            raise invalid("A window cannot start at 24:00; use 00:00")
        if start == end:
            raise invalid("A window ends when it starts; for a whole day use 00:00–24:00")
        return self

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

    first_day: date | None = None
    last_day: date | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def one_kind(self) -> Self:
        first, last, starts, ends = self.first_day, self.last_day, self.starts_at, self.ends_at
        if first is not None and last is not None and starts is None and ends is None:
            if last < first:
                raise invalid("The last day is before the first day")
            if (last - first).days >= MAX_TIME_OFF_DAYS:
                raise invalid("Time off covers at most {days} days", days=MAX_TIME_OFF_DAYS)
            return self
        if starts is not None and ends is not None and first is None and last is None:
            if (starts.tzinfo is None) != (ends.tzinfo is None):
                raise invalid("Give both times with an offset, or both without")
            if ends <= starts:
                raise invalid("The end is not after the start")
            if ends - starts > timedelta(days=MAX_TIME_OFF_DAYS):
                raise invalid("Time off covers at most {days} days", days=MAX_TIME_OFF_DAYS)
            return self
        raise invalid("Give first_day and last_day, or starts_at and ends_at")


class TimeOffOut(BaseModel):
    id: int
    first_day: date
    last_day: date
    starts_at: datetime | None
    ends_at: datetime | None
    note: str


class LimitsIn(InputModel):
    notice_hours: int = Field(default=24, ge=0, le=720)
    buffer_minutes: int = Field(default=15, ge=0, le=240)
    max_hours_per_day: float = Field(default=6, gt=0, le=24)
    max_hours_per_week: float = Field(default=30, gt=0, le=168)
    on_call: bool = False

    @model_validator(mode="after")
    def week_holds_a_day(self) -> Self:
        if self.max_hours_per_week < self.max_hours_per_day:
            raise invalid("The weekly limit is below the daily limit")
        return self


class LimitsOut(BaseModel):
    notice_hours: int
    buffer_minutes: int
    max_hours_per_day: float
    max_hours_per_week: float
    on_call: bool


class AvailabilityOut(BaseModel):
    interpreter: int
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
    start: datetime | None = None
    end: datetime | None = None
    days: int = Field(default=14, ge=1, le=MAX_FREEBUSY_DAYS)
    tz: TimeZoneName = "UTC"
    urgent: bool = False

    @model_validator(mode="after")
    def bounded(self) -> Self:
        if self.start is not None and self.end is not None:
            if (self.start.tzinfo is None) != (self.end.tzinfo is None):
                raise invalid("Give both times with an offset, or both without")
            if self.end <= self.start:
                raise invalid("The end is not after the start")
            if self.end - self.start > timedelta(days=MAX_FREEBUSY_DAYS):
                raise invalid("Ask for at most {days} days", days=MAX_FREEBUSY_DAYS)
        return self

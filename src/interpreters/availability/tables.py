"""When interpreters work: weekly wall-clock rules, date overrides, time off, limits."""

from typing import TYPE_CHECKING

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.availability.freebusy import DEFAULT_LIMITS
from interpreters.registry.tables import Interpreter


class AvailabilityProfile(Table):
    """One per interpreter: the weekly windows (JSON, read whole) and the working limits."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade, unique=True)
    # [[weekday (Monday 0), start minute, end minute], ...]; an end past 1440 crosses midnight.
    weekly = JSON(default=[])
    notice_hours = Integer(default=DEFAULT_LIMITS.notice_hours)
    buffer_minutes = Integer(default=DEFAULT_LIMITS.buffer_minutes)
    max_day_minutes = Integer(default=DEFAULT_LIMITS.max_day_minutes)
    max_week_minutes = Integer(default=DEFAULT_LIMITS.max_week_minutes)
    on_call = Boolean(default=DEFAULT_LIMITS.on_call)
    updated_at = Timestamptz(default=TimestamptzNow())


class DateOverride(Table):
    """Extra windows on one local date, or, with none, the whole date unavailable."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    day = Date()
    # [[start minute, end minute], ...]
    windows = JSON(default=[])


class TimeOff(Table):
    """Whole local days when `starts_at` is null, else a UTC range; the days then bound it
    (UTC dates) so that one range query finds both kinds."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    first_day = Date()
    last_day = Date()
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())

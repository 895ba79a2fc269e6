"""Wall-clock times in an IANA zone to UTC instants, with the edge rules we promise.

- A local time that does not exist (the spring-forward gap) becomes the first instant that
  exists after it: the moment the clocks jump.
- A local time that happens twice (the fall-back fold) means its first occurrence.
- Minutes past 24:00 belong to the next day, so a window may cross midnight.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

DAY_MINUTES = 24 * 60
DAY_SECONDS = 24 * 3600


@cache
def zone(name: str) -> ZoneInfo:
    """ZoneInfo keeps only a few zones alive; re-reading tzdata for every lookup is slow."""
    return ZoneInfo(name)


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _transition_after(zone: ZoneInfo, low: int, high: int) -> int:
    """The first instant in (low, high] whose UTC offset differs from the one at `low`."""
    before = datetime.fromtimestamp(low, zone).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high


@lru_cache(maxsize=65536)
def _exact(zone_name: str, day: date, minute: int) -> int:
    local = zone(zone_name)
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    # fold=0: the first occurrence inside a fold; inside a gap, the offset before the jump.
    first = wall.replace(tzinfo=local)
    instant = _epoch(first)
    if datetime.fromtimestamp(instant, local).replace(tzinfo=None) == wall:
        return instant
    # In a gap: fold=1 reads the time with the offset after the jump, an instant before it.
    earlier = _epoch(wall.replace(tzinfo=local, fold=1))
    return _transition_after(local, earlier, instant)


@lru_cache(maxsize=65536)
def day_info(zone_name: str, day: date) -> tuple[int, bool]:
    """The UTC instant of the day's local midnight, and whether the day is a plain 24 hours."""
    midnight = _exact(zone_name, day, 0)
    plain = _exact(zone_name, day + timedelta(days=1), 0) - midnight == DAY_SECONDS
    return midnight, plain


def to_utc(zone_name: str, day: date, minute: int) -> int:
    """The UTC epoch second of `minute` minutes after the local midnight of `day`."""
    while minute >= DAY_MINUTES:
        day += timedelta(days=1)
        minute -= DAY_MINUTES
    midnight, plain = day_info(zone_name, day)
    if plain:
        return midnight + minute * 60
    return _exact(zone_name, day, minute)


@lru_cache(maxsize=4096)
def aware(moment: datetime, zone_name: str) -> datetime:
    """`moment` itself when it has an offset, else its wall-clock time in the zone, read
    with the rules above (a time in a gap is the jump, a time in a fold its first occurrence)."""
    if moment.tzinfo is not None:
        return moment
    minute = moment.hour * 60 + moment.minute
    seconds = to_utc(zone_name, moment.date(), minute) + moment.second
    return datetime.fromtimestamp(seconds, zone(zone_name)) + timedelta(
        microseconds=moment.microsecond
    )


def local_date(zone_name: str, instant: int) -> date:
    return datetime.fromtimestamp(instant, zone(zone_name)).date()


def day_start(zone_name: str, day: date) -> int:
    return day_info(zone_name, day)[0]


def epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("an instant needs a zone")
    return _epoch(moment)


def instant(seconds: int, zone: ZoneInfo | None = None) -> datetime:
    return datetime.fromtimestamp(seconds, zone or UTC)

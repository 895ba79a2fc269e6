"""What scoring needs from each candidate's past bookings, for every candidate at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from interpreters.db import ids_in
from interpreters.sessions import (
    TAKES_TIME,
    Booking,
    BookingStatus,
    RequestRecord,
    status_values,
)


@dataclass(frozen=True, slots=True)
class History:
    """What scoring needs from a candidate's bookings."""

    month_minutes: int = 0
    last_booked: datetime | None = None
    with_victim: int = 0
    of_kind: int = 0


NO_HISTORY = History()


def _moment(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


async def histories(
    interpreter_ids: Sequence[int],
    request: RequestRecord,
    month: tuple[datetime, datetime],
) -> dict[int, History]:
    """Minutes booked in the session's month, the last booking, earlier sessions with the
    same victim (same case and pseudonym) and completed sessions of the same kind.

    Each booking's request is looked up only where a figure needs it (sessions of the
    month), through a subquery that the planner cannot turn into a scan of every request;
    the session kind is the booking's own copy; the victim's earlier requests, few, are
    found once by their case.

    Raw SQL over sessions' tables, read here rather than through sessions' door: one grouped
    statement for every candidate at once, measured as the "histories" stage of
    bench/matching_bench.py, where reading each candidate's bookings as records would cost
    one row per booking instead of one per candidate.
    """
    if not interpreter_ids:
        return {}
    condition, ids = ids_in(interpreter_ids, "b.interpreter")
    taking_time = ", ".join(f"'{status}'" for status in status_values(TAKES_TIME))
    rows = await Booking.raw(
        "SELECT b.interpreter,"  # noqa: S608 (the condition and statuses are our own)
        " SUM(CASE WHEN b.starts_at >= {} AND b.starts_at < {} THEN (SELECT r.duration_minutes"
        "  FROM interpretation_request r WHERE r.id = b.request) ELSE 0 END) AS month_minutes,"
        " MAX(b.starts_at) AS last_booked,"
        " SUM(CASE WHEN b.request IN (SELECT r.id FROM interpretation_request r"
        "  WHERE r.case_reference = {} AND r.victim_pseudonym = {} AND r.id <> {})"
        "  THEN 1 ELSE 0 END) AS with_victim,"
        f" SUM(CASE WHEN b.status = '{BookingStatus.COMPLETED}' AND b.session_kind = {{}}"
        "  THEN 1 ELSE 0 END) AS of_kind"
        f" FROM booking b WHERE {condition} AND b.status IN ({taking_time})"
        " GROUP BY b.interpreter",
        *month,
        request.case_reference,
        request.victim_pseudonym,
        request.id,
        request.session_kind,
        ids,
    )
    return {
        row["interpreter"]: History(
            int(row["month_minutes"] or 0),
            _moment(row["last_booked"]),
            int(row["with_victim"] or 0),
            int(row["of_kind"] or 0),
        )
        for row in rows
    }

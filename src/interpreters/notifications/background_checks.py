"""Alerts that a booked interpreter's background check expires before their session,
BACKGROUND_CHECK_ALERT_DAYS before the expiry (30 and 7 by default), to the session's
requester and the coordinators of its country: a notice and an email each.

Once a day (and when a process starts) every confirmed session ahead is looked at; one
whose interpreter's check lapses on or before the session's day gets the alert of the
nearest threshold reached, once (see `BackgroundCheckAlert`). From the expiry day the
interpreter counts as unvetted: nobody offers or books them, and they must be replaced.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

from interpreters import db, registry, scheduler
from interpreters.notifications import outbox
from interpreters.notifications.expiry import threshold
from interpreters.notifications.flags import flag_background_check
from interpreters.notifications.tables import BackgroundCheckAlert
from interpreters.sessions import (
    STANDING,
    BookingRecord,
    RequestRecord,
    RequestStatus,
    listed_bookings,
)
from interpreters.settings import get_settings

log = logging.getLogger(__name__)

CHECK_JOB = "background-check-expiry-check"
CHECK_SECONDS = 24 * 60 * 60


async def _alert(
    booking: BookingRecord, request: RequestRecord, name: str, expires_on: date, days: int
) -> bool:
    """Claims and writes one alert; False when it was sent before."""
    async with db.transaction():
        claimed = await (
            BackgroundCheckAlert.insert(
                BackgroundCheckAlert(
                    claim=f"{booking.id}:{days}:{expires_on.isoformat()}", booking=booking.id
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(BackgroundCheckAlert.id)
        )
        if not claimed:
            return False
        await flag_background_check(request, name, booking.starts_at, expires_on)
    return True


async def send_alerts(today: date | None = None) -> int:
    """Every alert due `today` (default: today, in UTC as the validity rules count);
    returns how many were sent."""
    today = today or datetime.now(UTC).date()
    thresholds = get_settings().background_check_alert_days
    now = datetime.now(UTC)
    # Only checks lapsing within the largest threshold can be due; sessions after them are
    # all that matter, however far ahead.
    booked = [
        (booking, request)
        for booking, request in await listed_bookings(now, now + timedelta(days=3 * 365))
        if booking.status in STANDING and request.status == RequestStatus.CONFIRMED
    ]
    people = await registry.interpreters([booking.interpreter for booking, _ in booked])
    sent = 0
    for booking, request in booked:
        interpreter = people.get(booking.interpreter)
        expires_on = interpreter.background_check_expires_on if interpreter else None
        if interpreter is None or expires_on is None or expires_on > booking.starts_at.date():
            continue
        days = threshold((expires_on - today).days, thresholds)
        if days is None or expires_on <= today:
            continue
        try:
            sent += await _alert(booking, request, interpreter.display_name, expires_on, days)
        except Exception:  # one session's failure must not hold up the others' alerts
            log.exception("alerting the background check of booking %s failed", booking.id)
    if sent:
        outbox.kick()
    return sent


async def resume() -> None:
    """At start, then once a day: alerts due while no process ran come out at once."""
    await send_alerts()
    scheduler.run_every(CHECK_JOB, CHECK_SECONDS, send_alerts)

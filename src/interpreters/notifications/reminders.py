"""Reminders of confirmed sessions, REMINDER_MINUTES before their start.

The database is the schedule: `plan` keeps a pending row per reminder still to come, in the
transaction of each confirmation, change or cancellation. Every process runs a job per
pending row at its due time, set up from the database when it starts, and sweeps for due
reminders every REMINDER_SWEEP_SECONDS. A reminder is claimed (pending → sent) in the
transaction that writes its emails to the outbox, so two processes, or a restart, never
send it twice; one whose session has begun is marked missed instead.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from interpreters import db, scheduler, video
from interpreters.calendar import participants, session_from_request
from interpreters.notifications import outbox
from interpreters.notifications.mail import reminder_email
from interpreters.notifications.tables import Reminder
from interpreters.sessions import bookings_following, request_record
from interpreters.settings import get_settings

log = logging.getLogger(__name__)

PENDING, SENT, VOID, MISSED = "pending", "sent", "void", "missed"
TOPIC = "reminder"
SWEEP_JOB = "reminder-sweep"


def _job(reminder_id: int) -> str:
    return f"reminder-{reminder_id}"


def schedule(reminder_id: int, due_at: datetime) -> None:
    scheduler.run_at(_job(reminder_id), due_at, send_reminder, reminder_id)


async def plan(request_id: int, starts_at: datetime, confirmed: bool) -> None:
    """The request's reminders for a session starting at `starts_at`: the pending ones are
    voided and, while the session stands, made anew for every due time still to come (a
    session booked two hours ahead gets no 24-hour reminder: its invitation just arrived).
    Call inside the transaction of the change; a job set up for a change that then rolls
    back finds nothing to send."""
    voided = await (
        Reminder.update(status=VOID)
        .where(Reminder.request == request_id, Reminder.status == PENDING)
        .returning(Reminder.id)
    )
    for row in voided:
        scheduler.cancel(_job(row["id"]))
    if not confirmed:
        return
    now = datetime.now(UTC)
    due = {m: starts_at - timedelta(minutes=m) for m in get_settings().reminder_minutes}
    coming = [
        Reminder(request=request_id, minutes_before=m, starts_at=starts_at, due_at=at)
        for m, at in due.items()
        if at > now
    ]
    if coming:
        for row in await Reminder.insert(*coming).returning(Reminder.id, Reminder.due_at):
            schedule(row["id"], row["due_at"])


async def _write_emails(request_id: int, starts_at: datetime, now: datetime) -> None:
    request = await request_record(request_id)
    assert request is not None, "a reminder's request is never deleted"
    bookings = await bookings_following(request)
    session = session_from_request(request, starts_at, request.calendar_sequence)
    booked = [booking.interpreter for booking in bookings]
    found = await participants(request, booked, strict=False)
    for person in await video.with_join_links(request, found):
        message = reminder_email(session, person.recipient, person.timezone, now)
        await outbox.enqueue_email(message, TOPIC, request_id)


async def send_reminder(reminder_id: int, now: datetime | None = None) -> None:
    """The job at a reminder's due time: its emails, unless another process sent it, the
    session moved or was cancelled meanwhile (void), or it has begun (then missed). `now`
    is the clock's time unless given."""
    now = now or datetime.now(UTC)
    async with db.transaction():
        claimed = await (
            Reminder.update(status=SENT, sent_at=now)
            .where(
                Reminder.id == reminder_id,
                Reminder.status == PENDING,
                Reminder.due_at <= now,
                Reminder.starts_at > now,
            )
            .returning(Reminder.request, Reminder.starts_at)
        )
        if not claimed:
            await Reminder.update(status=MISSED).where(
                Reminder.id == reminder_id, Reminder.status == PENDING, Reminder.starts_at <= now
            )
            return
        await _write_emails(claimed[0]["request"], claimed[0]["starts_at"], now)
    outbox.kick()


async def send_due_reminders(now: datetime | None = None) -> None:
    """Every pending reminder whose time is up at `now` (default: now): the safety net under
    the jobs, and what a process that was down at a reminder's time sends when it starts."""
    now = now or datetime.now(UTC)
    due = await (
        Reminder.select(Reminder.id, Reminder.request)
        .where(Reminder.status == PENDING, Reminder.due_at <= now)
        .order_by(Reminder.due_at)
    )
    # Of a session's reminders due at once (no process ran for a while) only the one nearest
    # its start goes out: the earlier ones would say the same, later.
    nearest = {row["request"]: row["id"] for row in due}
    superseded = [row["id"] for row in due if nearest[row["request"]] != row["id"]]
    if superseded:
        await Reminder.update(status=MISSED).where(
            Reminder.id.is_in(superseded), Reminder.status == PENDING
        )
    for reminder_id in nearest.values():
        try:
            await send_reminder(reminder_id, now)
        except Exception:  # one reminder's failure must not hold up the others
            log.exception("sending reminder %s failed", reminder_id)


async def resume() -> None:
    """At start: the reminders missed while no process ran, a job for each one to come, and
    the sweep."""
    await send_due_reminders()
    coming = await Reminder.select(Reminder.id, Reminder.due_at).where(Reminder.status == PENDING)
    for row in coming:
        schedule(row["id"], row["due_at"])
    scheduler.run_every(SWEEP_JOB, get_settings().reminder_sweep_seconds, send_due_reminders)

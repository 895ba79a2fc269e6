"""The outbox and reminders across real server processes: a process killed with SIGKILL
while its outbox holds messages (the SMTP server down) and reminders are about to fall due
loses none, and the two processes started after it send each message and reminder once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from interpreters.availability.service import save_profile
from interpreters.notifications.tables import OutboxMessage, Reminder
from tests.bookings.factories import ask, interpreter
from tests.e2e.factories import ServerProcess, running_servers
from tests.factories import TEST_OUTPUT, Account
from tests.notifications.factories import Mailbox, SmtpServer, free_port

LOG = TEST_OUTPUT / "servers" / "outbox-crash.log"
SESSIONS = 3
# Each session's one reminder falls due this long after it is booked, while no process runs.
REMINDER_DUE = timedelta(seconds=20)


def settings(smtp: SmtpServer) -> dict[str, str]:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_SECURITY": "plain",
        "SMTP_TIMEOUT_SECONDS": "5",
        "OUTBOX_SWEEP_SECONDS": "1",
        "OUTBOX_RETRY_SECONDS": "1",
        "OUTBOX_RETRY_MAX_SECONDS": "2",
        # A message claimed by the killed process is due again this soon.
        "OUTBOX_CLAIM_SECONDS": "3",
        "REMINDER_MINUTES": "60",
        "REMINDER_SWEEP_SECONDS": "1",
    }


async def book_sessions(http: httpx.AsyncClient, prosecutor: Account) -> list[int]:
    """SESSIONS sessions starting an hour and REMINDER_DUE from now, each with its own
    interpreter free all day."""
    start = datetime.now(UTC) + timedelta(hours=1) + REMINDER_DUE
    local = start.astimezone(ZoneInfo("America/Tegucigalpa"))
    wall_clock = local.replace(tzinfo=None, microsecond=0).isoformat()
    booked = []
    for n in range(1, SESSIONS + 1):
        interpreter_id = await interpreter(n)
        all_day = [[day, 0, 24 * 60] for day in range(7)]
        await save_profile(interpreter_id, weekly=all_day)
        asked = await ask(http, prosecutor, start=wall_clock)
        assert asked.status_code == 201, asked.text
        request_id = asked.json()["id"]
        done = await http.post(
            f"/api/v1/requests/{request_id}/booking",
            json={"interpreter": interpreter_id},
            headers=prosecutor.headers,
        )
        assert done.status_code == 201, done.text
        booked.append(request_id)
    return booked


async def until(holds: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await holds():
        assert time.monotonic() < deadline, f"{what} within {seconds} s"
        await asyncio.sleep(0.2)


async def tried() -> bool:
    """Whether the dispatcher has tried to send a message (and failed: the server is down)."""
    return await OutboxMessage.exists().where(OutboxMessage.attempts > 0)


async def test_a_killed_process_loses_no_message_and_none_is_sent_twice(
    prosecutor: Account,
) -> None:
    LOG.unlink(missing_ok=True)
    smtp = SmtpServer(free_port(), Mailbox())
    first = ServerProcess.launch(LOG, **settings(smtp))
    try:
        first.wait_until_healthy()
        async with httpx.AsyncClient(base_url=first.url) as http:
            await book_sessions(http, prosecutor)
        await until(tried, 10, "the dispatcher tried to send")
    finally:
        first.kill()
    invitations = SESSIONS * 2
    assert await OutboxMessage.count() == invitations
    assert await OutboxMessage.count().where(OutboxMessage.status == "pending") == invitations
    pending = await Reminder.select(Reminder.due_at).where(Reminder.status == "pending")
    assert len(pending) == SESSIONS
    # Down while the reminders fall due.
    latest = max(row["due_at"] for row in pending)
    assert latest > datetime.now(UTC), "the process was to die before the reminders fell due"
    await asyncio.sleep((latest - datetime.now(UTC)).total_seconds() + 0.5)

    smtp.start()
    # Invitations and reminders, to the requester and the interpreter of each session.
    expected = invitations + SESSIONS * 2
    try:
        with running_servers(2, LOG, **settings(smtp)):

            async def all_arrived() -> bool:
                return len(smtp.mailbox.received) >= expected

            await until(all_arrived, 20, "all messages sent")
            # Time for a second sending, were there to be one.
            await asyncio.sleep(3)
        ids = Counter(r.message["Message-ID"] for r in smtp.mailbox.received)
        assert len(ids) == expected
        assert set(ids.values()) == {1}
        topics = Counter(row["topic"] for row in await OutboxMessage.select(OutboxMessage.topic))
        assert topics == {"invitation": invitations, "reminder": SESSIONS * 2}
        stored = await OutboxMessage.select(OutboxMessage.message_id, OutboxMessage.status)
        assert {row["message_id"] for row in stored} == set(ids)
        assert {row["status"] for row in stored} == {"sent"}
        assert await Reminder.count().where(Reminder.status == "sent") == SESSIONS
    finally:
        smtp.stop()

"""Reminders follow each session: planned on confirm, moved on reschedule, voided on cancel,
sent once however many processes try, and never after the session has begun."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from interpreters.availability.service import save_profile
from interpreters.notifications import reminders
from interpreters.notifications.tables import Reminder
from interpreters.settings import get_settings
from tests.bookings.factories import LATER, NEXT_WEEK, ask, book, interpreter, post, reschedule
from tests.factories import Account
from tests.notifications.factories import mails, texts

PSEUDONYM = "Quetzal-Zorzal-7781"
CASE = "CASO-RECORDATORIO-4412"
COMMUNITY = "Aldea Xepocol"


async def confirmed(client: httpx.AsyncClient, prosecutor: Account, **changes: Any) -> int:
    """A session booked with one interpreter, under a pseudonym, case and community that no
    email may carry."""
    interpreter_id = await interpreter()
    request = (
        await ask(
            client,
            prosecutor,
            victim_pseudonym=PSEUDONYM,
            case_reference=CASE,
            community=COMMUNITY,
            **changes,
        )
    ).json()
    booked = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    return int(request["id"])


async def rows(request_id: int) -> list[dict[str, Any]]:
    return await (
        Reminder.select()
        .where(Reminder.request == request_id)
        .order_by(Reminder.id)
        .output(load_json=True)
    )


async def test_a_confirmed_session_gets_a_reminder_a_day_and_a_quarter_hour_before(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    start = datetime.fromisoformat(f"{NEXT_WEEK}T15:00:00+00:00")
    assert [(r["minutes_before"], r["due_at"], r["status"]) for r in await rows(request_id)] == [
        (1440, start - timedelta(days=1), "pending"),
        (15, start - timedelta(minutes=15), "pending"),
    ]


async def test_a_reschedule_voids_the_reminders_and_plans_them_at_the_new_time(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    moved = await reschedule(client, prosecutor, request_id, f"{LATER}T10:00:00")
    assert moved.status_code == 200, moved.text
    start = datetime.fromisoformat(f"{LATER}T16:00:00+00:00")
    assert [(r["minutes_before"], r["status"]) for r in await rows(request_id)][:2] == [
        (1440, "void"),
        (15, "void"),
    ]
    assert [
        (r["minutes_before"], r["due_at"])
        for r in await rows(request_id)
        if r["status"] == "pending"
    ] == [(1440, start - timedelta(days=1)), (15, start - timedelta(minutes=15))]


async def test_a_cancellation_voids_the_reminders(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    cancelled = await post(client, prosecutor, f"{request_id}/cancel", reason="Victim unwell")
    assert cancelled.status_code == 200, cancelled.text
    assert {r["status"] for r in await rows(request_id)} == {"void"}
    await reminders.send_due_reminders(datetime.fromisoformat(f"{NEXT_WEEK}T14:50:00+00:00"))
    assert await mails("reminder") == []


async def test_a_session_booked_two_hours_ahead_gets_only_the_quarter_hour_reminder(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    # Available all day, so that two hours from now is free whatever the time.
    await save_profile(interpreter_id, weekly=[[day, 0, 24 * 60] for day in range(7)])
    soon = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    request = (await ask(client, prosecutor, start=soon.isoformat(), duration_minutes=30)).json()
    booked = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    assert [(r["minutes_before"], r["status"]) for r in await rows(request["id"])] == [
        (15, "pending")
    ]


async def test_a_reminder_is_sent_once_to_every_participant_even_when_two_processes_try(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    day_before = (await rows(request_id))[0]
    now = day_before["due_at"]
    if get_settings().is_postgres:
        await asyncio.gather(
            reminders.send_reminder(day_before["id"], now),
            reminders.send_reminder(day_before["id"], now),
        )
    else:
        await reminders.send_reminder(day_before["id"], now)
        await reminders.send_reminder(day_before["id"], now)
    sent = await mails("reminder")
    assert sorted(str(m["To"]) for m in sent) == [
        "Interpreter 1 <interpreter1@example.org>",
        "fiscal <fiscal@example.org>",
    ]
    assert {str(m["Subject"]).rsplit(" (", 1)[1] for m in sent} == {"mañana)"}
    assert [m.get_content_type() for m in sent[0].walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    assert [(r["status"], r["sent_at"]) for r in await rows(request_id)] == [
        ("sent", now),
        ("pending", None),
    ]


async def test_at_start_a_missed_reminder_is_sent_if_the_session_has_not_begun(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    # The service was down from before the day-before reminder until ten minutes before the
    # session: the day-before one is sent late, the quarter-hour one is not due yet.
    start = datetime.fromisoformat(f"{NEXT_WEEK}T15:00:00+00:00")
    await reminders.send_due_reminders(start - timedelta(minutes=20))
    assert [r["status"] for r in await rows(request_id)] == ["sent", "pending"]
    assert {str(m["Subject"]).rsplit(" (", 1)[1] for m in await mails("reminder")} == {
        "en 20 minutos)"
    }


async def test_at_start_a_reminder_of_a_session_already_begun_is_marked_missed(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    start = datetime.fromisoformat(f"{NEXT_WEEK}T15:00:00+00:00")
    await reminders.send_due_reminders(start + timedelta(minutes=5))
    assert [r["status"] for r in await rows(request_id)] == ["missed", "missed"]
    assert await mails("reminder") == []


async def test_of_two_reminders_due_at_once_only_the_nearer_one_is_sent(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    start = datetime.fromisoformat(f"{NEXT_WEEK}T15:00:00+00:00")
    await reminders.send_due_reminders(start - timedelta(minutes=10))
    assert [r["status"] for r in await rows(request_id)] == ["missed", "sent"]
    assert {str(m["Subject"]).rsplit(" (", 1)[1] for m in await mails("reminder")} == {
        "en 10 minutos)"
    }


async def test_no_email_names_the_victim_the_case_or_the_community(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await confirmed(client, prosecutor)
    await reminders.send_due_reminders((await rows(request_id))[1]["due_at"])
    await reschedule(client, prosecutor, request_id, f"{LATER}T10:00:00")
    await post(client, prosecutor, f"{request_id}/cancel", reason="Victim unwell")
    sent = await mails("reminder") + await mails("invitation")
    assert len(sent) == 2 * 4
    for message in sent:
        text = texts(message)
        assert "Recordatorio" in text or "Invitación" in text or "CANCELADA" in text
        for secret in (PSEUDONYM, CASE, COMMUNITY):
            assert secret not in text

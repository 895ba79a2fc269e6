"""A booked interpreter's background check that expires before the session: the requester and
the country's coordinators are told 30 and 7 days ahead, once each, by notice and email."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx

from interpreters.notifications import background_checks
from interpreters.notifications.tables import Notice
from interpreters.registry.tables import Interpreter
from tests.bookings.factories import booked, interpreter, post
from tests.factories import Account
from tests.notifications.factories import mails, texts


async def session_with_check_expiring(
    client: httpx.AsyncClient, prosecutor: Account, days_before_session: int
) -> tuple[dict[str, Any], date]:
    """A confirmed session, whose interpreter's background check expires that many days
    before the session's day (0: on the day)."""
    interpreter_id = await interpreter(1, display_name="Ixchel Ajpop")
    request = await booked(client, prosecutor, interpreter=interpreter_id)
    [booking] = request["bookings"]
    day = datetime.fromisoformat(booking["starts_at"]).date()
    expires_on = day - timedelta(days=days_before_session)
    await Interpreter.update({Interpreter.background_check_expires_on: expires_on}).where(
        Interpreter.id == interpreter_id
    )
    return request, expires_on


async def test_the_people_of_the_session_are_told_30_and_7_days_ahead_once_each(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request, expires_on = await session_with_check_expiring(client, prosecutor, 1)
    assert await background_checks.send_alerts(expires_on - timedelta(days=40)) == 0
    assert await background_checks.send_alerts(expires_on - timedelta(days=30)) == 1
    assert await background_checks.send_alerts(expires_on - timedelta(days=29)) == 0
    assert await background_checks.send_alerts(expires_on - timedelta(days=7)) == 1
    assert await background_checks.send_alerts(expires_on - timedelta(days=7)) == 0
    notices = await Notice.select().where(Notice.kind == "background_check_expiring")
    assert sorted(n["recipient"] for n in notices) == sorted(
        [prosecutor.user_id, coordinator.user_id] * 2
    )
    sent = await mails("background_check_expiry")
    assert len(sent) == 4
    words = texts(sent[0])
    assert "Ixchel Ajpop" in words
    assert f"vence el {expires_on.isoformat()}, antes de la sesión" in words
    assert f"/ui/request.html?id={request['id']}" in words
    # Nothing about the victim leaves the service.
    assert all("Víctima A" not in texts(message) for message in sent)


async def test_a_check_expiring_on_the_sessions_day_counts_and_one_after_it_does_not(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    _, expires_on = await session_with_check_expiring(client, prosecutor, 0)
    assert await background_checks.send_alerts(expires_on - timedelta(days=7)) == 1
    await Interpreter.update(
        {Interpreter.background_check_expires_on: expires_on + timedelta(days=1)}, force=True
    )
    assert await background_checks.send_alerts(expires_on - timedelta(days=6)) == 0


async def test_a_cancelled_session_is_not_alerted(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request, expires_on = await session_with_check_expiring(client, prosecutor, 1)
    cancelled = await post(client, prosecutor, f"{request['id']}/cancel", reason="Withdrawn")
    assert cancelled.status_code == 200, cancelled.text
    assert await background_checks.send_alerts(expires_on - timedelta(days=7)) == 0
    assert await Notice.count().where(Notice.kind == "background_check_expiring") == 0

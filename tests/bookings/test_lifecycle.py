"""After the booking: cancelled (late or not), completed, no-show, each change recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from interpreters.availability.service import save_profile
from interpreters.principal import Role
from interpreters.sessions.tables import Booking
from tests.bookings.factories import ask, book, interpreter, move_session, post
from tests.factories import Account, make_account, make_institution


async def test_a_cancellation_frees_the_interpreter_and_is_recorded(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    first = (await ask(client, prosecutor)).json()
    await book(client, prosecutor, first["id"], interpreter=interpreter_id)
    cancelled = await post(client, prosecutor, f"{first['id']}/cancel", reason="Victim unwell")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    # The same slot can be booked again for another request.
    second = (await ask(client, prosecutor)).json()
    again = await book(client, prosecutor, second["id"], interpreter=interpreter_id)
    assert again.status_code == 201, again.text
    history = await client.get(
        f"/api/v1/requests/{first['id']}/history", headers=prosecutor.headers
    )
    assert [(e["status"], e["note"], e["late"]) for e in history.json()] == [
        ("requested", "", False),
        ("confirmed", "", False),
        ("cancelled", "Victim unwell", False),
    ]
    assert {e["by_user"] for e in history.json()} == {prosecutor.user_id}
    twice = await post(client, prosecutor, f"{first['id']}/cancel", reason="Again")
    assert twice.status_code == 409


async def test_a_cancellation_close_to_the_start_is_flagged_late(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    # Available all day, so that three hours from now is free whatever the time.
    await save_profile(interpreter_id, weekly=[[day, 0, 24 * 60] for day in range(7)])
    soon = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    request = (await ask(client, prosecutor, start=soon.isoformat(), duration_minutes=30)).json()
    booked = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    await post(client, prosecutor, f"{request['id']}/cancel", reason="Hearing moved")
    history = await client.get(
        f"/api/v1/requests/{request['id']}/history", headers=prosecutor.headers
    )
    assert history.json()[-1]["late"] is True


async def test_completion_and_no_show_only_once_the_session_has_ended_or_begun(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    early = await post(client, prosecutor, f"{request['id']}/complete")
    assert early.status_code == 409
    assert (await post(client, prosecutor, f"{request['id']}/no-show")).status_code == 409
    await move_session(request["id"], datetime.now(UTC) - timedelta(hours=3))
    done = await post(client, prosecutor, f"{request['id']}/complete")
    assert done.json()["status"] == "completed"
    assert await Booking.select(Booking.status).first() == {"status": "completed"}
    assert (await post(client, prosecutor, f"{request['id']}/no-show")).status_code == 409


async def test_a_no_show_is_recorded_with_its_note(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    await move_session(request["id"], datetime.now(UTC) - timedelta(minutes=10))
    missed = await post(client, prosecutor, f"{request['id']}/no-show", note="Interpreter absent")
    assert missed.json()["status"] == "no_show"
    history = await client.get(
        f"/api/v1/requests/{request['id']}/history", headers=prosecutor.headers
    )
    assert history.json()[-1]["note"] == "Interpreter absent"


async def test_another_institution_cannot_change_or_read_a_request(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request = (await ask(client, prosecutor)).json()
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    other = await make_account(Role.PROSECUTOR, "otro@example.org", institution_id=office)
    assert (await post(client, other, f"{request['id']}/cancel", reason="x")).status_code == 404
    history = await client.get(f"/api/v1/requests/{request['id']}/history", headers=other.headers)
    assert history.status_code == 404
    contact = await post(client, prosecutor, f"{request['id']}/cancel", reason="Call 9876-5432")
    assert contact.status_code == 400

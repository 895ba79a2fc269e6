"""Which participants each booking flow writes to: an accepted offer invites, a replaced
interpreter is released, a request never confirmed sends nothing when cancelled."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default

import httpx
from icalendar import Calendar

from interpreters.notifications.tables import OutboxMessage
from interpreters.registry.tables import Interpreter
from tests.bookings.factories import (
    NEXT_WEEK,
    answer,
    ask,
    assign,
    book,
    interpreter,
    interpreters,
    offer_to,
    post,
    reschedule,
    send,
)
from tests.calendar.factories import attendees_of
from tests.factories import Account
from tests.notifications.factories import answer_link, booked_session, calendar_of


async def mail() -> list[tuple[str, EmailMessage, Calendar]]:
    """Every email in the outbox, oldest first: recipient, message, invitation."""
    found = []
    for row in await OutboxMessage.select(OutboxMessage.recipient, OutboxMessage.body).order_by(
        OutboxMessage.id
    ):
        message = email.message_from_string(row["body"], policy=default)
        assert isinstance(message, EmailMessage)
        found.append((row["recipient"], message, calendar_of(message)))
    return found


def attendees(calendar: Calendar) -> list[str]:
    return [str(a) for a in calendar.events[0].get("ATTENDEE", [])]


async def test_the_acceptance_that_fills_the_request_invites_everyone(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    [first] = await interpreters(5)
    request = (await ask(client, prosecutor)).json()
    assert (await send(client, prosecutor, request["id"], wave_size=1)).status_code == 201
    assert await mail() == []
    accepted = await answer(client, first, await offer_to(first, request["id"]))
    assert accepted.status_code == 200, accepted.text
    sent = await mail()
    # The address in the registry record, which coordinators vetted.
    assert sorted(recipient for recipient, _, _ in sent) == [
        "fiscal@example.org",
        "interpreter1@example.org",
    ]
    for _, _, calendar in sent:
        assert str(calendar["METHOD"]) == "REQUEST"
        assert calendar.events[0]["SEQUENCE"] == 0


async def test_a_replaced_interpreter_is_released_and_the_others_updated(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request_id = await booked_session(client, prosecutor)
    replacement = await interpreter(2)
    replaced = await assign(client, coordinator, request_id, interpreter=replacement)
    assert replaced.status_code == 200, replaced.text
    update = (await mail())[2:]
    by_recipient = {recipient: (message, calendar) for recipient, message, calendar in update}
    assert set(by_recipient) == {
        "fiscal@example.org",
        "interpreter1@example.org",
        "interpreter2@example.org",
    }
    message, released = by_recipient["interpreter1@example.org"]
    assert str(released["METHOD"]) == "CANCEL"
    assert released.events[0]["SEQUENCE"] == 1
    plain = message.get_body(("plain",))
    assert plain is not None
    assert "Ya no participa en esta sesión" in plain.get_content()
    _, invited = by_recipient["interpreter2@example.org"]
    assert str(invited["METHOD"]) == "REQUEST"
    assert invited.events[0]["SEQUENCE"] == 1
    _, requester = by_recipient["fiscal@example.org"]
    assert requester.events[0]["SEQUENCE"] == 1
    # The requester's copy lists the new interpreter (behind an alias), not the old one.
    assert len(attendees(requester)) == 2
    assert "mailto:fiscal@example.org" in attendees(requester)


async def test_cancelling_a_request_never_confirmed_sends_nothing(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await interpreters(5)
    request = (await ask(client, prosecutor)).json()
    assert (await send(client, prosecutor, request["id"], wave_size=1)).status_code == 201
    cancelled = await post(client, prosecutor, f"{request['id']}/cancel", reason="Withdrawn")
    assert cancelled.status_code == 200, cancelled.text
    assert await mail() == []


def partstat(calendar: Calendar, email: str) -> str:
    [attendee] = [a for a in attendees_of(calendar.events[0]) if str(a) == f"mailto:{email}"]
    return str(attendee.params["PARTSTAT"])


async def test_answers_from_the_email_link_show_in_later_copies_until_the_time_moves(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request_id = await booked_session(client, prosecutor)
    [(_, invitation, first)] = [m for m in await mail() if m[0] == "fiscal@example.org"]
    assert partstat(first, "fiscal@example.org") == "NEEDS-ACTION"
    accepted = await client.post(answer_link(invitation), data={"answer": "ACCEPTED"})
    assert accepted.status_code == 200, accepted.text

    replacement = await interpreter(2)
    replaced = await assign(client, coordinator, request_id, interpreter=replacement)
    assert replaced.status_code == 200, replaced.text
    update = [c for r, _, c in await mail() if r == "fiscal@example.org"][-1]
    assert update.events[0]["SEQUENCE"] == 1
    assert partstat(update, "fiscal@example.org") == "ACCEPTED"

    moved = await reschedule(client, prosecutor, request_id, f"{NEXT_WEEK}T11:00:00")
    assert moved.status_code == 200, moved.text
    after_move = [c for r, _, c in await mail() if r == "fiscal@example.org"][-1]
    assert after_move.events[0]["SEQUENCE"] == 2
    # A new time asks everyone again.
    assert partstat(after_move, "fiscal@example.org") == "NEEDS-ACTION"


async def test_a_reassignment_to_another_time_asks_everyone_again(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    first = await interpreter(1)
    second = await interpreter(2)
    asked = await ask(client, prosecutor, latest_start=f"{NEXT_WEEK}T13:00:00")
    request_id = asked.json()["id"]
    booked = await book(client, prosecutor, request_id, interpreter=first)
    assert booked.status_code == 201, booked.text
    [(_, invitation, _)] = [m for m in await mail() if m[0] == "fiscal@example.org"]
    accepted = await client.post(answer_link(invitation), data={"answer": "ACCEPTED"})
    assert accepted.status_code == 200, accepted.text
    moved = await assign(
        client, coordinator, request_id, interpreter=second, start=f"{NEXT_WEEK}T13:00:00"
    )
    assert moved.status_code == 200, moved.text
    update = [c for r, _, c in await mail() if r == "fiscal@example.org"][-1]
    assert update.events[0].decoded("DTSTART").hour == 13
    assert partstat(update, "fiscal@example.org") == "NEEDS-ACTION"


async def test_a_name_on_two_lines_is_written_on_one(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter(1)
    await Interpreter.update(display_name="Ana\r\nLópez").where(Interpreter.id == interpreter_id)
    request_id = (await ask(client, prosecutor)).json()["id"]
    booked = await book(client, prosecutor, request_id, interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    [(_, message, _)] = [m for m in await mail() if m[0] == "interpreter1@example.org"]
    assert message["To"].addresses[0].display_name == "Ana López"


async def test_an_address_broken_after_booking_does_not_stop_a_cancellation(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await booked_session(client, prosecutor)
    await Interpreter.update(email="broken@@example").where(Interpreter.id == 1)
    cancelled = await post(client, prosecutor, f"{request_id}/cancel", reason="Closed")
    assert cancelled.status_code == 200, cancelled.text
    last = (await mail())[-1]
    assert last[0] == "fiscal@example.org"
    assert str(last[2]["METHOD"]) == "CANCEL"
    assert len(await mail()) == 3

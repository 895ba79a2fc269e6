"""Every participant's calendar follows the session through a real SMTP server: one email
per participant per change, the same UID, SEQUENCE raised each time, the cancellation last;
and nothing is lost or doubled while the server is down."""

from __future__ import annotations

import email
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from zoneinfo import ZoneInfo

import httpx

from interpreters.notifications import outbox
from interpreters.notifications.tables import OutboxMessage
from interpreters.notifications.transport import FileTransport
from interpreters.registry.tables import Interpreter
from interpreters.sessions.tables import Booking
from interpreters.settings import get_settings
from tests.bookings.factories import NEXT_WEEK, ask, book, interpreter, post, reschedule
from tests.factories import Account
from tests.notifications.factories import (
    CASE,
    PSEUDONYM,
    SmtpServer,
    booked_session,
    calendar_of,
    parts,
)

TEGUCIGALPA = ZoneInfo("America/Tegucigalpa")


async def test_create_two_reschedules_and_cancel_reach_each_attendee_in_order(
    client: httpx.AsyncClient, prosecutor: Account, smtp_server: SmtpServer
) -> None:
    smtp_server.start()
    # The interpreter reads English; the prosecutor Spanish.
    request_id = await booked_session(client, prosecutor, reads="en")
    starts = [datetime.combine(NEXT_WEEK, datetime.min.time()).replace(hour=9, tzinfo=TEGUCIGALPA)]
    for day, hour in ((1, 10), (2, 11)):
        start = starts[0].replace(hour=hour) + timedelta(days=day)
        moved = await reschedule(
            client, prosecutor, request_id, start.replace(tzinfo=None).isoformat()
        )
        assert moved.status_code == 200, moved.text
        starts.append(start)
    cancelled = await post(client, prosecutor, f"{request_id}/cancel", reason="Hearing dropped")
    assert cancelled.status_code == 200, cancelled.text

    assert await outbox.dispatch({"email": smtp_server.transport}) == 8
    by_recipient: dict[str, list[EmailMessage]] = defaultdict(list)
    for received in smtp_server.mailbox.received:
        assert received.sender == get_settings().mail_from
        [address] = received.recipients
        by_recipient[address].append(received.message)
        raw = received.raw.decode()
        assert PSEUDONYM not in raw
        assert CASE not in raw
    assert set(by_recipient) == {"fiscal@example.org", "interpreter1@example.org"}
    for address, messages in by_recipient.items():
        calendars = [calendar_of(message) for message in messages]
        events = [calendar.events[0] for calendar in calendars]
        assert [event["SEQUENCE"] for event in events] == [0, 1, 2, 3], address
        assert [str(c["METHOD"]) for c in calendars] == ["REQUEST"] * 3 + ["CANCEL"]
        assert len({str(event["UID"]) for event in events}) == 1
        assert events[-1]["STATUS"] == "CANCELLED"
        assert [e.decoded("DTSTART") for e in events[:3]] == starts
        assert events[3].decoded("DTSTART") == starts[2]
        assert len({m["Message-ID"] for m in messages}) == 4
        for message in messages:
            found = parts(message)
            assert {"text/plain", "text/html", "text/calendar", "application/ics"} <= set(found)
            method = str(calendar_of(message)["METHOD"])
            assert found["text/calendar"].get_param("method") == method
            assert found["application/ics"].get_filename() == "invitation.ics"
    english = by_recipient["interpreter1@example.org"][0]
    assert english["Subject"].startswith("Invitation: Victim interview")
    assert "You are invited" in parts(english)["text/plain"].get_content()
    spanish = by_recipient["fiscal@example.org"][1]
    assert spanish["Subject"].startswith("Nuevo horario: Entrevista a la víctima")


async def test_while_the_server_is_down_nothing_is_lost_and_nothing_doubled(
    client: httpx.AsyncClient, prosecutor: Account, smtp_server: SmtpServer
) -> None:
    requests = [await booked_session(client, prosecutor, n) for n in range(1, 51)]
    assert await outbox.dispatch({"email": smtp_server.transport}) == 0
    pending = await OutboxMessage.select(
        OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.next_attempt_at
    )
    assert len(pending) == 100
    assert {(row["status"], row["attempts"]) for row in pending} == {("pending", 1)}
    # Backing off: nothing is tried again straight away.
    assert await outbox.dispatch({"email": smtp_server.transport}) == 0
    assert {row["attempts"] for row in await OutboxMessage.select(OutboxMessage.attempts)} == {1}

    smtp_server.start()
    later = datetime.now(UTC) + timedelta(seconds=get_settings().outbox_retry_seconds + 1)
    assert await outbox.dispatch({"email": smtp_server.transport}, now=later) == 100
    assert await outbox.dispatch({"email": smtp_server.transport}, now=later) == 0
    received = smtp_server.mailbox.received
    ids = {r.message["Message-ID"] for r in received}
    assert len(ids) == len(received) == 100
    per_request: dict[str, set[str]] = defaultdict(set)
    for r in received:
        [uid] = {str(event["UID"]) for event in calendar_of(r.message).events}
        per_request[uid] |= set(r.recipients)
    assert len(per_request) == len(requests)
    for recipients in per_request.values():
        assert len(recipients) == 2
        assert "fiscal@example.org" in recipients


async def test_a_recipient_refused_for_good_is_not_tried_again(
    client: httpx.AsyncClient, prosecutor: Account, smtp_server: SmtpServer
) -> None:
    smtp_server.mailbox.refuse.add("interpreter1@example.org")
    smtp_server.start()
    await booked_session(client, prosecutor)
    assert await outbox.dispatch({"email": smtp_server.transport}) == 1
    rows = {
        row["recipient"]: row
        for row in await OutboxMessage.select(
            OutboxMessage.recipient, OutboxMessage.status, OutboxMessage.last_error
        )
    }
    assert rows["fiscal@example.org"]["status"] == "sent"
    refused = rows["interpreter1@example.org"]
    assert refused["status"] == "failed"
    assert "550" in refused["last_error"]
    later = datetime.now(UTC) + timedelta(days=1)
    assert await outbox.dispatch({"email": smtp_server.transport}, now=later) == 0


async def test_without_smtp_the_messages_are_written_as_eml_files(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await booked_session(client, prosecutor)
    directory = get_settings().mail_dir
    assert await outbox.dispatch({"email": FileTransport(directory)}) == 2
    rows = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.body).where(
        OutboxMessage.request == request_id
    )
    for row in rows:
        written = (directory / f"{row['id']:08d}.eml").read_bytes().decode()
        assert written == row["body"]
        parsed = email.message_from_string(written, policy=default)
        assert parsed["Message-ID"]


async def test_an_address_that_cannot_receive_mail_refuses_the_booking(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter(1)
    await Interpreter.update(email="interpreter1@@example").where(Interpreter.id == interpreter_id)
    request_id = (await ask(client, prosecutor)).json()["id"]
    refused = await book(client, prosecutor, request_id, interpreter=interpreter_id)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == "interpreter"
    assert "cannot receive invitations" in refused.text
    assert await Booking.count() == 0
    assert await OutboxMessage.count() == 0

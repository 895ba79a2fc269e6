"""Nothing that identifies a victim leaves the system: one session lives its whole life
(booked, answered, reminded, moved, given another interpreter, cancelled) and every byte
that goes out — emails as sent and as .eml files, webhook calls, calendar feeds, the
answer pages — is searched for the victim's pseudonym, the case and the community."""

from __future__ import annotations

import quopri
from datetime import timedelta
from email import message_from_string
from email.policy import default

import httpx

from interpreters.notifications import outbox, reminders
from interpreters.notifications.tables import OutboxMessage
from interpreters.notifications.transport import FileTransport
from interpreters.principal import Role
from interpreters.sessions.tables import Booking
from interpreters.settings import get_settings
from tests.bookings.factories import NEXT_WEEK, assign, booked, interpreter, post, reschedule
from tests.calendar.factories import COMMUNITY, SECRET, feed_of
from tests.factories import Account, make_account
from tests.notifications.factories import add_webhook, answer_link

SECRETS = (SECRET["victim_pseudonym"], SECRET["case_reference"], COMMUNITY)


def readable(body: str) -> str:
    """An email with every part decoded too, so an encoded leak is found as well."""
    parsed = message_from_string(body, policy=default)
    decoded = [body]
    for part in parsed.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            decoded.append(payload.decode("utf-8", errors="replace"))
    decoded.append(str(parsed["Subject"]))
    return "\n".join(decoded)


def assert_clean(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} found in {where}"
        # Nor quoted-printable, as a part left undecoded would carry it.
        assert quopri.encodestring(secret.encode()).decode() not in text, where


async def test_no_victim_or_case_detail_in_anything_that_goes_out(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    await add_webhook(client, coordinator, prosecutor.institution_id, "http://127.0.0.1:9/h")
    first = await interpreter(1)
    second = await interpreter(2)
    interpreter_account = await make_account(
        Role.INTERPRETER, "i1@example.org", interpreter_id=first
    )
    request_id = (await booked(client, prosecutor, interpreter=first, **SECRET))["id"]
    outputs: list[tuple[str, str]] = []

    invitation = (
        await OutboxMessage.select(OutboxMessage.body)
        .where(OutboxMessage.recipient == "interpreter1@example.org")
        .first()
    )
    assert invitation is not None
    link = answer_link(message_from_string(invitation["body"], policy=default))
    page = await client.get(link)
    outputs.append(("the answer page", page.text))
    answered = await client.post(link, data={"answer": "ACCEPTED"})
    outputs.append(("the answered page", answered.text))

    [booking] = await Booking.select(Booking.starts_at).where(Booking.request == request_id)
    await reminders.send_due_reminders(now=booking["starts_at"] - timedelta(minutes=10))
    for account in (prosecutor, interpreter_account, coordinator):
        feed = (await feed_of(client, account)).decode()
        assert "BEGIN:VEVENT" in feed, account.email
        outputs.append((f"the feed of {account.email}", feed))

    assert (await reschedule(client, prosecutor, request_id, f"{NEXT_WEEK}T11:00:00")).is_success
    assert (await assign(client, coordinator, request_id, interpreter=second)).is_success
    assert (await post(client, prosecutor, f"{request_id}/cancel", reason="Closed")).is_success
    for account in (prosecutor, coordinator):
        outputs.append((f"the feed of {account.email}", (await feed_of(client, account)).decode()))

    await outbox.dispatch({"email": FileTransport(get_settings().mail_dir)})
    rows = await OutboxMessage.select(
        OutboxMessage.id, OutboxMessage.topic, OutboxMessage.body, OutboxMessage.headers
    )
    assert {row["topic"] for row in rows} >= {
        "invitation",
        "reminder",
        "booking.created",
        "booking.changed",
        "booking.cancelled",
    }
    for row in rows:
        outputs.append((f"outbox message {row['id']}", readable(row["body"]) + str(row["headers"])))
    for path in get_settings().mail_dir.glob("*.eml"):
        outputs.append((str(path), readable(path.read_bytes().decode())))
    assert len(outputs) > 20
    for where, text in outputs:
        assert_clean(where, text)
    # The search would find them: the request itself holds them.
    stored = await client.get(f"/api/v1/requests/{request_id}", headers=prosecutor.headers)
    assert SECRET["victim_pseudonym"] in stored.text

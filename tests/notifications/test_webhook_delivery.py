"""Booking events reach each active webhook of the request's institution, signed, through the
outbox, over real HTTP to a receiver on loopback; nothing identifying a victim goes out."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from interpreters.notifications.outbox import dispatch
from interpreters.notifications.tables import OutboxMessage
from interpreters.notifications.webhook_transport import WebhookTransport, webhook_transport
from interpreters.sessions.tables import Booking
from tests.bookings.factories import NEXT_WEEK, ask, assign, book, interpreter, post
from tests.factories import Account
from tests.notifications.factories import add_webhook, webhooks_url

# Distinctive, so that finding them anywhere in what goes out cannot be a coincidence.
PSEUDONYM = "Colibri-Zafiro-4471"
CASE = "FEVCTP-WEBHOOK-99173"
COMMUNITY = "Aldea Quetzal Escondido"
LATER = timedelta(hours=2)
# Never answers: the receiver holds the connection until the test ends.
HANG = 0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A minimal HTTP/1.1 server: records each request, answers the next of `statuses`
    (then 200) and closes the connection."""

    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    port: int = 0
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        _, path, _ = head[0].split(" ", 2)
        headers = {}
        for line in filter(None, head[1:]):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.received.append(Received(path, headers, body))
        status = self.statuses.pop(0) if self.statuses else 200
        if status == HANG:
            await self.released.wait()
        else:
            moved = f"Location: {self.url('/moved')}\r\n" if 300 <= status < 400 else ""
            reply = f"HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n"
            writer.write(f"{reply}{moved}\r\n".encode())
            await writer.drain()
        writer.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    server = await asyncio.start_server(found.handle, "127.0.0.1", 0)
    found.port = server.sockets[0].getsockname()[1]
    yield found
    found.released.set()
    server.close()
    await server.wait_closed()


async def booked_request(client: httpx.AsyncClient, prosecutor: Account, n: int = 1) -> int:
    interpreter_id = await interpreter(n)
    request = await ask(
        client,
        prosecutor,
        victim_pseudonym=PSEUDONYM,
        case_reference=CASE,
        community=COMMUNITY,
        variety="Central",
    )
    assert request.status_code == 201, request.text
    answer = await book(client, prosecutor, request.json()["id"], interpreter=interpreter_id)
    assert answer.status_code == 201, answer.text
    return int(request.json()["id"])


async def send_webhooks(now: datetime | None = None) -> int:
    """The dispatcher's pass over the webhook calls only (the emails wait)."""
    return await dispatch({"webhook": webhook_transport()}, now=now)


async def webhook_rows() -> list[dict[str, Any]]:
    return (
        await OutboxMessage.select()
        .where(OutboxMessage.channel == "webhook")
        .order_by(OutboxMessage.id)
        .output(load_json=True)
    )


async def test_an_event_reaches_each_active_webhook_of_the_institution_signed_and_retried(
    client: httpx.AsyncClient,
    coordinator: Account,
    prosecutor: Account,
    court: Account,
    receiver: Receiver,
) -> None:
    office = prosecutor.institution_id
    secret = (await add_webhook(client, coordinator, office, receiver.url("/a"))).json()["secret"]
    stopped = (await add_webhook(client, coordinator, office, receiver.url("/b"))).json()
    await client.delete(f"{webhooks_url(office)}/{stopped['id']}", headers=coordinator.headers)
    await add_webhook(client, coordinator, court.institution_id, receiver.url("/c"))
    request_id = await booked_request(client, prosecutor)
    receiver.statuses = [500]
    [row] = await webhook_rows()
    assert (row["recipient"], row["topic"], row["request"]) == (
        receiver.url("/a"),
        "booking.created",
        request_id,
    )

    assert await send_webhooks() == 0
    [row] = await webhook_rows()
    assert (row["status"], row["attempts"], row["last_error"]) == (
        "pending",
        1,
        "webhook answered 500",
    )
    # Not due again before its back-off.
    assert await send_webhooks() == 0
    assert await send_webhooks(now=datetime.now(UTC) + LATER) == 1
    [row] = await webhook_rows()
    assert (row["status"], row["attempts"]) == ("sent", 2)

    first, retry = receiver.received
    assert receiver.at("/a") == [first, retry]
    assert (first.body, first.headers["x-interpreters-signature"]) == (
        retry.body,
        retry.headers["x-interpreters-signature"],
    )
    delivery = first.headers["x-interpreters-delivery"]
    assert retry.headers["x-interpreters-delivery"] == delivery == row["message_id"]
    assert first.headers["content-type"] == "application/json"
    assert first.headers["x-interpreters-event"] == "booking.created"
    timestamp = first.headers["x-interpreters-timestamp"]
    assert abs(int(timestamp) - datetime.now(UTC).timestamp()) < 60
    # The receiver's check, as the README shows it.
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + first.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(first.headers["x-interpreters-signature"], f"sha256={expected}")

    payload = json.loads(first.body)
    assert payload["id"] == delivery
    assert payload["event"] == "booking.created"
    assert payload["created_at"].endswith("Z")
    [booking] = await Booking.select().where(Booking.request == request_id)
    assert payload["request"] == {
        "id": request_id,
        "status": "confirmed",
        "session_kind": "victim_interview",
        "language": "quc",
        "working_language": "spa",
        "modality": "video",
        "country": "HN",
        "timezone": "America/Tegucigalpa",
        "starts_at": f"{NEXT_WEEK}T15:00:00Z",
        "ends_at": f"{NEXT_WEEK}T15:45:00Z",
        "calendar_sequence": 0,
        "interpreters": [{"id": booking["interpreter"], "role": "interpreter"}],
    }


async def test_no_victim_or_case_detail_goes_out_in_any_event(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, receiver: Receiver
) -> None:
    await add_webhook(client, coordinator, prosecutor.institution_id, receiver.url("/a"))
    replacement = await interpreter(2)
    request_id = await booked_request(client, prosecutor)
    reassigned = await assign(client, coordinator, request_id, interpreter=replacement)
    assert reassigned.status_code == 200, reassigned.text
    cancelled = await post(client, prosecutor, f"{request_id}/cancel", reason="Withdrawn")
    assert cancelled.status_code == 200, cancelled.text
    rows = await webhook_rows()
    assert [row["topic"] for row in rows] == [
        "booking.created",
        "booking.changed",
        "booking.cancelled",
    ]
    # The replaced interpreter left the session; the cancellation names who was booked.
    bodies = [json.loads(row["body"])["request"] for row in rows]
    assert [body["interpreters"][0]["id"] for body in bodies[1:]] == [replacement] * 2
    assert [body["status"] for body in bodies] == ["confirmed", "confirmed", "cancelled"]
    assert await send_webhooks() == 3
    for text in [*(row["body"] + json.dumps(row["headers"]) for row in rows)] + [
        r.body.decode() + json.dumps(r.headers) for r in receiver.received
    ]:
        for secret in (PSEUDONYM, CASE, COMMUNITY, "Central"):
            assert secret not in text


async def test_a_request_cancelled_before_anyone_was_booked_sends_no_event(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, receiver: Receiver
) -> None:
    await add_webhook(client, coordinator, prosecutor.institution_id, receiver.url("/a"))
    request_id = (await ask(client, prosecutor)).json()["id"]
    cancelled = await post(client, prosecutor, f"{request_id}/cancel", reason="Withdrawn")
    assert cancelled.status_code == 200, cancelled.text
    assert await webhook_rows() == []


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (400, "failed"),
        (404, "failed"),
        (410, "failed"),
        # Redirects are not followed: the receiver's address must be corrected.
        (302, "failed"),
        (408, "pending"),
        (429, "pending"),
        (503, "pending"),
    ],
)
async def test_a_client_error_fails_for_good_and_busy_or_server_errors_are_retried(
    client: httpx.AsyncClient,
    coordinator: Account,
    prosecutor: Account,
    receiver: Receiver,
    status: int,
    outcome: str,
) -> None:
    await add_webhook(client, coordinator, prosecutor.institution_id, receiver.url("/a"))
    await booked_request(client, prosecutor)
    receiver.statuses = [status]
    await send_webhooks()
    [row] = await webhook_rows()
    assert (row["status"], row["last_error"]) == (outcome, f"webhook answered {status}")
    await send_webhooks(now=datetime.now(UTC) + LATER)
    expected = ["/a"] if outcome == "failed" else ["/a", "/a"]
    assert [request.path for request in receiver.received] == expected


async def test_timeouts_and_refused_connections_are_retried(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, receiver: Receiver
) -> None:
    office = prosecutor.institution_id
    await add_webhook(client, coordinator, office, receiver.url("/slow"))
    # Nothing listens there: the receiver's port once it is closed.
    closed = Receiver()
    server = await asyncio.start_server(closed.handle, "127.0.0.1", 0)
    closed.port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    await add_webhook(client, coordinator, office, closed.url("/gone"))
    await booked_request(client, prosecutor)
    receiver.statuses = [HANG]
    assert await dispatch({"webhook": WebhookTransport(0.5)}) == 0
    slow, gone = await webhook_rows()
    assert (slow["status"], gone["status"]) == ("pending", "pending")
    assert "ReadTimeout" in slow["last_error"]
    assert "ConnectError" in gone["last_error"]


async def test_deactivating_a_webhook_drops_what_is_queued_for_it(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, receiver: Receiver
) -> None:
    office = prosecutor.institution_id
    stopped = (await add_webhook(client, coordinator, office, receiver.url("/a"))).json()
    await add_webhook(client, coordinator, office, receiver.url("/b"))
    await booked_request(client, prosecutor)
    await client.delete(f"{webhooks_url(office)}/{stopped['id']}", headers=coordinator.headers)
    assert await send_webhooks() == 1
    assert [request.path for request in receiver.received] == ["/b"]
    dropped, sent = await webhook_rows()
    assert (dropped["status"], dropped["last_error"]) == ("failed", "webhook deactivated")
    assert sent["status"] == "sent"


async def test_an_institution_without_webhooks_queues_nothing(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, court: Account
) -> None:
    await add_webhook(client, coordinator, court.institution_id, "https://example.org/c")
    await booked_request(client, prosecutor)
    assert await webhook_rows() == []


async def test_an_address_httpx_cannot_use_fails_alone_and_the_queue_moves_on(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, receiver: Receiver
) -> None:
    await add_webhook(client, coordinator, prosecutor.institution_id, receiver.url("/a"))
    await booked_request(client, prosecutor)
    # Registered before the API refused such host names, say.
    first = (await webhook_rows())[0]
    await OutboxMessage.update(recipient="http://xn--a.com/h").where(
        OutboxMessage.id == first["id"]
    )
    await booked_request(client, prosecutor, n=2)
    assert await send_webhooks() == 1
    broken, delivered = await webhook_rows()
    assert broken["status"] == "failed"
    assert "address unusable" in broken["last_error"]
    assert delivered["status"] == "sent"

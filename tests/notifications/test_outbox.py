"""The dispatcher under stress: a batch that outlasts its claim is not sent twice, and a
server that refuses the sender (its set-up, not the message) loses nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

import httpx
import pytest

from interpreters.notifications import outbox
from interpreters.notifications.tables import OutboxMessage
from interpreters.notifications.transport import Outgoing, Send
from interpreters.settings import get_settings
from tests.factories import Account
from tests.notifications.factories import SmtpServer, booked_session


@pytest.fixture
def short_claims(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OUTBOX_CLAIM_SECONDS", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@dataclass
class SlowTransport:
    """Takes `seconds` per message and records the Message-IDs it delivered."""

    seconds: float
    delivered: list[str] = field(default_factory=list)

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Send]:
        async def send(message: Outgoing) -> None:
            await asyncio.sleep(self.seconds)
            self.delivered.append(message.message_id)

        yield send

    def open(self) -> AbstractAsyncContextManager[Send]:
        return self._session()


async def test_a_batch_longer_than_its_claim_sends_each_message_once(
    client: httpx.AsyncClient, prosecutor: Account, short_claims: None
) -> None:
    for n in range(1, 4):
        await booked_session(client, prosecutor, n)
    slow = SlowTransport(0.5)
    # Six messages at half a second each: the batch's claim of one second runs out long
    # before its end, and a second dispatcher comes for what it has not sent.
    first = asyncio.create_task(outbox.dispatch({"email": slow}))
    await asyncio.sleep(1.6)
    second = await outbox.dispatch({"email": slow})
    first_sent = await first
    assert sorted(slow.delivered) == sorted(set(slow.delivered))
    assert len(slow.delivered) == first_sent + second == 6
    assert second > 0
    statuses = {row["status"] for row in await OutboxMessage.select(OutboxMessage.status)}
    assert statuses == {"sent"}


async def test_a_refused_sender_keeps_every_message_waiting(
    client: httpx.AsyncClient, prosecutor: Account, smtp_server: SmtpServer
) -> None:
    smtp_server.mailbox.refuse_senders = True
    smtp_server.start()
    await booked_session(client, prosecutor)
    assert await outbox.dispatch({"email": smtp_server.transport}) == 0
    rows = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.last_error)
    assert {row["status"] for row in rows} == {"pending"}
    assert all("530" in row["last_error"] for row in rows)

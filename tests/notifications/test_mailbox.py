"""The coordinators' view of the outbox: every message as it goes out, within their scope."""

from __future__ import annotations

import httpx

from interpreters.audit.tables import AuditEntry
from interpreters.notifications.tables import OutboxMessage
from interpreters.principal import Role
from tests.factories import Account, make_account
from tests.notifications.factories import CASE, PSEUDONYM, booked_session


async def test_a_coordinator_reads_each_message_as_it_goes_out(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request_id = await booked_session(client, prosecutor)
    listed = await client.get("/api/v1/outbox", headers=coordinator.headers)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["total"] == 2
    assert {m["recipient"] for m in page["items"]} == {
        "fiscal@example.org",
        "interpreter1@example.org",
    }
    first = page["items"][0]
    assert first["request"] == request_id
    assert first["status"] == "pending"
    assert first["subject"].startswith("Invitación: Entrevista a la víctima")
    opened = await client.get(
        f"/api/v1/outbox/{first['id']}/message.eml", headers=coordinator.headers
    )
    assert opened.status_code == 200
    assert opened.headers["content-type"].startswith("message/rfc822")
    stored = (
        await OutboxMessage.select(OutboxMessage.body)
        .where(OutboxMessage.id == first["id"])
        .first()
    )
    assert stored is not None
    assert opened.text == stored["body"]
    assert PSEUDONYM not in opened.text
    assert CASE not in opened.text
    assert await AuditEntry.count().where(AuditEntry.action == "read_outbox_message") == 1
    sent = await client.get("/api/v1/outbox?status=sent", headers=coordinator.headers)
    assert sent.json() == {"total": 0, "items": []}


async def test_only_coordinators_of_the_requests_country_read_its_messages(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await booked_session(client, prosecutor)
    [message_id] = [row["id"] for row in await OutboxMessage.select(OutboxMessage.id).limit(1)]
    honduras = await make_account(Role.COORDINATOR, "hn@example.org", countries="HN")
    guatemala = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    ours = await client.get("/api/v1/outbox", headers=honduras.headers)
    assert ours.json()["total"] == 2
    theirs = await client.get("/api/v1/outbox", headers=guatemala.headers)
    assert theirs.json() == {"total": 0, "items": []}
    hidden = await client.get(f"/api/v1/outbox/{message_id}/message.eml", headers=guatemala.headers)
    assert hidden.status_code == 404
    interpreter = await make_account(Role.INTERPRETER, "i@example.org", interpreter_id=1)
    for account in (prosecutor, interpreter):
        refused = await client.get("/api/v1/outbox", headers=account.headers)
        assert refused.status_code == 403
        refused = await client.get(
            f"/api/v1/outbox/{message_id}/message.eml", headers=account.headers
        )
        assert refused.status_code == 403
    anonymous = await client.get("/api/v1/outbox")
    assert anonymous.status_code == 401

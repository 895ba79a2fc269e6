"""An interpreter whose vetting is suspended or revoked leaves every session at once: open
offers withdrawn, join links stopped, each upcoming booked session flagged to its requester
and the country's coordinators (a notice and an email), nothing said about why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.bookings.tables import Offer
from interpreters.notifications.tables import Notice
from interpreters.principal import Role
from tests.bookings.factories import NEXT_WEEK, ask, booked, move_session, offered
from tests.factories import Account, make_account
from tests.notifications.factories import mails, texts
from tests.video.factories import video_session


async def suspend(
    client: httpx.AsyncClient, coordinator: Account, interpreter_id: int, status: str
) -> httpx.Response:
    return await client.post(
        f"/api/v1/interpreters/{interpreter_id}/vetting",
        json={"status": status, "note": "Vínculo con una red investigada"},
        headers=coordinator.headers,
    )


@pytest.mark.parametrize("status", ["suspended", "revoked"])
async def test_a_withdrawn_vetting_takes_the_interpreter_off_every_session(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account, status: str
) -> None:
    session = await video_session(client, prosecutor)
    interpreter_id = session.interpreter_id
    # Another request waits for this interpreter's answer to an offer.
    waiting = (await ask(client, prosecutor)).json()
    await offered(waiting, interpreter_id)
    # A session of theirs that is over is left as it was.
    past = await booked(
        client, prosecutor, interpreter=interpreter_id, start=f"{NEXT_WEEK}T14:00:00"
    )
    await move_session(past["id"], datetime.now(UTC) - timedelta(hours=3))
    scoped_elsewhere = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    join = await client.post("/api/v1/video/check", json={"token": session.interpreter_token})
    assert join.status_code == 200

    decided = await suspend(client, coordinator, interpreter_id, status)
    assert decided.status_code == 200, decided.text
    assert decided.json()["vetting"]["status"] == status

    [offer] = await Offer.select().where(Offer.request == waiting["id"])
    assert (offer["status"], offer["reason"]) == ("withdrawn", "vetting")
    refused = await client.post("/api/v1/video/check", json={"token": session.interpreter_token})
    assert refused.status_code == 403
    # The host's link is not the interpreter's: the session goes on without them.
    host = await client.post("/api/v1/video/check", json={"token": session.host_token})
    assert host.status_code == 200

    notices = await Notice.select().where(Notice.kind == "interpreter_unvetted")
    assert {n["recipient"] for n in notices} == {prosecutor.user_id, coordinator.user_id}
    assert {n["request"] for n in notices} == {session.request_id}
    assert scoped_elsewhere.user_id not in {n["recipient"] for n in notices}
    sent = await mails("interpreter_unvetted")
    assert sorted(m["To"].addresses[0].addr_spec for m in sent) == sorted(
        [prosecutor.email, coordinator.email]
    )
    words = texts(sent[0])
    assert f"Sesión {session.request_id}: hay que reemplazar" in words
    assert f"/ui/request.html?id={session.request_id}" in words
    # The reason stays in the registry.
    assert all("red investigada" not in texts(message) for message in sent)
    flagged = await AuditEntry.select(AuditEntry.record_id).where(
        AuditEntry.action == "flag_unvetted"
    )
    assert [row["record_id"] for row in flagged] == [session.request_id]


async def test_a_suspension_reaches_only_that_interpreters_sessions(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    session = await video_session(client, prosecutor)
    other = await video_session(client, prosecutor, interpreter_number=2)
    await suspend(client, coordinator, other.interpreter_id, "suspended")
    assert await Notice.count().where(Notice.request == session.request_id) == 0
    assert await Notice.count().where(Notice.request == other.request_id) == 2
    check = await client.post("/api/v1/video/check", json={"token": session.interpreter_token})
    assert check.status_code == 200


async def test_only_coordinators_decide_vetting(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    refused = await suspend(client, prosecutor, session.interpreter_id, "suspended")
    assert refused.status_code == 403
    assert await Notice.count() == 0

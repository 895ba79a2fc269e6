"""An interpreter whose vetting is suspended or revoked leaves every session at once: open
offers withdrawn, join links stopped, each upcoming booked session flagged to its requester
and the country's coordinators (a notice and an email), nothing said about why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from interpreters import registry
from interpreters.audit.tables import AuditEntry
from interpreters.bookings.tables import Offer
from interpreters.notifications.tables import Notice
from interpreters.principal import Role
from interpreters.registry.tables import Interpreter
from tests.bookings.factories import NEXT_WEEK, ask, booked, interpreters, move_session, offered
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


async def test_one_action_replaces_the_unvetted_interpreter_with_the_best_one_free(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    first, second, third = [account.interpreter_id or 0 for account in await interpreters(3, 5, 4)]
    session = await booked(
        client,
        prosecutor,
        interpreter=first,
        partner=third,
        start=f"{NEXT_WEEK}T10:00:00",
    )
    url = f"/api/v1/requests/{session['id']}/restaff"
    nothing = await client.post(url, headers=prosecutor.headers)
    assert nothing.status_code == 409
    assert nothing.json()["detail"] == "Every interpreter of this session may still interpret it."

    await suspend(client, coordinator, first, "suspended")
    shown = await client.get(f"/api/v1/requests/{session['id']}", headers=prosecutor.headers)
    assert {b["interpreter"]: b["fit"] for b in shown.json()["bookings"]} == {
        first: False,
        third: True,
    }
    before = len(await mails("invitation"))
    done = await client.post(url, headers=prosecutor.headers)
    assert done.status_code == 200, done.text
    standing = {
        b["interpreter"]: b["role"] for b in done.json()["bookings"] if b["status"] == "confirmed"
    }
    # The partner stays; the best one free (the third is busy in this very session) comes in,
    # at the same hour.
    assert standing == {second: "interpreter", third: "team"}
    assert {b["starts_at"] for b in done.json()["bookings"]} == {
        session["bookings"][0]["starts_at"]
    }
    replaced = [b for b in done.json()["bookings"] if b["interpreter"] == first]
    assert [b["status"] for b in replaced] == ["reassigned"]
    restaffed = await AuditEntry.select().where(AuditEntry.action == "restaff")
    assert [(e["actor_id"], e["record_id"]) for e in restaffed] == [
        (prosecutor.user_id, session["id"])
    ]
    # The newcomer is invited and the one replaced told they are released, as on any change.
    people = await registry.interpreters([first, second])
    sent = (await mails("invitation"))[before:]
    to = {address.addr_spec for m in sent for address in m["To"].addresses}
    assert {people[first].email, people[second].email} <= to


async def test_a_lapsing_background_check_is_restaffed_too_unless_nobody_is_free(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    [only] = [account.interpreter_id or 0 for account in await interpreters(4)]
    session = await booked(client, prosecutor, interpreter=only, start=f"{NEXT_WEEK}T10:00:00")
    await Interpreter.update(background_check_expires_on=NEXT_WEEK - timedelta(days=1)).where(
        Interpreter.id == only
    )
    refused = await client.post(
        f"/api/v1/requests/{session['id']}/restaff",
        headers={**prosecutor.headers, "accept-language": "es"},
    )
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("No hay otra persona libre para esta sesión")
    shown = await client.get(f"/api/v1/requests/{session['id']}", headers=prosecutor.headers)
    assert [b["status"] for b in shown.json()["bookings"]] == ["confirmed"]

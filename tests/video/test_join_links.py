"""Join links: each opens its own session's room, only inside its window, and stops working
when withdrawn, renewed, cancelled or ended; every refusal says why."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import httpx
import pytest

from interpreters import signing
from interpreters.notifications.tables import OutboxMessage
from interpreters.sessions.tables import Booking, InterpretationRequest
from interpreters.video.tables import RoomClosure, RoomParticipant
from tests.bookings.factories import assign, interpreter, post
from tests.factories import Account
from tests.video.client import RoomClient
from tests.video.factories import add_guest, video_session


async def check(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/api/v1/video/check", json={"token": token})


async def move(request_id: int, start: datetime) -> None:
    await Booking.update(
        {Booking.starts_at: start, Booking.ends_at: start + timedelta(minutes=45)}
    ).where(Booking.request == request_id)


async def test_a_link_says_who_it_is_for_and_when_the_room_opens(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    found = await check(client, session.interpreter_token)
    assert found.status_code == 200, found.text
    seat = found.json()
    assert (seat["role"], seat["label"]) == ("interpreter", "Intérprete K'iche'")
    starts_at = datetime.fromisoformat(seat["starts_at"])
    assert datetime.fromisoformat(seat["opens_at"]) == starts_at - timedelta(minutes=15)
    assert datetime.fromisoformat(seat["closes_at"]) == datetime.fromisoformat(
        seat["ends_at"]
    ) + timedelta(minutes=30)
    # No STUN or TURN server unless configured.
    assert seat["ice_servers"] == []


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not a token",
        lambda token: signing.sign("answer", signing.verify("join", token) or ""),
    ],
    ids=["signature", "payload", "garbage", "other-purpose"],
)
async def test_a_forged_or_damaged_link_is_not_valid(
    client: httpx.AsyncClient, prosecutor: Account, spoil: Callable[[str], str]
) -> None:
    session = await video_session(client, prosecutor)
    refused = await check(client, spoil(session.host_token))
    assert refused.status_code == 404
    assert refused.json()["detail"] == "This join link is not valid."


async def test_a_link_of_one_session_names_none_of_another(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    first = await video_session(client, prosecutor)
    second = await video_session(client, prosecutor, interpreter_number=2)
    rows = await RoomParticipant.select().order_by(RoomParticipant.id)
    first_host = next(r for r in rows if r["request"] == first.request_id and r["role"] == "host")
    second_host = next(r for r in rows if r["request"] == second.request_id and r["role"] == "host")
    # One session's participant with another's nonce, signed by the server itself.
    mixed = signing.sign("join", f"{first_host['id']}:{second_host['nonce']}")
    assert (await check(client, mixed)).status_code == 404
    seat = (await check(client, second.host_token)).json()
    assert seat["participant"] == second_host["id"]


async def test_the_room_opens_a_quarter_hour_before_and_closes_after_the_grace(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    await move(session.request_id, datetime.now(UTC) + timedelta(minutes=20))
    early = await check(client, session.host_token)
    assert early.status_code == 403
    assert early.json()["detail"].startswith("The room opens at ")
    await move(session.request_id, datetime.now(UTC) + timedelta(minutes=14))
    assert (await check(client, session.host_token)).status_code == 200
    # Ended 29 minutes ago: still inside the 30-minute grace.
    await move(session.request_id, datetime.now(UTC) - timedelta(minutes=45 + 29))
    assert (await check(client, session.host_token)).status_code == 200
    await move(session.request_id, datetime.now(UTC) - timedelta(minutes=45 + 31))
    late = await check(client, session.host_token)
    assert late.status_code == 410
    assert late.json()["detail"] == "This join link has expired."


async def test_a_withdrawn_or_renewed_link_stops_working(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    victim, victim_token = await add_guest(client, prosecutor, session.request_id, "victim")
    defence, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    base = f"/api/v1/requests/{session.request_id}/room/participants"
    revoked = await client.delete(f"{base}/{victim}", headers=prosecutor.headers)
    assert revoked.status_code == 204
    refused = await check(client, victim_token)
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "This join link was withdrawn.",
    )
    renewed = await client.post(f"{base}/{defence}/renew", headers=prosecutor.headers)
    assert renewed.status_code == 200
    assert (await check(client, defence_token)).status_code == 404
    new_token = renewed.json()["link"].partition("#")[2]
    assert (await check(client, new_token)).json()["role"] == "defence"


async def test_a_deactivated_hosts_link_stops_working(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    session = await video_session(client, prosecutor)
    assert (await check(client, session.host_token)).status_code == 200
    await client.post(f"/api/v1/users/{prosecutor.user_id}/deactivate", headers=coordinator.headers)
    refused = await check(client, session.host_token)
    assert (refused.status_code, refused.json()["detail"]) == (403, "This join link was withdrawn.")
    # The interpreter's link has no account behind it: it still opens the room.
    assert (await check(client, session.interpreter_token)).status_code == 200


async def test_a_cancelled_or_ended_session_opens_no_room(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    await RoomClosure.insert(RoomClosure(request=session.request_id, ended_by=1))
    ended = await check(client, session.host_token)
    assert (ended.status_code, ended.json()["detail"]) == (410, "This session has ended.")
    other = await video_session(client, prosecutor, interpreter_number=2)
    cancelled = await post(client, prosecutor, f"{other.request_id}/cancel", reason="Withdrawn")
    assert cancelled.status_code == 200, cancelled.text
    gone = await check(client, other.interpreter_token)
    assert (gone.status_code, gone.json()["detail"]) == (
        410,
        "This session is no longer scheduled.",
    )


async def test_invitations_carry_each_persons_own_link(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    rows = await OutboxMessage.select(OutboxMessage.body).where(OutboxMessage.topic == "invitation")
    roles = set()
    for row in rows:
        message = email.message_from_string(
            row["body"], _class=EmailMessage, policy=email.policy.default
        )
        text = message.get_body(("plain",))
        assert text is not None
        [line] = [part for part in text.get_content().split() if "/ui/room.html#" in part]
        seat = (await check(client, line.partition("#")[2])).json()
        roles.add(seat["role"])
    assert roles == {"host", "interpreter"}
    assert session.host_token != session.interpreter_token


async def test_an_interpreter_taken_off_the_session_loses_the_link(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    session = await video_session(client, prosecutor)
    replacement = await interpreter(2)
    # The session was moved close to now for the room; back at its booked time (the
    # request's start), as an assignment keeps the session's time.
    asked = await InterpretationRequest.select(InterpretationRequest.earliest_start).where(
        InterpretationRequest.id == session.request_id
    )
    await move(session.request_id, asked[0]["earliest_start"])
    reassigned = await assign(client, coordinator, session.request_id, interpreter=replacement)
    assert reassigned.status_code == 200, reassigned.text
    await move(session.request_id, datetime.now(UTC) + timedelta(minutes=5))
    refused = await check(client, session.interpreter_token)
    assert refused.status_code == 403


async def test_over_the_socket_each_bad_link_gets_its_reason_and_close_code(
    client: httpx.AsyncClient, prosecutor: Account, hub: str
) -> None:
    session = await video_session(client, prosecutor)
    victim, victim_token = await add_guest(client, prosecutor, session.request_id, "victim")
    await client.delete(
        f"/api/v1/requests/{session.request_id}/room/participants/{victim}",
        headers=prosecutor.headers,
    )
    for token, code, close in [
        ("forged.token", "invalid", 4404),
        (victim_token, "revoked", 4403),
    ]:
        person = RoomClient(hub, token)
        try:
            error = await person.join()
            assert (error["type"], error["code"]) == ("error", code)
            assert error["message"]
            assert await person.closed() == close
        finally:
            await person.close()

"""Whatever takes away someone's right to be in a room closes their connection while they are
in it, with the same error the door would give: a withdrawn or renewed link, a cancelled
session, one moved out of its window or past its end and grace, a booking replaced, a
deactivated account. Each is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.sessions.tables import Booking
from interpreters.settings import get_settings
from tests.bookings.factories import NEXT_WEEK, assign, interpreter, post, reschedule
from tests.factories import Account
from tests.video.client import RoomClient
from tests.video.factories import People, VideoSession, add_guest

# Above the room's one-second round of checks, with room for a loaded machine.
WITHIN = 4.0


async def expelled(person: RoomClient, code: str, close_code: int) -> None:
    error = await person.next("error", seconds=WITHIN)
    assert error["code"] == code, error
    assert await person.closed(seconds=WITHIN) == close_code


async def expulsions() -> list[tuple[int | None, str]]:
    rows = await AuditEntry.select().where(AuditEntry.action == "video.expelled")
    return [(row["record_id"], row["fields"]) for row in rows]


async def test_a_guest_whose_link_is_withdrawn_or_renewed_leaves_at_once(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    base = f"/api/v1/requests/{session.request_id}/room/participants"
    defence_id, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    observer_id, observer_token = await add_guest(
        client, prosecutor, session.request_id, "observer"
    )
    host = await people.host(session.host_token)
    defence = await people.admitted(host, defence_token)
    observer = await people.admitted(host, observer_token)

    withdrawn = await client.delete(f"{base}/{defence_id}", headers=prosecutor.headers)
    assert withdrawn.status_code == 204, withdrawn.text
    await expelled(defence, "revoked", 4403)
    renewed = await client.post(f"{base}/{observer_id}/renew", headers=prosecutor.headers)
    assert renewed.status_code == 200, renewed.text
    await expelled(observer, "invalid", 4404)
    # The host stays, and sees the room without them.
    roster = await host.next("participants", seconds=WITHIN)
    while len(roster["participants"]) > 1:
        roster = await host.next("participants", seconds=WITHIN)
    assert host.close_code is None
    assert await expulsions() == [(defence_id, "revoked"), (observer_id, "invalid")]


async def test_a_cancelled_session_empties_its_room(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    interpreter_in_room = await people.admitted(host, session.interpreter_token)
    cancelled = await post(client, prosecutor, f"{session.request_id}/cancel", reason="Desistió")
    assert cancelled.status_code == 200, cancelled.text
    await expelled(host, "cancelled", 4410)
    await expelled(interpreter_in_room, "cancelled", 4410)


async def test_a_session_moved_to_another_day_closes_the_room_until_then(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    # Back to the hour it was asked for, next week.
    moved = await reschedule(client, prosecutor, session.request_id, f"{NEXT_WEEK}T09:00:00")
    assert moved.status_code == 200, moved.text
    await expelled(host, "early", 4403)


async def test_the_room_closes_once_the_session_and_its_grace_are_over(
    session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    grace = timedelta(minutes=get_settings().video_grace_minutes)
    end = datetime.now(UTC) - grace - timedelta(seconds=1)
    await Booking.update(
        {Booking.starts_at: end - timedelta(minutes=45), Booking.ends_at: end}
    ).where(Booking.request == session.request_id)
    await expelled(host, "expired", 4410)


async def test_an_interpreter_replaced_on_the_booking_leaves_the_room(
    client: httpx.AsyncClient,
    prosecutor: Account,
    coordinator: Account,
    session: VideoSession,
    people: People,
) -> None:
    host = await people.host(session.host_token)
    replaced = await people.admitted(host, session.interpreter_token)
    other = await interpreter(2)
    assigned = await assign(client, coordinator, session.request_id, interpreter=other)
    assert assigned.status_code == 200, assigned.text
    await expelled(replaced, "revoked", 4403)
    assert host.close_code is None


@pytest.mark.parametrize("who", ["host", "interpreter"])
async def test_a_deactivated_or_unvetted_person_leaves_the_room(
    client: httpx.AsyncClient,
    prosecutor: Account,
    coordinator: Account,
    session: VideoSession,
    people: People,
    who: str,
) -> None:
    host = await people.host(session.host_token)
    in_room = await people.admitted(host, session.interpreter_token)
    if who == "host":
        done = await client.post(
            f"/api/v1/users/{prosecutor.user_id}/deactivate", headers=coordinator.headers
        )
        leaving, staying = host, in_room
    else:
        done = await client.post(
            f"/api/v1/interpreters/{session.interpreter_id}/vetting",
            json={"status": "suspended", "note": "Revisión"},
            headers=coordinator.headers,
        )
        leaving, staying = in_room, host
    assert done.status_code == 200, done.text
    await expelled(leaving, "revoked", 4403)
    assert staying.close_code is None

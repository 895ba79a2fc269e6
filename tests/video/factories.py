"""Confirmed video sessions that start in a few minutes, their guests, and waiting for the
room's lobby and roster to show what a test expects. RoomClient, the participant's program,
is in tests/video/client.py, which the benchmarks share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from interpreters.sessions.tables import Booking, InterpretationRequest
from interpreters.video.links import token_of
from interpreters.video.tables import RoomParticipant
from tests.bookings.factories import ask, book, interpreter
from tests.factories import Account
from tests.video.client import RoomClient


@dataclass
class VideoSession:
    request_id: int
    interpreter_id: int
    host_token: str
    interpreter_token: str


async def token_for(participant_id: int) -> str:
    row = await RoomParticipant.select().where(RoomParticipant.id == participant_id).first()
    assert row is not None
    return token_of(row["id"], row["nonce"])


async def video_session(
    client: httpx.AsyncClient,
    prosecutor: Account,
    starts_in: timedelta = timedelta(minutes=5),
    interpreter_number: int = 1,
) -> VideoSession:
    """A confirmed video session, booked next week and then moved to start `starts_in`
    from now (a booking in the past is refused), with its host's and interpreter's links."""
    interpreter_id = await interpreter(interpreter_number)
    request = (await ask(client, prosecutor)).json()
    booked = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    start = datetime.now(UTC) + starts_in
    await Booking.update(
        {Booking.starts_at: start, Booking.ends_at: start + timedelta(minutes=45)}
    ).where(Booking.request == request["id"])
    # The request's window follows, as a reschedule would have moved it.
    await InterpretationRequest.update(
        {InterpretationRequest.earliest_start: start, InterpretationRequest.latest_start: start}
    ).where(InterpretationRequest.id == request["id"])
    seats = await RoomParticipant.select().where(RoomParticipant.request == request["id"])
    by_role = {row["role"]: row for row in seats}
    return VideoSession(
        request_id=request["id"],
        interpreter_id=interpreter_id,
        host_token=token_of(by_role["host"]["id"], by_role["host"]["nonce"]),
        interpreter_token=token_of(by_role["interpreter"]["id"], by_role["interpreter"]["nonce"]),
    )


async def add_guest(
    client: httpx.AsyncClient, prosecutor: Account, request_id: int, role: str, **body: str
) -> tuple[int, str]:
    """A guest of the session's room: their participant id and token."""
    added = await client.post(
        f"/api/v1/requests/{request_id}/room/participants",
        json={"role": role, "display_name": body.pop("display_name", role.title()), **body},
        headers=prosecutor.headers,
    )
    assert added.status_code == 201, added.text
    return added.json()["id"], added.json()["link"].partition("#")[2]


async def waiting_ids(admitter: RoomClient, count: int) -> list[int]:
    """The ids in the admitter's lobby once `count` people wait there."""
    while True:
        lobby = await admitter.next("lobby")
        if len(lobby["waiting"]) >= count:
            return [person["id"] for person in lobby["waiting"]]


async def seated(me: RoomClient, count: int) -> list[dict[str, Any]]:
    """The others in the room as `me` sees them, once `count` of them have a seat."""
    while True:
        roster = await me.next("participants")
        others = [p for p in roster["participants"] if not p["you"] and "video" in p]
        if len(others) >= count:
            return others


async def enter_room(hub: str, host: RoomClient, token: str) -> RoomClient:
    """A participant who joins and whom the host admits."""
    guest = RoomClient(hub, token)
    joined = await guest.join()
    assert joined["state"] == "waiting", joined
    [waiting] = await waiting_ids(host, 1)
    await host.send({"type": "admit", "participant": waiting})
    await guest.next("admitted")
    return guest


class People:
    """Everyone a test lets into the hub, closed at its end."""

    def __init__(self, hub: str) -> None:
        self.hub = hub
        self.clients: list[RoomClient] = []

    def __call__(self, token: str) -> RoomClient:
        person = RoomClient(self.hub, token)
        self.clients.append(person)
        return person

    async def host(self, token: str) -> RoomClient:
        host = self(token)
        await host.join()
        await host.next("admitted")
        return host

    async def admitted(self, host: RoomClient, token: str) -> RoomClient:
        person = await enter_room(self.hub, host, token)
        self.clients.append(person)
        return person

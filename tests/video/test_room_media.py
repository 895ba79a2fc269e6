"""Two aiortc participants meet through the hub: the host admits the interpreter, each
receives the other's picture and sound, and ending the session closes everything."""

from __future__ import annotations

import httpx

from interpreters.video import signaling
from tests.factories import Account
from tests.video.client import RoomClient
from tests.video.factories import video_session


async def test_host_admits_interpreter_and_each_receives_the_other(
    client: httpx.AsyncClient, prosecutor: Account, hub: str
) -> None:
    session = await video_session(client, prosecutor)
    host = RoomClient(hub, session.host_token)
    interpreter = RoomClient(hub, session.interpreter_token)
    try:
        assert (await host.join())["state"] == "waiting"
        await host.next("admitted")
        joined = await interpreter.join()
        assert joined["state"] == "waiting"
        lobby = await host.next("lobby")
        while not lobby["waiting"]:
            lobby = await host.next("lobby")
        [waiting] = lobby["waiting"]
        assert waiting["role"] == "interpreter"
        await host.send({"type": "admit", "participant": waiting["id"]})
        await interpreter.next("admitted")

        async def seat_of_other(me: RoomClient) -> dict[str, str]:
            while True:
                roster = await me.next("participants")
                other = [p for p in roster["participants"] if not p["you"]]
                if other and "video" in other[0]:
                    seat: dict[str, str] = other[0]
                    return seat

        seen_by_host = await seat_of_other(host)
        seen_by_interpreter = await seat_of_other(interpreter)
        await host.wait_frames(seen_by_host["video"], 20)
        await host.wait_frames(seen_by_host["audio"], 20)
        await interpreter.wait_frames(seen_by_interpreter["video"], 20)
        await interpreter.wait_frames(seen_by_interpreter["audio"], 20)

        await host.send({"type": "end"})
        assert await host.closed() == 4410
        assert await interpreter.closed() == 4410
        assert len(signaling.rooms) == 0
    finally:
        await host.close()
        await interpreter.close()

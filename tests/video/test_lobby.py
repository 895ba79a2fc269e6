"""The lobby and the host's controls, through real connections to the hub: who waits, who
may admit, what the host can do to others, and what nobody else can."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from interpreters.video import signaling
from tests.factories import Account
from tests.video.factories import (
    People,
    VideoSession,
    add_guest,
    seated,
    waiting_ids,
)


async def test_everyone_but_the_host_waits_and_only_the_host_admits(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    _, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    host = await people.host(session.host_token)
    interpreter = await people.admitted(host, session.interpreter_token)
    defence = people(defence_token)
    assert (await defence.join())["state"] == "waiting"
    [waiting] = await waiting_ids(host, 1)
    await interpreter.send({"type": "admit", "participant": waiting})
    refused = await interpreter.next("error")
    assert refused["code"] == "forbidden"
    assert "host" in refused["message"]
    assert not any(m["type"] == "admitted" for m in defence.messages)
    await host.send({"type": "admit", "participant": waiting})
    await defence.next("admitted")
    assert len(await seated(defence, 2)) == 2


async def test_without_the_host_the_court_admits_and_without_either_the_room_is_locked(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    _, court_token = await add_guest(client, prosecutor, session.request_id, "court")
    defence_id, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    host = await people.host(session.host_token)
    court = await people.admitted(host, court_token)
    await host.send({"type": "leave"})
    await host.closed()

    interpreter = people(session.interpreter_token)
    await interpreter.join()
    [waiting] = await waiting_ids(court, 1)
    await court.send({"type": "admit", "participant": waiting})
    await interpreter.next("admitted")

    await court.send({"type": "leave"})
    await court.closed()
    defence = people(defence_token)
    assert (await defence.join())["state"] == "waiting"
    # Nobody left may admit: the interpreter is refused, the defence keeps waiting.
    await interpreter.send({"type": "admit", "participant": defence_id})
    assert (await interpreter.next("error"))["code"] == "forbidden"
    # The host comes back and finds the defence waiting.
    returning = people(session.host_token)
    await returning.join()
    [still_waiting] = await waiting_ids(returning, 1)
    await returning.send({"type": "admit", "participant": still_waiting})
    await defence.next("admitted")


async def test_a_refused_guest_is_turned_away_and_a_removed_one_cannot_return(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    _, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    host = await people.host(session.host_token)
    defence = people(defence_token)
    await defence.join()
    [waiting] = await waiting_ids(host, 1)
    await host.send({"type": "refuse", "participant": waiting})
    await defence.next("refused")
    assert await defence.closed() == 4403

    interpreter = await people.admitted(host, session.interpreter_token)
    [seen] = await seated(host, 1)
    await host.send({"type": "remove", "participant": seen["id"]})
    await interpreter.next("removed")
    assert await interpreter.closed() == 4410
    again = people(session.interpreter_token)
    refused = await again.join()
    assert (refused["type"], refused["code"]) == ("error", "revoked")


async def test_a_victims_link_works_on_one_device_at_a_time(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    _, victim_token = await add_guest(
        client, prosecutor, session.request_id, "victim", display_name="Testigo 1"
    )
    host = await people.host(session.host_token)
    first = people(victim_token)
    await first.join()
    second = people(victim_token)
    refused = await second.join()
    assert (refused["type"], refused["code"]) == ("error", "refused")
    assert refused["message"] == "This link is already in use on another device."
    assert await second.closed() == 4403
    [waiting] = await waiting_ids(host, 1)
    await host.send({"type": "admit", "participant": waiting})
    await first.next("admitted")


async def test_the_same_person_connecting_again_replaces_the_old_connection(
    session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    again = await people.host(session.host_token)
    assert await host.closed() == 4409
    assert again.close_code is None


async def test_a_muted_participant_is_no_longer_heard_until_unmuted(
    session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    interpreter = await people.admitted(host, session.interpreter_token)
    [seen] = await seated(host, 1)
    await host.wait_frames(seen["audio"], 20)
    await host.send({"type": "mute", "participant": seen["id"], "muted": True})
    assert (await interpreter.next("muted"))["muted"] is True
    await asyncio.sleep(0.5)  # frames already on their way
    heard = host.frames[seen["audio"]]
    pictures = host.frames[seen["video"]]
    await asyncio.sleep(1.5)
    assert host.frames[seen["audio"]] - heard <= 2
    assert host.frames[seen["video"]] - pictures >= 10
    await host.send({"type": "mute", "participant": seen["id"], "muted": False})
    await interpreter.next("muted")
    await host.wait_frames(seen["audio"], host.frames[seen["audio"]] + 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("not json", "The message is not JSON."),
        ("[" * 5000 + "]" * 5000, "The message is not JSON."),
        ("[]", "The message is malformed"),
        ('{"type": "dance"}', "The message is malformed"),
        ('{"type": "admit"}', "The message is malformed"),
        ('{"type": "admit", "participant": 99999999999}', "The message is malformed"),
        ('{"type": "mute", "participant": 424242}', "Nobody with that id is in the room."),
        ('{"type": "end", "extra": 1}', "The message is malformed"),
        ('{"type": "join", "token": "x"}', "You have already joined."),
        ('{"type": "consent", "granted": true}', "Nothing asks for your consent now."),
    ],
)
async def test_a_malformed_message_gets_an_error_and_the_room_goes_on(
    session: VideoSession, people: People, raw: str, expected: str
) -> None:
    host = await people.host(session.host_token)
    await people.admitted(host, session.interpreter_token)
    [seen] = await seated(host, 1)
    await host.send_raw(raw)
    error = await host.next("error")
    assert error["message"].startswith(expected), error
    before = host.frames[seen["video"]]
    await host.wait_frames(seen["video"], before + 15)
    assert host.close_code is None


async def test_an_answer_without_media_is_refused_and_a_new_offer_follows(
    session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    interpreter = await people.admitted(host, session.interpreter_token)
    [seen] = await seated(host, 1)
    await host.wait_frames(seen["video"], 10)
    offers = len(interpreter.offers)
    empty = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    await interpreter.send({"type": "answer", "sdp": empty})
    error = await interpreter.next("error")
    assert error["message"].startswith("The answer is not a usable SDP")
    # A fresh offer came first, and the client answered it: its picture reaches the host.
    assert len(interpreter.offers) == offers + 1
    [seen] = await seated(host, 1)
    await host.wait_frames(seen["video"], host.frames[seen["video"]] + 15)


async def test_only_the_host_ends_the_session_and_then_every_connection_closes(
    client: httpx.AsyncClient, prosecutor: Account, session: VideoSession, people: People
) -> None:
    _, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    host = await people.host(session.host_token)
    interpreter = await people.admitted(host, session.interpreter_token)
    waiting = people(defence_token)
    await waiting.join()
    await interpreter.send({"type": "end"})
    assert (await interpreter.next("error"))["code"] == "forbidden"
    await host.send({"type": "end"})
    for person in (host, interpreter, waiting):
        await person.next("ended")
        assert await person.closed() == 4410
    assert len(signaling.rooms) == 0
    assert interpreter.pc is not None
    later = people(session.interpreter_token)
    assert (await later.join())["code"] == "ended"


async def test_the_host_sees_each_participants_connection_quality(
    session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    interpreter = await people.admitted(host, session.interpreter_token)
    interpreter_id = (await interpreter.next("participants"))["participants"]
    [me] = [p for p in interpreter_id if p["you"]]
    for _ in range(10):
        report = await host.next("quality")
        entry = next((p for p in report["participants"] if p["id"] == me["id"]), None)
        if entry and entry["rtt_ms"] is not None and entry["upload_kbps"]:
            break
    else:
        pytest.fail(f"no round trip measured: {report}")
    assert 0 <= entry["rtt_ms"] < 1000
    assert entry["upload_kbps"] > 10
    assert entry["download_kbps"] > 10
    assert 0 <= entry["loss_in_percent"] <= 100
    assert not any(m["type"] == "quality" for m in interpreter.messages)


async def test_at_shutdown_every_connection_is_closed(
    session: VideoSession, people: People
) -> None:
    host = await people.host(session.host_token)
    interpreter = await people.admitted(host, session.interpreter_token)
    await seated(host, 1)
    room = signaling.rooms.get(session.request_id)
    assert room is not None
    peers = [m.peer.pc for m in room.members.values() if m.peer is not None]
    await signaling.rooms.close_all()
    assert await host.closed() == 1001
    assert await interpreter.closed() == 1001
    assert len(signaling.rooms) == 0
    assert {pc.connectionState for pc in peers} == {"closed"}

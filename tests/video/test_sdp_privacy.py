"""No participant learns another's address: everything the hub sends each participant is
inspected for the others' candidates, ports, ICE credentials, DTLS fingerprints and media
identifiers, and the hub's own candidates are its own host addresses only."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from interpreters.settings import SettingsError, get_settings
from interpreters.video.peer import configuration
from tests.factories import Account
from tests.video.client import RoomClient
from tests.video.factories import add_guest, enter_room, seated, video_session

CANDIDATE = re.compile(r"a=candidate:\S+ \d+ \S+ \d+ (\S+) (\d+) typ (\S+)")


def identifiers(sdp: str) -> set[str]:
    """What in an SDP names its writer's side: ports, ICE credentials, fingerprints, SSRCs,
    cnames and stream ids."""
    found = set()
    for address, port, _ in CANDIDATE.findall(sdp):
        found.add(f"{address} {port}")
    for pattern in (
        r"a=ice-ufrag:(\S+)",
        r"a=ice-pwd:(\S+)",
        r"a=fingerprint:\S+ (\S+)",
        r"a=ssrc:(\d+)",
        r"cname:(\S+)",
        r"a=msid:(\S+)",
    ):
        found.update(re.findall(pattern, sdp))
    return found


async def test_nothing_the_hub_sends_names_another_participant(
    client: httpx.AsyncClient, prosecutor: Account, hub: str
) -> None:
    session = await video_session(client, prosecutor)
    _, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    host = RoomClient(hub, session.host_token)
    people = [host]
    try:
        await host.join()
        await host.next("admitted")
        people.append(await enter_room(hub, host, session.interpreter_token))
        people.append(await enter_room(hub, host, defence_token))
        for person in people:
            others = await seated(person, 2)
            await person.wait_frames(others[0]["video"], 10)
            await person.wait_frames(others[1]["video"], 10)

        own = {}
        for person in people:
            assert person.pc is not None
            own[id(person)] = identifiers(person.pc.localDescription.sdp)
            assert own[id(person)], "each participant's answer names its own side"
        for person in people:
            sent_to_them = "\n".join(json.dumps(m) for m in person.messages)
            offers = "\n".join(person.offers)
            for other in people:
                if other is person:
                    continue
                for mark in own[id(other)]:
                    assert mark not in sent_to_them, (mark, "reached another participant")
            # The hub's own candidates only: host candidates on its address, no reflexive
            # or relayed ones (no STUN or TURN server was configured, none contacted).
            candidates = CANDIDATE.findall(offers)
            assert candidates
            assert {(address, kind) for address, _, kind in candidates} == {("127.0.0.1", "host")}
            for message in person.messages:
                if message["type"] == "participants":
                    for entry in message["participants"]:
                        assert set(entry) <= {
                            "id",
                            "name",
                            "role",
                            "label",
                            "muted",
                            "you",
                            "audio",
                            "video",
                        }
    finally:
        for person in people:
            await person.close()


def test_no_ice_server_is_used_unless_configured() -> None:
    # None would make aiortc ask Google's public STUN server.
    assert configuration().iceServers == []


def test_configured_ice_servers_reach_the_hub_with_their_credentials(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICE_SERVERS", "stun:stun.example.org:3478, turn:turn.example.org:3478")
    monkeypatch.setenv("TURN_USERNAME", "interpretes")
    monkeypatch.setenv("TURN_PASSWORD", "s3cret")
    servers = configuration().iceServers
    assert servers is not None
    assert [s.urls for s in servers] == ["stun:stun.example.org:3478", "turn:turn.example.org:3478"]
    assert {(s.username, s.credential) for s in servers} == {("interpretes", "s3cret")}


@pytest.mark.parametrize(
    ("name", "value"),
    [("ICE_SERVERS", "http://stun.example.org"), ("VIDEO_HOST_ADDRESSES", "hub.local")],
)
def test_unusable_video_settings_are_refused_at_start(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        get_settings()

"""Recording starts only when everyone present agrees; the file's SHA-256 and every step of
its custody are kept; only the case's prosecutor and the session's court download it."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from fractions import Fraction
from typing import cast

import av
import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.principal import Role
from interpreters.settings import get_settings
from interpreters.video.media import Encoded, Feed
from interpreters.video.recording import Recorder
from interpreters.video.tables import CustodyEvent, Recording
from tests.factories import Account, make_account, make_institution
from tests.video.client import VIDEO_CLOCK, Picture, RoomClient, read_stamp
from tests.video.factories import VideoSession, add_guest, enter_room, seated, video_session


@pytest.fixture
async def room(
    client: httpx.AsyncClient, prosecutor: Account, hub: str
) -> AsyncIterator[tuple[VideoSession, RoomClient, RoomClient]]:
    session = await video_session(client, prosecutor)
    host = RoomClient(hub, session.host_token)
    await host.join()
    await host.next("admitted")
    interpreter = await enter_room(hub, host, session.interpreter_token)
    [seen] = await seated(host, 1)
    await host.wait_frames(seen["video"], 10)
    yield session, host, interpreter
    await host.close()
    await interpreter.close()


async def record(host: RoomClient, *others: RoomClient) -> None:
    """Asks, and everyone agrees."""
    await host.send({"type": "record", "action": "start"})
    for person in (host, *others):
        await person.next("consent_request")
        await person.send({"type": "consent", "granted": True})
    for person in (host, *others):
        assert (await person.next("recording"))["active"] is True


async def test_recording_starts_only_when_everyone_agrees_and_its_digest_is_kept(
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    session, host, interpreter = room
    await host.send({"type": "record", "action": "start"})
    await host.next("consent_request")
    await interpreter.next("consent_request")
    await host.send({"type": "consent", "granted": True})
    await asyncio.sleep(0.5)
    # One of two agreed: nothing is recorded yet.
    assert await Recording.count() == 0
    assert not any(m["type"] == "recording" for m in host.messages)
    await interpreter.send({"type": "consent", "granted": True})
    for person in (host, interpreter):
        assert (await person.next("recording"))["active"] is True
    await asyncio.sleep(2)
    await host.send({"type": "record", "action": "stop"})
    for person in (host, interpreter):
        assert (await person.next("recording"))["active"] is False

    [row] = await Recording.select()
    assert row["status"] == "complete"
    path = get_settings().recordings_dir / row["file_name"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
    assert row["size_bytes"] == path.stat().st_size
    with av.open(str(path)) as container:
        kinds = sorted(stream.type for stream in container.streams)
        assert kinds == ["audio", "audio", "video", "video"]
    # The pictures as the participants sent them, in order, every stamp readable.
    for index in (0, 1):
        with av.open(str(path)) as container:
            stamps = [read_stamp(frame) for frame in container.decode(video=index)]
        assert len(stamps) >= 10
        assert None not in stamps
        # Every stamp read (asserted just above): numbers, which sort.
        assert stamps == sorted(cast("list[int]", stamps))
    events = await CustodyEvent.select().order_by(CustodyEvent.id)
    assert [e["action"] for e in events] == ["consented", "consented", "started", "stopped"]
    assert {e["actor_role"] for e in events[:2]} == {"host", "interpreter"}
    assert events[2]["actor_role"] == events[3]["actor_role"] == "host"
    assert events[0]["at"] <= events[2]["at"] <= events[3]["at"]
    assert events[3]["sha256"] == row["sha256"]
    assert row["request"] == session.request_id
    audited = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.record_id == session.request_id, AuditEntry.action.like("video.%")
    )
    assert sorted(a["action"] for a in audited) == [
        "video.consent",
        "video.consent",
        "video.record_start",
        "video.record_stop",
    ]


async def test_a_refusal_calls_the_recording_off(
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    _, host, interpreter = room
    files = set(get_settings().recordings_dir.glob("*"))
    await host.send({"type": "record", "action": "start"})
    await interpreter.next("consent_request")
    await interpreter.send({"type": "consent", "granted": False})
    refused = await host.next("recording_refused")
    assert refused["reason"] == "refused"
    assert await AuditEntry.count().where(AuditEntry.action == "video.refuse_consent") == 1
    assert await Recording.count() == 0
    assert set(get_settings().recordings_dir.glob("*")) == files


async def test_only_the_host_asks_to_record(
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    _, host, interpreter = room
    await interpreter.send({"type": "record", "action": "start"})
    assert (await interpreter.next("error"))["code"] == "forbidden"
    assert not any(m["type"] == "consent_request" for m in host.messages)


async def test_someone_admitted_while_recording_who_refuses_stops_it(
    client: httpx.AsyncClient,
    prosecutor: Account,
    hub: str,
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    session, host, interpreter = room
    await record(host, interpreter)
    _, defence_token = await add_guest(client, prosecutor, session.request_id, "defence")
    defence = await enter_room(hub, host, defence_token)
    try:
        request = await defence.next("consent_request")
        assert request["recording"] is True
        await defence.send({"type": "consent", "granted": False})
        assert (await host.next("recording"))["active"] is False
        [row] = await Recording.select()
        assert row["status"] == "complete"
        stopped = await CustodyEvent.select().where(CustodyEvent.action == "stopped")
        assert stopped[0]["actor_role"] == "defence"
    finally:
        await defence.close()


async def test_ending_the_session_closes_the_recording(
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    _, host, interpreter = room
    await record(host, interpreter)
    await asyncio.sleep(1)
    await host.send({"type": "end"})
    await interpreter.closed()
    [row] = await Recording.select()
    assert row["status"] == "complete"
    assert row["sha256"]


async def test_only_the_cases_prosecutor_and_its_court_download_and_each_download_is_kept(
    client: httpx.AsyncClient,
    prosecutor: Account,
    court: Account,
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    session, host, interpreter = room
    await record(host, interpreter)
    await asyncio.sleep(1)
    await host.send({"type": "record", "action": "stop"})
    await host.next("recording")
    [row] = await Recording.select()
    listing = f"/api/v1/requests/{session.request_id}/room/recordings"
    file = f"/api/v1/recordings/{row['id']}/file"

    listed = await client.get(listing, headers=prosecutor.headers)
    assert listed.status_code == 200, listed.text
    [shown] = listed.json()
    assert shown["sha256"] == row["sha256"]
    downloaded = await client.get(file, headers=prosecutor.headers)
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == row["sha256"]

    # A court not in the session, another prosecutor's office, an interpreter: nothing.
    other_office = await make_institution("GT", "prosecutor_office", "America/Guatemala")
    stranger = await make_account(Role.PROSECUTOR, "otro@example.org", institution_id=other_office)
    linked = await make_account(Role.INTERPRETER, "i@example.org")
    for outsider in (court, stranger, linked):
        assert (await client.get(file, headers=outsider.headers)).status_code in {403, 404}
        assert (await client.get(listing, headers=outsider.headers)).status_code in {403, 404}

    # The session's court, once a participant of the room, downloads it.
    await add_guest(
        client,
        prosecutor,
        session.request_id,
        "court",
        display_name="Juzgado",
        user_email=court.email,
    )
    assert (await client.get(file, headers=court.headers)).status_code == 200

    downloads = await CustodyEvent.select().where(CustodyEvent.action == "downloaded")
    assert [(d["user_id"], d["actor_role"]) for d in downloads] == [
        (prosecutor.user_id, "prosecutor"),
        (court.user_id, "court"),
    ]
    audited = await AuditEntry.count().where(AuditEntry.action == "download_recording")
    assert audited == 2


async def stuttering_vp8(feed: Feed, pictures: int) -> None:
    """Delivers VP8 key frames of stamped pictures whose clock sometimes steps back, as a
    broken publisher's RTP timestamps would: the container refuses such stamps."""
    picture = Picture(fps=30)
    encoder = av.CodecContext.create("libvpx", "w")
    encoder.width, encoder.height, encoder.pix_fmt = picture.width, picture.height, "yuv420p"
    encoder.time_base = Fraction(1, VIDEO_CLOCK)
    encoder.gop_size = 1  # every frame stands alone, so one left out spoils no other
    for number in range(pictures):
        frame = await picture.recv()
        for packet in encoder.encode(frame):
            pts = packet.pts or 0
            if number % 3 == 0:
                pts = max(0, pts - 12_000)
            feed.deliver(Encoded(bytes(packet), pts, Fraction(1, VIDEO_CLOCK), packet.is_keyframe))


async def test_frames_whose_clock_steps_back_are_left_out_and_the_file_still_closes(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    feed = Feed("video", None)
    await stuttering_vp8(feed, 1)
    assert feed.size == (320, 240)
    [inserted] = await Recording.insert(
        Recording(request=session.request_id, file_name="stutter.webm")
    ).returning(Recording.id)
    get_settings().recordings_dir.mkdir(parents=True, exist_ok=True)
    path = get_settings().recordings_dir / "stutter.webm"
    recorder = Recorder(inserted["id"], path, [feed])
    recorder._begin()
    await stuttering_vp8(feed, 45)
    await asyncio.sleep(0.1)
    await recorder.stop(None)
    [row] = await Recording.select().where(Recording.id == inserted["id"])
    assert row["status"] == "complete"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
    with av.open(str(path)) as container:
        stamps = [read_stamp(frame) for frame in container.decode(video=0)]
    # Two in three kept, in the order they were sent.
    assert len(stamps) >= 25
    assert None not in stamps
    assert stamps == sorted(cast("list[int]", stamps))


def opus_silence() -> bytes:
    encoder = av.CodecContext.create("libopus", "w")
    encoder.sample_rate, encoder.layout, encoder.format = 48_000, "mono", "s16"
    frame = av.AudioFrame(format="s16", layout="mono", samples=960)
    frame.planes[0].update(bytes(frame.planes[0].buffer_size))
    frame.sample_rate, frame.pts = 48_000, 0
    return bytes((encoder.encode(frame) + encoder.encode(None))[0])


async def test_a_picture_that_waits_for_its_keyframe_stays_in_step_with_the_sound(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    sound, pictures = Feed("audio", None), Feed("video", None)
    silence = opus_silence()
    sound.deliver(Encoded(silence, 0, Fraction(1, 48_000), keyframe=True))
    await stuttering_vp8(pictures, 1)
    [inserted] = await Recording.insert(
        Recording(request=session.request_id, file_name="in-step.webm")
    ).returning(Recording.id)
    get_settings().recordings_dir.mkdir(parents=True, exist_ok=True)
    path = get_settings().recordings_dir / "in-step.webm"
    recorder = Recorder(inserted["id"], path, [sound, pictures])
    recorder._begin()
    # The sound goes on from the start; the first keyframe comes 0.4 s later.
    for n in range(1, 60):
        sound.deliver(Encoded(silence, n * 960, Fraction(1, 48_000), keyframe=True))
        if n == 20:
            await stuttering_vp8(pictures, 10)
        await asyncio.sleep(0.02)
    await recorder.stop(None)
    with av.open(str(path)) as container:
        starts = {}
        for stream in container.streams:
            first = next(container.demux(stream))
            assert first.pts is not None
            assert stream.time_base is not None
            starts[stream.type] = first.pts * stream.time_base
    assert starts["audio"] < 0.05
    assert 0.3 < starts["video"] < 0.6


async def test_a_recording_closes_with_its_digest_when_the_session_is_cancelled(
    client: httpx.AsyncClient,
    prosecutor: Account,
    room: tuple[VideoSession, RoomClient, RoomClient],
) -> None:
    session, host, interpreter = room
    await record(host, interpreter)
    await asyncio.sleep(1)
    cancelled = await client.post(
        f"/api/v1/requests/{session.request_id}/cancel",
        json={"reason": "Desistió"},
        headers=prosecutor.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    # Nobody may be in the room any more, so nothing is recorded any more either.
    assert await host.closed() == 4410
    assert await interpreter.closed() == 4410
    [row] = await Recording.select()
    assert row["status"] == "complete"
    path = get_settings().recordings_dir / row["file_name"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]

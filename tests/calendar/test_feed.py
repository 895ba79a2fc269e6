"""Calendar feeds: each user's sessions on their secret address, in each session's zone, and
nothing of the victim; a revoked, renewed or wrong address is a 404 that says nothing more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from interpreters.audit.tables import AuditEntry
from interpreters.auth.tables import User
from interpreters.calendar.tables import CalendarFeed
from interpreters.principal import Role
from interpreters.sessions.tables import InterpretationRequest
from tests.bookings.factories import NEXT_WEEK, booked, interpreter, move_session, post
from tests.calendar.factories import SECRET, IcalJs, feed_of, read_feed, start_of, subscribe
from tests.factories import Account, empty_all_tables, make_account, make_institution

TIJUANA = ZoneInfo("America/Tijuana")


@pytest.fixture(autouse=True)
async def empty_tables(migrated_database: None) -> None:
    """These tests use the database, unlike the rest of tests/calendar."""
    await empty_all_tables()


def dst_change() -> datetime:
    """The next change of clocks in Tijuana at least a week from now (within six months)."""
    moment = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=8)
    before = moment.astimezone(TIJUANA).utcoffset()
    while moment.astimezone(TIJUANA).utcoffset() == before:
        moment += timedelta(hours=1)
    return moment


def nine_local(day: datetime) -> datetime:
    """09:00 on Tijuana's clock on the day of `day`."""
    local = day.astimezone(TIJUANA).date()
    return datetime(local.year, local.month, local.day, 9, tzinfo=TIJUANA).astimezone(UTC)


async def tijuana_office() -> Account:
    office = await make_institution("MX", "prosecutor_office", "America/Tijuana")
    return await make_account(Role.PROSECUTOR, "fiscal.tj@example.org", institution_id=office)


def request_ids(ics: bytes) -> list[int]:
    events = Calendar.from_ical(ics).events
    return sorted(int(str(e["UID"]).split("@")[0].removeprefix("request-")) for e in events)


async def test_sessions_across_a_change_of_clocks_keep_their_local_time_in_both_parsers(
    client: httpx.AsyncClient, icaljs: IcalJs
) -> None:
    office = await tijuana_office()
    interpreter_id = await interpreter()
    own = await make_account(Role.INTERPRETER, "ana@example.org", interpreter_id=interpreter_id)
    change = dst_change()
    starts = [nine_local(change - timedelta(days=3)), nine_local(change + timedelta(days=3))]
    ids = []
    for start in starts:
        request = (await booked(client, office, interpreter=interpreter_id, **SECRET))["id"]
        await move_session(request, start)
        ids.append(request)
    # One hour apart on UTC's clock, the same hour on Tijuana's.
    assert abs((starts[1] - starts[0]) - timedelta(days=6)) == timedelta(hours=1)
    for account in (office, own):
        ics = await feed_of(client, account)
        calendar = Calendar.from_ical(ics)
        assert calendar["METHOD"] == "PUBLISH"
        assert [str(zone["TZID"]) for zone in calendar.timezones] == ["America/Tijuana"]
        events = sorted(calendar.events, key=start_of)
        assert [start_of(e).astimezone(UTC) for e in events] == starts
        assert [e["DTSTART"].params["TZID"] for e in events] == ["America/Tijuana"] * 2
        assert [start_of(e).astimezone(TIJUANA).hour for e in events] == [9, 9]
        assert all("ATTENDEE" not in e for e in events)
        [parsed] = icaljs([ics])
        assert parsed["method"] == "PUBLISH"
        by_start = sorted(parsed["events"], key=lambda e: e["start"])
        assert [datetime.fromisoformat(e["start"]) for e in by_start] == starts
        assert [e["tzid"] for e in by_start] == ["America/Tijuana"] * 2
        assert [e["local_start"][11:16] for e in by_start] == ["09:00", "09:00"]
        assert [e["uid"].split("@")[0] for e in by_start] == [f"request-{i}" for i in ids]


async def test_a_cancelled_session_stays_in_the_feed_as_cancelled_with_its_sequence(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    own = await make_account(Role.INTERPRETER, "ana@example.org", interpreter_id=interpreter_id)
    kept = (await booked(client, prosecutor, interpreter=interpreter_id))["id"]
    dropped = (
        await booked(client, prosecutor, interpreter=interpreter_id, start=f"{NEXT_WEEK}T14:00:00")
    )["id"]
    cancelled = await post(client, prosecutor, f"{dropped}/cancel", reason="Hearing moved")
    assert cancelled.status_code == 200, cancelled.text
    await InterpretationRequest.update(calendar_sequence=3).where(
        InterpretationRequest.id == dropped
    )
    for account in (own, prosecutor):
        events = {
            int(str(e["UID"]).split("@")[0].removeprefix("request-")): e
            for e in Calendar.from_ical(await feed_of(client, account)).events
        }
        assert events[kept]["STATUS"] == "CONFIRMED"
        assert (events[dropped]["STATUS"], events[dropped]["SEQUENCE"]) == ("CANCELLED", 3)
        assert str(events[dropped]["SUMMARY"]).startswith("CANCELADA:")
        assert not events[dropped].subcomponents  # no alarm for a cancelled session


async def test_each_role_sees_its_own_sessions_only(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    tijuana = await tijuana_office()
    colleague = await make_account(
        Role.COURT, "juzgado@example.org", institution_id=prosecutor.institution_id
    )
    mexican = await make_account(Role.COORDINATOR, "coord.mx@example.org", countries="MX")
    first, second = await interpreter(1), await interpreter(2)
    own = await make_account(Role.INTERPRETER, "one@example.org", interpreter_id=first)
    honduran = (await booked(client, prosecutor, interpreter=first))["id"]
    mexican_request = (await booked(client, tijuana, interpreter=second))["id"]
    assert request_ids(await feed_of(client, prosecutor)) == [honduran]
    assert request_ids(await feed_of(client, colleague)) == [honduran]
    assert request_ids(await feed_of(client, tijuana)) == [mexican_request]
    assert request_ids(await feed_of(client, own)) == [honduran]
    assert request_ids(await feed_of(client, mexican)) == [mexican_request]
    assert request_ids(await feed_of(client, coordinator)) == sorted([honduran, mexican_request])
    # Each reads in their own role and language.
    [event] = Calendar.from_ical(await feed_of(client, mexican)).events
    assert str(event["SUMMARY"]).endswith("(coordinación)")


async def test_nothing_of_the_victim_or_the_case_reaches_any_feed(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    interpreter_id = await interpreter()
    own = await make_account(Role.INTERPRETER, "ana@example.org", interpreter_id=interpreter_id)
    await booked(client, prosecutor, interpreter=interpreter_id, **SECRET)
    for account in (prosecutor, coordinator, own):
        body = await feed_of(client, account)
        assert b"BEGIN:VEVENT" in body
        for secret in SECRET.values():
            assert secret.encode() not in body
            assert secret.encode() not in body.replace(b"\r\n ", b"")
        # Nobody else's address either.
        assert b"interpreter1@example.org" not in body
        assert b"fiscal@example.org" not in body


async def test_revoked_renewed_and_wrong_addresses_are_the_same_404(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    state = await client.get("/api/v1/calendar/feed", headers=prosecutor.headers)
    assert state.json() == {"active": False, "created_at": None}
    first = await subscribe(client, prosecutor)
    assert first["webcal_url"] == "webcal://" + first["url"].removeprefix("http://")
    assert first["url"].startswith("http://127.0.0.1:8000/calendar/feed/")
    assert (await read_feed(client, first["url"])).status_code == 200
    state = await client.get("/api/v1/calendar/feed", headers=prosecutor.headers)
    assert state.json()["active"] is True
    assert "url" not in state.text
    # Only the hash is stored.
    token = first["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in str(await CalendarFeed.select())

    renewed = await subscribe(client, prosecutor)
    old = await read_feed(client, first["url"])
    assert (await read_feed(client, renewed["url"])).status_code == 200
    revoked = await client.delete("/api/v1/calendar/feed", headers=prosecutor.headers)
    assert revoked.status_code == 204
    gone = await read_feed(client, renewed["url"])
    unknown = await client.get("/calendar/feed/" + "A" * 43 + ".ics")
    malformed = await client.get("/calendar/feed/not-a-token.ics")
    no_suffix = await client.get(httpx.URL(renewed["url"]).path.removesuffix(".ics"))
    answers = [old, gone, unknown, malformed, no_suffix]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    again = await client.delete("/api/v1/calendar/feed", headers=prosecutor.headers)
    assert again.status_code == 404
    actions = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.record_type == "calendar_feed"
    )
    assert [a["action"] for a in actions] == [
        "create_calendar_feed",
        "revoke_calendar_feed",
        "create_calendar_feed",
        "revoke_calendar_feed",
    ]


async def test_a_deactivated_users_feed_is_gone(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    urls = await subscribe(client, prosecutor)
    await User.update(active=False).where(User.id == prosecutor.user_id)
    assert (await read_feed(client, urls["url"])).status_code == 404

"""VAVAILABILITY files in and out, and VFREEBUSY; bad files change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from interpreters.principal import Role
from tests.factories import Account, make_account
from tests.registry.factories import add_interpreter

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
async def tegucigalpa() -> Account:
    interpreter_id = await add_interpreter(1, timezone="America/Tegucigalpa", country="HN")
    return await make_account(Role.INTERPRETER, "ana@example.org", interpreter_id=interpreter_id)


def url(account: Account, rest: str = "") -> str:
    return f"/api/v1/interpreters/{account.interpreter_id}/availability{rest}"


async def upload(
    client: httpx.AsyncClient, account: Account, content: bytes, name: str = "a.ics"
) -> httpx.Response:
    return await client.post(
        url(account, "/import"),
        files={"data": (name, content, "text/calendar")},
        headers=account.headers,
    )


def without_ids(body: dict[str, Any]) -> dict[str, Any]:
    return {
        **body,
        "time_off": [{k: v for k, v in t.items() if k != "id"} for t in body["time_off"]],
    }


async def test_a_file_from_another_tool_imports(
    client: httpx.AsyncClient, tegucigalpa: Account
) -> None:
    imported = await upload(client, tegucigalpa, (FIXTURES / "other-tool.ics").read_bytes())
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"weekly": 8, "overrides": 2, "time_off": 2}
    body = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    assert body["weekly"] == [
        {"weekday": 1, "start": "08:00", "end": "12:00"},
        {"weekday": 1, "start": "14:00", "end": "18:00"},
        {"weekday": 2, "start": "08:00", "end": "12:00"},
        {"weekday": 3, "start": "08:00", "end": "12:00"},
        {"weekday": 3, "start": "14:00", "end": "18:00"},
        {"weekday": 4, "start": "08:00", "end": "12:00"},
        {"weekday": 5, "start": "08:00", "end": "12:00"},
        {"weekday": 6, "start": "22:00", "end": "01:00"},
    ]
    assert body["overrides"] == [
        {
            "date": "2026-12-19",
            "unavailable": False,
            "windows": [{"start": "09:00", "end": "11:00"}],
        },
        {"date": "2026-12-24", "unavailable": True, "windows": []},
    ]
    assert without_ids(body)["time_off"] == [
        {
            "first_day": None,
            "last_day": None,
            "starts_at": "2026-12-10T15:00:00Z",
            "ends_at": "2026-12-10T18:00:00Z",
            "note": "Cita médica",
        },
        {
            "first_day": "2026-12-28",
            "last_day": "2027-01-03",
            "starts_at": None,
            "ends_at": None,
            "note": "Vacaciones",
        },
    ]


@pytest.mark.parametrize(
    "zone", ["America/Tegucigalpa", "Europe/Madrid", "America/Tijuana", "America/Mexico_City"]
)
async def test_export_then_import_gives_the_same_rules(
    client: httpx.AsyncClient, zone: str
) -> None:
    interpreter_id = await add_interpreter(2, timezone=zone)
    tegucigalpa = await make_account(
        Role.INTERPRETER, "round@example.org", interpreter_id=interpreter_id
    )
    headers = tegucigalpa.headers
    weekly = [
        {"weekday": 1, "start": "08:00", "end": "12:00"},
        {"weekday": 3, "start": "08:00", "end": "12:00"},
        {"weekday": 5, "start": "22:30", "end": "02:00"},
        {"weekday": 7, "start": "00:00", "end": "24:00"},
        # Inside the spring-forward gap in the US and in the EU.
        {"weekday": 6, "start": "02:30", "end": "04:00"},
    ]
    await client.put(url(tegucigalpa, "/weekly"), json=weekly, headers=headers)
    # Dates of DST changes: the 2027 US and EU spring-forward days.
    for day in ("2027-03-14", "2027-03-28"):
        gap = {"windows": [{"start": "02:15", "end": "03:30"}]}
        await client.put(url(tegucigalpa, f"/overrides/{day}"), json=gap, headers=headers)
    await client.put(
        url(tegucigalpa, "/overrides/2026-12-19"),
        json={"windows": [{"start": "18:00", "end": "20:00"}, {"start": "07:00", "end": "08:00"}]},
        headers=headers,
    )
    await client.put(
        url(tegucigalpa, "/overrides/2026-12-24"), json={"unavailable": True}, headers=headers
    )
    for time_off in (
        {"first_day": "2026-12-28", "last_day": "2027-01-03", "note": "Vacaciones; familia"},
        {"first_day": "2027-02-01", "last_day": "2027-02-01"},
        {"starts_at": "2026-12-10T09:00:00-06:00", "ends_at": "2026-12-10T12:30:00-06:00"},
    ):
        await client.post(url(tegucigalpa, "/time-off"), json=time_off, headers=headers)
    await client.put(
        url(tegucigalpa, "/limits"), json={"notice_hours": 2, "on_call": True}, headers=headers
    )
    before = (await client.get(url(tegucigalpa), headers=headers)).json()

    exported = await client.get(url(tegucigalpa, "/export.ics"), headers=headers)
    assert exported.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(exported.content)
    assert [tz.tz_name for tz in calendar.timezones] == [zone]
    # The weekly one, one per unavailable date, one per time off.
    assert len(calendar.walk("VAVAILABILITY")) == 5

    await client.put(url(tegucigalpa, "/weekly"), json=[], headers=headers)
    imported = await upload(client, tegucigalpa, exported.content)
    assert imported.json() == {"weekly": 5, "overrides": 4, "time_off": 3}
    after = (await client.get(url(tegucigalpa), headers=headers)).json()
    assert without_ids(after) == without_ids(before)


async def test_a_file_in_another_zone_is_read_in_the_interpreters_zone(
    client: httpx.AsyncClient, tegucigalpa: Account
) -> None:
    # Monday 09:00-13:00 in Madrid (winter, UTC+1) is Monday 02:00-06:00 in Tegucigalpa;
    # Monday 03:00 in Madrid is still Sunday evening there.
    content = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        b"BEGIN:VAVAILABILITY\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\n"
        b"BEGIN:AVAILABLE\r\nUID:b\r\nDTSTAMP:20261101T000000Z\r\n"
        b"DTSTART;TZID=Europe/Madrid:20260105T090000\r\n"
        b"DTEND;TZID=Europe/Madrid:20260105T130000\r\n"
        b"RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:AVAILABLE\r\n"
        b"BEGIN:AVAILABLE\r\nUID:c\r\nDTSTAMP:20261101T000000Z\r\n"
        b"DTSTART;TZID=Europe/Madrid:20260105T030000\r\n"
        b"DTEND;TZID=Europe/Madrid:20260105T050000\r\n"
        b"RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:AVAILABLE\r\n"
        b"END:VAVAILABILITY\r\nEND:VCALENDAR\r\n"
    )
    assert (await upload(client, tegucigalpa, content)).status_code == 200
    body = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    assert body["weekly"] == [
        {"weekday": 1, "start": "02:00", "end": "06:00"},
        {"weekday": 7, "start": "20:00", "end": "22:00"},
    ]


def calendar_with(*lines: str) -> bytes:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    return (head + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n").encode()


def available(*lines: str) -> tuple[str, ...]:
    return (
        "BEGIN:VAVAILABILITY",
        "UID:a",
        "DTSTAMP:20261101T000000Z",
        "BEGIN:AVAILABLE",
        "UID:b",
        "DTSTAMP:20261101T000000Z",
        *lines,
        "END:AVAILABLE",
        "END:VAVAILABILITY",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a calendar", "not iCalendar"),
        (b'{"weekly": []}', "not iCalendar"),
        (b"\xff\xfe\x00garbage", "not iCalendar"),
        (calendar_with("BEGIN:VEVENT", "UID:x", "END:VEVENT"), "no VAVAILABILITY"),
        (
            calendar_with(*available("DTSTART:20260105T090000Z", "DTEND:20260107T090000Z")),
            "longer than 24 hours",
        ),
        (
            calendar_with(
                *available(
                    "DTSTART:20260105T090000Z", "DTEND:20260105T100000Z", "RRULE:FREQ=MONTHLY"
                )
            ),
            "weekly or daily",
        ),
        (
            calendar_with(
                *available(
                    "DTSTART:20260105T090000Z",
                    "DTEND:20260105T100000Z",
                    "RRULE:FREQ=WEEKLY;COUNT=10",
                )
            ),
            "weekly or daily",
        ),
        (
            calendar_with(*available("DTSTART:20260105T090000Z", "DTEND:20260105T080000Z")),
            "ends before it starts",
        ),
        (calendar_with(*available("DTSTART:20260105T090000Z")), "neither DTEND nor DURATION"),
        (
            calendar_with(
                "BEGIN:VAVAILABILITY",
                "UID:a",
                "DTSTAMP:20261101T000000Z",
                "DTSTART:20260101T000000Z",
                "DTEND:20270101T000000Z",
                "BEGIN:AVAILABLE",
                "UID:b",
                "DTSTAMP:20261101T000000Z",
                "DTSTART:20260105T090000Z",
                "DTEND:20260105T100000Z",
                "END:AVAILABLE",
                "END:VAVAILABILITY",
            ),
            "limited in time",
        ),
        (
            calendar_with(
                "BEGIN:VAVAILABILITY",
                "UID:a",
                "DTSTAMP:20261101T000000Z",
                "BUSYTYPE:BUSY",
                "DTSTART:20260101T000000Z",
                "DTEND:20280101T000000Z",
                "END:VAVAILABILITY",
            ),
            "at most 366 days",
        ),
        (
            calendar_with(
                *available("DTSTART:20260105T090000Z", "DTSTART:20260105T100000Z", "DURATION:PT1H")
            ),
            "appears more than once",
        ),
        (
            calendar_with(*available("DTSTART:20260105T090000Z", "DURATION:P999999999D")),
            "not valid",
        ),
        (
            calendar_with(
                *available(
                    "DTSTART;TZID=America/Tegucigalpa:20260105T100000",
                    "DURATION:PT24H",
                    "RRULE:FREQ=WEEKLY",
                )
            ),
            "must start at 00:00",
        ),
        (
            calendar_with(
                "BEGIN:VAVAILABILITY",
                "UID:a",
                "DTSTAMP:20261101T000000Z",
                *(
                    line
                    for n in range(71)
                    for line in (
                        "BEGIN:AVAILABLE",
                        f"UID:w{n}",
                        "DTSTAMP:20261101T000000Z",
                        f"DTSTART;TZID=America/Tegucigalpa:20260105T{n // 6:02d}{n % 6 * 10:02d}00",
                        "DURATION:PT5M",
                        "RRULE:FREQ=WEEKLY",
                        "END:AVAILABLE",
                    )
                ),
                "END:VAVAILABILITY",
            ),
            "At most 70 weekly windows",
        ),
    ],
)
async def test_bad_files_are_refused_and_nothing_changes(
    client: httpx.AsyncClient, tegucigalpa: Account, content: bytes, message: str
) -> None:
    week = [{"weekday": 2, "start": "10:00", "end": "11:00"}]
    await client.put(url(tegucigalpa, "/weekly"), json=week, headers=tegucigalpa.headers)
    before = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    refused = await upload(client, tegucigalpa, content)
    assert refused.status_code == 400, refused.text
    assert message in refused.text
    after = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    assert after == before


async def test_the_vfreebusy_parses_and_covers_the_range(
    client: httpx.AsyncClient, tegucigalpa: Account
) -> None:
    weekly = [{"weekday": d, "start": "08:00", "end": "12:00"} for d in range(1, 8)]
    await client.put(url(tegucigalpa, "/weekly"), json=weekly, headers=tegucigalpa.headers)
    day = datetime.now(UTC).date() + timedelta(days=7)  # past the 24-hour notice
    answer = await client.get(
        "/api/v1/freebusy/ics",
        params={
            "interpreter": tegucigalpa.interpreter_id,
            "start": f"{day}T00:00:00",
            "end": f"{day + timedelta(days=2)}T00:00:00",
            "tz": "America/Tegucigalpa",
        },
        headers=tegucigalpa.headers,
    )
    [component] = Calendar.from_ical(answer.content).walk("VFREEBUSY")
    periods = component.get("FREEBUSY")
    kinds = [(p.params["FBTYPE"], p.dt[0].isoformat(), p.dt[1].isoformat()) for p in periods]
    # Tegucigalpa is UTC-6 all year: local midnight is 06:00 UTC, 08:00-12:00 is 14:00-18:00.
    first, second, third = day, day + timedelta(days=1), day + timedelta(days=2)
    assert kinds == [
        ("BUSY", f"{first}T06:00:00+00:00", f"{first}T14:00:00+00:00"),
        ("FREE", f"{first}T14:00:00+00:00", f"{first}T18:00:00+00:00"),
        ("BUSY", f"{first}T18:00:00+00:00", f"{second}T14:00:00+00:00"),
        ("FREE", f"{second}T14:00:00+00:00", f"{second}T18:00:00+00:00"),
        ("BUSY", f"{second}T18:00:00+00:00", f"{third}T06:00:00+00:00"),
    ]
    assert component.get("DTSTART").dt.isoformat() == f"{first}T06:00:00+00:00"


async def test_an_unavailable_date_wins_over_extra_windows_on_it(
    client: httpx.AsyncClient, tegucigalpa: Account
) -> None:
    content = calendar_with(
        *available(
            "DTSTART;TZID=America/Tegucigalpa:20261224T090000",
            "DTEND;TZID=America/Tegucigalpa:20261224T110000",
        ),
        "BEGIN:VAVAILABILITY",
        "UID:c",
        "DTSTAMP:20261101T000000Z",
        "DTSTART;VALUE=DATE:20261224",
        "DTEND;VALUE=DATE:20261225",
        "END:VAVAILABILITY",
    )
    assert (await upload(client, tegucigalpa, content)).status_code == 200
    body = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    assert body["overrides"] == [{"date": "2026-12-24", "unavailable": True, "windows": []}]


async def test_a_window_shorter_than_a_minute_is_no_time_not_an_unavailable_date(
    client: httpx.AsyncClient, tegucigalpa: Account
) -> None:
    content = calendar_with(
        *available(
            "DTSTART;TZID=America/Tegucigalpa:20261223T090000",
            "DTEND;TZID=America/Tegucigalpa:20261223T090030",
        )
    )
    assert (await upload(client, tegucigalpa, content)).status_code == 200
    body = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    assert body["overrides"] == []


async def test_a_weekly_rule_from_another_zone_uses_todays_offsets_not_its_first_dates(
    client: httpx.AsyncClient, tegucigalpa: Account
) -> None:
    # Mexico City kept DST until 2022: in June 2020 it was UTC-5, now it is UTC-6 all year
    # like Tegucigalpa, so Monday 09:00-12:00 there is 09:00-12:00 here.
    content = calendar_with(
        *available(
            "DTSTART;TZID=America/Mexico_City:20200601T090000",
            "DTEND;TZID=America/Mexico_City:20200601T120000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
        )
    )
    assert (await upload(client, tegucigalpa, content)).status_code == 200
    body = (await client.get(url(tegucigalpa), headers=tegucigalpa.headers)).json()
    assert body["weekly"] == [{"weekday": 1, "start": "09:00", "end": "12:00"}]

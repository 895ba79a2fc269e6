"""The availability API: rules in the interpreter's own zone, bad input refused whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from interpreters.principal import Role
from tests.factories import Account, make_account
from tests.registry.factories import add_interpreter

WEEKDAYS = [
    {"weekday": day, "start": start, "end": end}
    for day in range(1, 6)
    for start, end in (("08:00", "12:00"), ("14:00", "18:00"))
]


@pytest.fixture
async def madrid() -> Account:
    interpreter_id = await add_interpreter(
        1, timezone="Europe/Madrid", country="GT", display_name="Lucía Madrid"
    )
    return await make_account(Role.INTERPRETER, "lucia@example.org", interpreter_id=interpreter_id)


def url(account: Account, rest: str = "") -> str:
    return f"/api/v1/interpreters/{account.interpreter_id}/availability{rest}"


async def test_an_interpreter_publishes_a_week_and_reads_it_back(
    client: httpx.AsyncClient, madrid: Account
) -> None:
    saved = await client.put(url(madrid, "/weekly"), json=WEEKDAYS, headers=madrid.headers)
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["timezone"] == "Europe/Madrid"
    assert body["weekly"][:2] == [
        {"weekday": 1, "start": "08:00", "end": "12:00"},
        {"weekday": 1, "start": "14:00", "end": "18:00"},
    ]
    assert len(body["weekly"]) == 10
    assert body["limits"] == {
        "notice_hours": 24,
        "buffer_minutes": 15,
        "max_hours_per_day": 6,
        "max_hours_per_week": 30,
        "on_call": False,
    }
    again = await client.get(url(madrid), headers=madrid.headers)
    assert again.json() == body


async def test_overlapping_windows_of_a_day_are_merged_and_midnight_may_be_crossed(
    client: httpx.AsyncClient, madrid: Account
) -> None:
    windows = [
        {"weekday": 2, "start": "09:00", "end": "11:00"},
        {"weekday": 2, "start": "10:30", "end": "13:00"},
        {"weekday": 2, "start": "13:00", "end": "14:00"},
        {"weekday": 5, "start": "22:00", "end": "02:00"},
        {"weekday": 7, "start": "00:00", "end": "24:00"},
    ]
    saved = await client.put(url(madrid, "/weekly"), json=windows, headers=madrid.headers)
    assert saved.json()["weekly"] == [
        {"weekday": 2, "start": "09:00", "end": "14:00"},
        {"weekday": 5, "start": "22:00", "end": "02:00"},
        {"weekday": 7, "start": "00:00", "end": "24:00"},
    ]


@pytest.mark.parametrize(
    ("windows", "message"),
    [
        ([{"weekday": 1, "start": "09:00", "end": "09:00"}], "ends when it starts"),
        ([{"weekday": 1, "start": "25:00", "end": "26:00"}], "not a time of day"),
        ([{"weekday": 1, "start": "9:00", "end": "12:00"}], "not a time of day"),
        ([{"weekday": 8, "start": "09:00", "end": "12:00"}], "less than or equal to 7"),
        ([{"weekday": 1, "start": "24:00", "end": "02:00"}], "cannot start at 24:00"),
        (
            [
                {"weekday": 1, "start": "00:00", "end": "24:00"},
                {"weekday": 1, "start": "20:00", "end": "03:00"},
            ],
            "more than 24 hours",
        ),
    ],
)
async def test_bad_windows_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, madrid: Account, windows: list[dict[str, object]], message: str
) -> None:
    await client.put(url(madrid, "/weekly"), json=WEEKDAYS, headers=madrid.headers)
    refused = await client.put(url(madrid, "/weekly"), json=windows, headers=madrid.headers)
    assert refused.status_code == 400
    assert message in refused.text
    assert refused.json()["errors"][0]["field"] in {"start", "end", "weekday", "weekly"}
    assert len((await client.get(url(madrid), headers=madrid.headers)).json()["weekly"]) == 10


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ({"notice_hours": -1}, "notice_hours"),
        ({"buffer_minutes": -5}, "buffer_minutes"),
        ({"max_hours_per_day": 0}, "max_hours_per_day"),
        ({"max_hours_per_day": 8, "max_hours_per_week": 4}, "max_hours_per_week"),
        ({"on_call": "sometimes"}, "on_call"),
    ],
)
async def test_negative_or_inconsistent_limits_are_refused(
    client: httpx.AsyncClient, madrid: Account, limits: dict[str, object], field: str
) -> None:
    refused = await client.put(url(madrid, "/limits"), json=limits, headers=madrid.headers)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == field
    stored = (await client.get(url(madrid), headers=madrid.headers)).json()["limits"]
    assert stored["notice_hours"] == 24


async def test_limits_overrides_and_time_off_are_kept(
    client: httpx.AsyncClient, madrid: Account
) -> None:
    limits = {
        "notice_hours": 48,
        "buffer_minutes": 30,
        "max_hours_per_day": 4.5,
        "max_hours_per_week": 20,
        "on_call": True,
    }
    assert (await client.put(url(madrid, "/limits"), json=limits, headers=madrid.headers)).json()[
        "limits"
    ] == limits
    extra = {"windows": [{"start": "18:00", "end": "20:00"}]}
    await client.put(url(madrid, "/overrides/2026-12-19"), json=extra, headers=madrid.headers)
    off = {"unavailable": True}
    await client.put(url(madrid, "/overrides/2026-12-24"), json=off, headers=madrid.headers)
    vacation = {"first_day": "2026-12-28", "last_day": "2027-01-03", "note": "Vacaciones"}
    created = await client.post(url(madrid, "/time-off"), json=vacation, headers=madrid.headers)
    assert created.status_code == 201
    local = {"starts_at": "2026-12-10T09:00:00", "ends_at": "2026-12-10T13:00:00"}
    await client.post(url(madrid, "/time-off"), json=local, headers=madrid.headers)
    body = (await client.get(url(madrid), headers=madrid.headers)).json()
    assert body["overrides"] == [
        {"date": "2026-12-19", "unavailable": False, "windows": [extra["windows"][0]]},
        {"date": "2026-12-24", "unavailable": True, "windows": []},
    ]
    timed, days = body["time_off"]
    # Without an offset, a time off is the interpreter's local time (Madrid, UTC+1 in winter).
    assert timed["starts_at"] == "2026-12-10T08:00:00Z"
    assert timed["ends_at"] == "2026-12-10T12:00:00Z"
    assert (days["first_day"], days["last_day"], days["note"]) == (
        "2026-12-28",
        "2027-01-03",
        "Vacaciones",
    )
    removed = await client.delete(url(madrid, f"/time-off/{days['id']}"), headers=madrid.headers)
    assert [t["id"] for t in removed.json()["time_off"]] == [timed["id"]]
    removed = await client.delete(url(madrid, "/overrides/2026-12-24"), headers=madrid.headers)
    assert [o["date"] for o in removed.json()["overrides"]] == ["2026-12-19"]
    missing = await client.delete(url(madrid, "/overrides/2026-12-24"), headers=madrid.headers)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first_day": "2026-12-10", "last_day": "2026-12-01"}, "last_day"),
        ({"starts_at": "2026-12-10T10:00:00Z", "ends_at": "2026-12-10T09:00:00Z"}, "ends_at"),
        ({"starts_at": "2026-12-10T10:00:00Z", "ends_at": "2026-12-10T12:00:00"}, "ends_at"),
        ({"first_day": "2026-12-10", "ends_at": "2026-12-10T09:00:00Z"}, "body"),
        ({"first_day": "2026-01-01", "last_day": "2027-06-01"}, "last_day"),
        ({"note": "nothing else"}, "body"),
        ({"starts_at": "9999-12-31T20:00:00", "ends_at": "9999-12-31T21:00:00"}, "starts_at"),
    ],
)
async def test_bad_time_off_is_refused_and_names_the_field(
    client: httpx.AsyncClient, madrid: Account, body: dict[str, str], field: str
) -> None:
    refused = await client.post(url(madrid, "/time-off"), json=body, headers=madrid.headers)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == field
    assert (await client.get(url(madrid), headers=madrid.headers)).json()["time_off"] == []


async def test_an_interpreter_moving_zone_keeps_wall_clock_rules(
    client: httpx.AsyncClient, madrid: Account, coordinator: Account
) -> None:
    await client.put(url(madrid, "/weekly"), json=WEEKDAYS, headers=madrid.headers)
    moved = await client.patch(
        f"/api/v1/interpreters/{madrid.interpreter_id}",
        json={"timezone": "America/Tegucigalpa"},
        headers=coordinator.headers,
    )
    assert moved.status_code == 200, moved.text
    body = (await client.get(url(madrid), headers=madrid.headers)).json()
    assert body["timezone"] == "America/Tegucigalpa"
    assert body["weekly"][0] == {"weekday": 1, "start": "08:00", "end": "12:00"}
    # A Monday over a week ahead (past the notice): 08:00 in Tegucigalpa (UTC-6, no DST)
    # is 14:00 UTC, no longer 07:00 or 08:00 UTC as in Madrid.
    today = datetime.now(UTC).date()
    monday = today + timedelta(days=7 + (7 - today.weekday()) % 7)
    free = await client.get(
        "/api/v1/freebusy",
        params={
            "interpreter": madrid.interpreter_id,
            "start": f"{monday}T00:00:00Z",
            "end": f"{monday + timedelta(days=1)}T00:00:00Z",
        },
        headers=madrid.headers,
    )
    assert free.json()["interpreters"][0]["free"][0] == {
        "start": f"{monday}T14:00:00Z",
        "end": f"{monday}T18:00:00Z",
    }


async def test_free_busy_in_the_viewers_zone_and_as_vfreebusy(
    client: httpx.AsyncClient, madrid: Account, prosecutor: Account
) -> None:
    await client.put(url(madrid, "/weekly"), json=WEEKDAYS, headers=madrid.headers)
    start = (datetime.now(UTC) + timedelta(days=10)).date()
    params = {
        "interpreter": madrid.interpreter_id,
        "start": f"{start}T00:00:00",
        "days": 7,
        "tz": "America/Tegucigalpa",
    }
    answer = await client.get("/api/v1/freebusy", params=params, headers=prosecutor.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["timezone"] == "America/Tegucigalpa"
    assert body["start"] == f"{start}T00:00:00-06:00"
    windows = body["interpreters"][0]["free"]
    assert len(windows) == 10
    assert all(w["start"].endswith("-06:00") for w in windows)
    calendar = await client.get("/api/v1/freebusy/ics", params=params, headers=prosecutor.headers)
    assert calendar.headers["content-type"].startswith("text/calendar")
    text = calendar.text
    assert "BEGIN:VFREEBUSY" in text
    assert text.count("FBTYPE=FREE") == 10
    assert "FBTYPE=BUSY" in text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"tz": "Mars/Olympus"}, 400),
        ({"start": "yesterday"}, 400),
        ({"days": 400}, 400),
        ({"start": "2026-12-01T00:00:00Z", "end": "2026-11-01T00:00:00Z"}, 400),
        ({"interpreter": 999}, 404),
        # Without a start the range begins now: an end decades away is refused, not computed.
        ({"end": "2100-01-01T00:00:00Z"}, 400),
        ({"end": "2001-01-01T00:00:00Z"}, 400),
        ({"start": "9999-12-31T00:00:00"}, 400),
        ({"start": "0001-01-01T00:00:00", "end": "0001-01-02T00:00:00"}, 400),
    ],
)
async def test_bad_free_busy_questions_get_clear_answers(
    client: httpx.AsyncClient,
    madrid: Account,
    prosecutor: Account,
    params: dict[str, str | int],
    status: int,
) -> None:
    asked = {"interpreter": madrid.interpreter_id, **params}
    answer = await client.get("/api/v1/freebusy", params=asked, headers=prosecutor.headers)
    assert answer.status_code == status, answer.text


async def test_who_sees_what(
    client: httpx.AsyncClient, madrid: Account, prosecutor: Account, court: Account
) -> None:
    other = await add_interpreter(2)
    applicant = await add_interpreter(3, vetted=False)
    for account in (prosecutor, court):
        rules = await client.get(url(madrid), headers=account.headers)
        assert rules.status_code == 403
        hidden = await client.get(
            "/api/v1/freebusy", params={"interpreter": applicant}, headers=account.headers
        )
        assert hidden.status_code == 404
    foreign = await client.get(f"/api/v1/interpreters/{other}/availability", headers=madrid.headers)
    assert foreign.status_code == 403
    changed = await client.put(
        f"/api/v1/interpreters/{other}/availability/weekly", json=[], headers=madrid.headers
    )
    assert changed.status_code == 403
    others = await client.get(
        "/api/v1/freebusy",
        params={"interpreter": [madrid.interpreter_id, other]},
        headers=madrid.headers,
    )
    assert others.status_code == 403


async def test_overrides_and_time_off_show_before_any_weekly_window(
    client: httpx.AsyncClient, madrid: Account
) -> None:
    extra = {"windows": [{"start": "09:00", "end": "11:00"}]}
    saved = await client.put(
        url(madrid, "/overrides/2027-01-05"), json=extra, headers=madrid.headers
    )
    assert saved.json()["overrides"] == [
        {"date": "2027-01-05", "unavailable": False, "windows": extra["windows"]}
    ]
    exported = await client.get(url(madrid, "/export.ics"), headers=madrid.headers)
    assert "DTSTART;TZID=Europe/Madrid:20270105T090000" in exported.text


async def test_an_override_far_outside_any_working_life_is_refused(
    client: httpx.AsyncClient, madrid: Account
) -> None:
    off = {"unavailable": True}
    refused = await client.put(
        url(madrid, "/overrides/9999-12-31"), json=off, headers=madrid.headers
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "day"


async def test_a_range_starting_in_a_gap_starts_when_the_clocks_jump(
    client: httpx.AsyncClient, madrid: Account
) -> None:
    # 14 March 2027, Tijuana: 02:00-03:00 does not exist; 02:30 is read as 03:00 PDT.
    answer = await client.get(
        "/api/v1/freebusy",
        params={
            "interpreter": madrid.interpreter_id,
            "start": "2027-03-14T02:30:00",
            "days": 1,
            "tz": "America/Tijuana",
        },
        headers=madrid.headers,
    )
    assert answer.json()["start"] == "2027-03-14T03:00:00-07:00"


async def test_a_coordinators_read_of_availability_is_audited_an_interpreters_own_is_not(
    client: httpx.AsyncClient, madrid: Account, coordinator: Account
) -> None:
    await client.get(url(madrid), headers=madrid.headers)
    await client.get(url(madrid), headers=coordinator.headers)
    await client.get(url(madrid, "/export.ics"), headers=coordinator.headers)
    log = await client.get(
        "/api/v1/audit",
        params={"record_type": "interpreter", "record_id": madrid.interpreter_id},
        headers=coordinator.headers,
    )
    reads = [e for e in log.json()["items"] if e["action"] == "read_availability"]
    assert [e["actor_email"] for e in reads] == [coordinator.email] * 2


@pytest.mark.parametrize("count", [71, 2016])
async def test_more_weekly_windows_than_the_published_limit_are_refused(
    client: httpx.AsyncClient, madrid: Account, count: int
) -> None:
    spec = (await client.get("/schema/openapi.json")).json()
    body = spec["paths"]["/api/v1/interpreters/{interpreter_id}/availability/weekly"]["put"]
    limit = body["requestBody"]["content"]["application/json"]["schema"]["maxItems"]
    assert limit == 70
    # Five-minute windows, none overlapping: only their number is wrong.
    windows = [
        {"weekday": 1 + n // 288, "start": f"{n % 288 // 12:02d}:{n % 12 * 5:02d}", "end": None}
        for n in range(count)
    ]
    for window in windows:
        minutes = int(str(window["start"])[:2]) * 60 + int(str(window["start"])[3:]) + 3
        window["end"] = f"{minutes // 60:02d}:{minutes % 60:02d}"
    await client.put(url(madrid, "/weekly"), json=WEEKDAYS, headers=madrid.headers)
    accepted = await client.put(
        url(madrid, "/weekly"), json=windows[:limit], headers=madrid.headers
    )
    assert accepted.status_code == 200, accepted.text
    assert len(accepted.json()["weekly"]) == limit
    refused = await client.put(url(madrid, "/weekly"), json=windows, headers=madrid.headers)
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {"field": "weekly", "message": "At most 70 weekly windows."}
    ]
    assert len((await client.get(url(madrid), headers=madrid.headers)).json()["weekly"]) == limit

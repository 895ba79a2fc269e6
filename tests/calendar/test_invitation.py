"""Invitations as files: golden copies, two parsers, the same instant in every zone."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Timezone

from interpreters.calendar import Recipient, invitation, session_uid
from tests.calendar.factories import (
    DOMAIN,
    EVERYONE,
    FIRST_START,
    INTERPRETER,
    ORGANIZER,
    REQUESTER,
    SECOND_START,
    IcalJs,
    session,
    steps,
)

FIXTURES = Path(__file__).parent / "fixtures"
# Set to rewrite the golden files on purpose; the run then fails so that nobody mistakes it
# for a pass, and `git diff tests/calendar/fixtures` shows what changed.
REGENERATE = "REGENERATE_ICS_FIXTURES"
# Each zone's copy goes to a participant of another language.
GOLDEN = {"America/Tegucigalpa": REQUESTER, "America/Tijuana": INTERPRETER}
STAMP = re.compile(rb"^DTSTAMP:\d{8}T\d{6}Z\r$", re.MULTILINE)
ZONES = [
    "America/Tegucigalpa",
    "America/Tijuana",
    "America/Mexico_City",
    "America/Santo_Domingo",
    "America/New_York",
    "Europe/Madrid",
]
# Besides the two starts of the golden files: just after the spring change in Tijuana
# (03:30 PDT) and in Madrid (03:30 CEST), where a VTIMEZONE written wrongly is an hour off.
STARTS = (
    FIRST_START,
    SECOND_START,
    datetime(2027, 3, 14, 10, 30, tzinfo=UTC),
    datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
)
LENGTH = timedelta(minutes=90)


def normalised(ics: bytes) -> bytes:
    """DTSTAMP, the moment the file was made, is the only part allowed to differ."""
    return STAMP.sub(b"DTSTAMP:20000101T000000Z\r", ics)


def build(zone: str, step: str, recipient: Recipient) -> bytes:
    return invitation(steps(zone)[step], recipient, EVERYONE, ORGANIZER, domain=DOMAIN)


def golden_name(zone: str, step: str) -> str:
    return f"{zone.split('/')[-1].lower()}-{step}.ics"


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _vtimezone(ics: bytes) -> Timezone:
    timezones = Calendar.from_ical(ics).timezones
    assert len(timezones) == 1
    return timezones[0]


def test_the_golden_files_are_what_the_builder_makes() -> None:
    produced = {
        golden_name(zone, step): normalised(build(zone, step, recipient))
        for zone, recipient in GOLDEN.items()
        for step in ("create", "reschedule", "cancel")
    }
    if os.environ.get(REGENERATE):
        FIXTURES.mkdir(exist_ok=True)
        for name, content in produced.items():
            (FIXTURES / name).write_bytes(content)
        pytest.fail(f"{REGENERATE} set: rewrote {len(produced)} files; review the diff, rerun")
    for name, content in produced.items():
        assert (FIXTURES / name).is_file(), f"{name} missing: run with {REGENERATE}=1"
        assert content == (FIXTURES / name).read_bytes(), f"{name} differs from the golden copy"


def test_the_files_move_the_session_then_cancel_it_under_one_uid(icaljs: IcalJs) -> None:
    for zone, recipient in GOLDEN.items():
        files = [build(zone, step, recipient) for step in ("create", "reschedule", "cancel")]
        parsed = icaljs(files)
        assert [p["method"] for p in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
        events = [p["events"][0] for p in parsed]
        assert {e["uid"] for e in events} == {f"request-1207@{DOMAIN}"}
        assert [e["sequence"] for e in events] == [0, 1, 2]
        assert [e["status"] for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
        assert [_utc(e["start"]) for e in events] == [FIRST_START, SECOND_START, SECOND_START]
        # The reminder rings before a session that stands, never for a cancelled one.
        assert [e["alarms"] for e in events] == [
            [{"action": "DISPLAY", "trigger": "-PT15M"}],
            [{"action": "DISPLAY", "trigger": "-PT15M"}],
            [],
        ]
        for ics, sequence in zip(files, [0, 1, 2], strict=True):
            calendar = Calendar.from_ical(ics)
            event = calendar.events[0]
            assert event["UID"] == session_uid(1207, DOMAIN)
            assert event["SEQUENCE"] == sequence
            assert event["ORGANIZER"] == f"mailto:{ORGANIZER.email}"
            assert calendar["METHOD"] == ("CANCEL" if sequence == 2 else "REQUEST")


def test_both_parsers_and_every_zone_agree_on_the_instant(icaljs: IcalJs) -> None:
    files = {
        (zone, start): invitation(
            replace(session(zone), starts_at=start), REQUESTER, EVERYONE, ORGANIZER, domain=DOMAIN
        )
        for zone in ZONES
        for start in STARTS
    }
    parsed = dict(zip(files, icaljs(list(files.values())), strict=True))
    for (zone, start), ics in files.items():
        event = Calendar.from_ical(ics).events[0]
        # The time is written on the session's clock, with its TZID …
        assert event["DTSTART"].params["TZID"] == zone
        assert event.DTSTART.tzinfo == ZoneInfo(zone)
        # … and both parsers read the same instant: icalendar through zoneinfo, ical.js
        # through the VTIMEZONE written in the file.
        assert event.DTSTART.astimezone(UTC) == start, (zone, start)
        assert event.DTEND.astimezone(UTC) == start + LENGTH, (zone, start)
        js = parsed[(zone, start)]
        assert js["timezones"] == [zone]
        assert js["events"][0]["tzid"] == zone
        assert _utc(js["events"][0]["start"]) == start, (zone, start)
        assert _utc(js["events"][0]["end"]) == start + LENGTH, (zone, start)


def test_the_wall_clock_follows_each_zones_daylight_saving_rules() -> None:
    local = {}
    for zone in ("America/Tijuana", "America/Tegucigalpa", "Europe/Madrid"):
        for step in ("create", "reschedule"):
            event = Calendar.from_ical(build(zone, step, REQUESTER)).events[0]
            local[zone, step] = event.DTSTART.strftime("%H:%M %z")
    # Tijuana leaves daylight saving time between the two dates: same clock, other offset.
    assert local["America/Tijuana", "create"] == "09:00 -0700"
    assert local["America/Tijuana", "reschedule"] == "09:00 -0800"
    assert local["America/Tegucigalpa", "create"] == "10:00 -0600"
    assert local["America/Tegucigalpa", "reschedule"] == "11:00 -0600"
    assert local["Europe/Madrid", "create"] == "18:00 +0200"
    assert local["Europe/Madrid", "reschedule"] == "18:00 +0100"


def test_the_vtimezone_is_the_sessions_and_states_each_change_of_clock() -> None:
    for zone in ZONES:
        for step in ("create", "reschedule"):
            component = _vtimezone(build(zone, step, REQUESTER))
            assert component["TZID"] == zone
            rules = ZoneInfo(zone)
            observances = component.standard + component.daylight
            # Each observance's DTSTART is the local time on the clock before it (RFC 5545):
            # zoneinfo must agree that the offset changes at exactly that instant.
            for observance in observances:
                begins = (observance.DTSTART - observance.TZOFFSETFROM).replace(tzinfo=UTC)
                assert begins.astimezone(rules).utcoffset() == observance.TZOFFSETTO
                before = (begins - timedelta(seconds=1)).astimezone(rules)
                assert before.utcoffset() == observance.TZOFFSETFROM
                assert (observance in component.daylight) == bool(begins.astimezone(rules).dst())
            # The span covered starts before the session.
            start = steps(zone)[step].starts_at.astimezone(rules).replace(tzinfo=None)
            assert min(o.DTSTART for o in observances) <= start
    madrid = _vtimezone(build("Europe/Madrid", "reschedule", REQUESTER))
    assert datetime(2027, 3, 28, 2, 0) in {o.DTSTART for o in madrid.daylight}
    assert datetime(2027, 10, 31, 3, 0) in {o.DTSTART for o in madrid.standard}
    # Mexico City keeps no daylight saving time since 2022: nothing to shift the hour.
    mexico = _vtimezone(build("America/Mexico_City", "create", REQUESTER))
    assert mexico.daylight == []
    assert [o.TZOFFSETTO for o in mexico.standard] == [timedelta(hours=-6)]


def test_ical_js_reads_the_vtimezone_so_the_comparison_has_teeth(icaljs: IcalJs) -> None:
    right = build("America/Tijuana", "create", REQUESTER)
    tegucigalpa = build("America/Tegucigalpa", "create", REQUESTER)
    # Tegucigalpa's rules under Tijuana's name: the same wall clock, another instant.
    wrong_rules = right.replace(
        bytes(_vtimezone(right).to_ical()),
        bytes(_vtimezone(tegucigalpa).to_ical()).replace(
            b"America/Tegucigalpa", b"America/Tijuana"
        ),
    )
    assert wrong_rules != right
    starts = [_utc(p["events"][0]["start"]) for p in icaljs([right, wrong_rules])]
    assert starts == [FIRST_START, FIRST_START + timedelta(hours=-1)]


def test_every_participants_copy_parses_with_both_parsers(icaljs: IcalJs) -> None:
    files = [
        invitation(s, person, EVERYONE, ORGANIZER, domain=DOMAIN)
        for s in steps("Europe/Madrid").values()
        for person in EVERYONE
    ]
    for ics, parsed in zip(files, icaljs(files), strict=True):
        event = Calendar.from_ical(ics).events[0]
        assert parsed["events"][0]["summary"] == str(event["SUMMARY"])
        assert parsed["events"][0]["description"] == str(event["DESCRIPTION"])
        assert len(parsed["events"][0]["attendees"]) == len(event.get("ATTENDEE", []))

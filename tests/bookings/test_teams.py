"""Teams, relays, rooms, fatigue limits and per-case exclusions when booking."""

from __future__ import annotations

from datetime import timedelta

import httpx

from interpreters.availability.service import save_profile
from interpreters.bookings.tables import FacilityBooking
from interpreters.registry.tables import CaseBlock, ConflictOfInterest
from interpreters.sessions.tables import Booking, Facility
from tests.bookings.factories import NEXT_WEEK, ask, book, interpreter
from tests.factories import Account
from tests.registry.factories import TODAY, credential


async def test_a_long_consecutive_session_needs_a_team_of_two(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    first, second = await interpreter(1), await interpreter(2)
    request = (await ask(client, prosecutor, duration_minutes=90)).json()
    assert request["interpreters_needed"] == 2
    alone = await book(client, prosecutor, request["id"], interpreter=first)
    assert alone.status_code == 400
    assert alone.json()["errors"][0]["field"] == "partner"
    assert await Booking.count() == 0
    team = await book(client, prosecutor, request["id"], interpreter=first, partner=second)
    assert team.status_code == 201, team.text
    assert [(b["interpreter"], b["role"]) for b in team.json()["bookings"]] == [
        (first, "interpreter"),
        (second, "team"),
    ]


async def test_team_thresholds_depend_on_the_mode(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    needed = {
        (mode, minutes): (
            await ask(client, prosecutor, mode=mode, duration_minutes=minutes)
        ).json()["interpreters_needed"]
        for mode, minutes in [
            ("consecutive", 59),
            ("consecutive", 60),
            ("simultaneous", 29),
            ("simultaneous", 30),
            ("sight_translation", 120),
        ]
    }
    assert needed == {
        ("consecutive", 59): 1,
        ("consecutive", 60): 2,
        ("simultaneous", 29): 1,
        ("simultaneous", 30): 2,
        ("sight_translation", 120): 1,
    }


async def test_a_team_is_refused_whole_when_the_partner_fails_a_filter(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    first = await interpreter(1)
    unqualified = await interpreter(2, credentials=[])
    request = (await ask(client, prosecutor, duration_minutes=90)).json()
    refused = await book(client, prosecutor, request["id"], interpreter=first, partner=unqualified)
    assert refused.status_code == 409
    assert "trauma_informed_training" in refused.text
    assert await Booking.count() == 0


async def test_a_relay_through_a_pivot_language_books_both_legs(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    bengali_english = await interpreter(
        1, skills=[{"language": "ben", "working_language": "eng", "proficiency": 4}]
    )
    # Listed the other way round, as a Belizean interpreter would: Spanish with English.
    english_spanish = await interpreter(
        2, country="BZ", skills=[{"language": "spa", "working_language": "eng", "proficiency": 5}]
    )
    request = (await ask(client, prosecutor, language="ben")).json()
    direct = await book(client, prosecutor, request["id"], interpreter=bengali_english)
    assert direct.status_code == 409
    assert "between Bengali (ben) and Spanish (spa)" in direct.text
    relay = await book(
        client,
        prosecutor,
        request["id"],
        interpreter=bengali_english,
        partner=english_spanish,
        pivot_language="eng",
    )
    assert relay.status_code == 201, relay.text
    assert [
        (b["interpreter"], b["role"], b["language"], b["working_language"])
        for b in relay.json()["bookings"]
    ] == [
        (bengali_english, "interpreter", "ben", "eng"),
        (english_spanish, "relay", "eng", "spa"),
    ]


async def test_a_relay_leg_without_the_pivot_pair_is_refused(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    bengali_english = await interpreter(
        1, skills=[{"language": "ben", "working_language": "eng", "proficiency": 4}]
    )
    kiche = await interpreter(2)
    request = (await ask(client, prosecutor, language="ben")).json()
    refused = await book(
        client,
        prosecutor,
        request["id"],
        interpreter=bengali_english,
        partner=kiche,
        pivot_language="eng",
    )
    assert refused.status_code == 409
    assert "between English (eng) and Spanish (spa)" in refused.text
    same = await book(
        client,
        prosecutor,
        request["id"],
        interpreter=bengali_english,
        partner=kiche,
        pivot_language="spa",
    )
    assert same.status_code == 400
    assert same.json()["errors"][0]["field"] == "pivot_language"


async def test_a_one_way_skill_does_not_serve_a_dialogue(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    one_way = await interpreter(
        1,
        skills=[
            {
                "language": "quc",
                "working_language": "spa",
                "proficiency": 5,
                "direction": "into_working",
            }
        ],
    )
    request = (await ask(client, prosecutor)).json()
    refused = await book(client, prosecutor, request["id"], interpreter=one_way)
    assert refused.status_code == 409
    assert "does not work between K'iche' (quc) and Spanish (spa)" in refused.text


async def test_a_conflict_with_the_victims_community_excludes(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    await ConflictOfInterest.insert(
        ConflictOfInterest(
            interpreter=interpreter_id, community="Aldea Xecaracoj", description="Relatives there"
        )
    )
    elsewhere = (await ask(client, prosecutor, community="Aldea Chuicruz")).json()
    there = (
        await ask(client, prosecutor, community="aldea xecaracoj ", start=f"{NEXT_WEEK}T14:00:00")
    ).json()
    refused = await book(client, prosecutor, there["id"], interpreter=interpreter_id)
    assert refused.status_code == 409
    assert "conflict of interest" in refused.text
    booked = await book(client, prosecutor, elsewhere["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text


async def test_a_coordinators_block_excludes_from_that_case_only(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    interpreter_id = await interpreter()
    blocked_case = (await ask(client, prosecutor)).json()
    other_case = (
        await ask(client, prosecutor, case_reference="FEVCTP-2026-0999", start=f"{NEXT_WEEK}T14:00")
    ).json()
    await CaseBlock.insert(
        CaseBlock(
            interpreter=interpreter_id,
            case_reference=blocked_case["case_reference"],
            reason="Testified in a related case",
            blocked_by=coordinator.user_id,
        )
    )
    refused = await book(client, prosecutor, blocked_case["id"], interpreter=interpreter_id)
    assert refused.status_code == 409
    assert "excluded this interpreter from this case" in refused.text
    booked = await book(client, prosecutor, other_case["id"], interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text


async def test_a_session_that_would_pass_the_daily_limit_is_refused(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    await save_profile(interpreter_id, max_day_minutes=80, max_week_minutes=600)
    morning = (await ask(client, prosecutor, start=f"{NEXT_WEEK}T09:00")).json()
    afternoon = (await ask(client, prosecutor, start=f"{NEXT_WEEK}T14:00")).json()
    next_day = (
        await ask(client, prosecutor, start=f"{NEXT_WEEK + timedelta(days=1)}T14:00")
    ).json()
    assert (
        await book(client, prosecutor, morning["id"], interpreter=interpreter_id)
    ).status_code == 201
    tired = await book(client, prosecutor, afternoon["id"], interpreter=interpreter_id)
    assert tired.status_code == 409
    assert "not free" in tired.text
    rested = await book(client, prosecutor, next_day["id"], interpreter=interpreter_id)
    assert rested.status_code == 201, rested.text


async def _room(country: str = "HN") -> int:
    room = Facility(
        country=country,
        name="Cámara Gesell 1",
        kind="gesell_chamber",
        city="San Pedro Sula",
        timezone="America/Tegucigalpa",
    )
    await room.save()
    return int(room.id)


async def test_a_room_is_held_with_the_session_and_never_twice(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    room = await _room()
    first, second = await interpreter(1), await interpreter(2)
    early = (await ask(client, prosecutor, facility=room)).json()
    overlapping = (await ask(client, prosecutor, facility=room, start=f"{NEXT_WEEK}T09:30")).json()
    assert early["facility"] == room
    assert (await book(client, prosecutor, early["id"], interpreter=first)).status_code == 201
    refused = await book(client, prosecutor, overlapping["id"], interpreter=second)
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "facility"
    # Nothing half-written: the interpreter of the refused booking stays free.
    assert await Booking.count().where(Booking.interpreter == second) == 0
    cancelled = await client.post(
        f"/api/v1/requests/{early['id']}/cancel",
        json={"reason": "Victim not ready"},
        headers=prosecutor.headers,
    )
    assert cancelled.status_code == 200
    assert (
        await book(client, prosecutor, overlapping["id"], interpreter=second)
    ).status_code == 201
    assert await FacilityBooking.count().where(FacilityBooking.status == "confirmed") == 1


async def test_a_room_of_another_country_cannot_be_asked_for(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    room = await _room("GT")
    refused = await ask(client, prosecutor, facility=room)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "facility"


async def test_extra_credentials_are_added_to_the_countrys_rule(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor, extra_credentials=["indigenous_register"])).json()
    assert request["required_credentials"] == [
        ["trauma_informed_training"],
        ["indigenous_register"],
    ]
    refused = await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    assert refused.status_code == 409
    assert "indigenous_register" in refused.text
    unknown = await ask(client, prosecutor, extra_credentials=["wizardry"])
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"].startswith("extra_credentials")
    registered = await interpreter(
        2,
        credentials=[
            credential("trauma_informed_training", TODAY - timedelta(days=30), None),
            credential("indigenous_register", TODAY - timedelta(days=30), None, "quc"),
        ],
    )
    booked = await book(client, prosecutor, request["id"], interpreter=registered)
    assert booked.status_code == 201, booked.text

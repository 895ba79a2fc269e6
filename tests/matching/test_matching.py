"""Matching: every hard filter excludes, the ranking explains itself, teams and relays."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from interpreters.availability.service import save_profile
from interpreters.availability.tables import TimeOff
from interpreters.principal import Role
from interpreters.registry.tables import CaseBlock, ConflictOfInterest, Interpreter
from tests.bookings.factories import ask, book, interpreter
from tests.factories import Account, make_account, make_institution
from tests.matching.factories import SESSION_DAY, candidates
from tests.registry.factories import TODAY, credential


async def ranked_ids(client: httpx.AsyncClient, account: Account, request_id: int) -> list[int]:
    answer = await candidates(client, account, request_id)
    assert answer.status_code == 200, answer.text
    return [c["interpreter"] for c in answer.json()["candidates"]]


def skill(proficiency: int = 4, **changes: Any) -> dict[str, Any]:
    return {"language": "quc", "working_language": "spa", "proficiency": proficiency, **changes}


async def test_candidates_are_ranked_and_every_rank_is_explained_in_both_languages(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    good = await interpreter(1, skills=[skill(4)])
    better = await interpreter(2, skills=[skill(5)])
    request = (await ask(client, prosecutor)).json()
    english = (await candidates(client, prosecutor, request["id"])).json()
    assert [c["interpreter"] for c in english["candidates"]] == [better, good]
    best = english["candidates"][0]
    assert best["score"] == sum(r["points"] for r in best["reasons"])
    texts = [r["text"] for r in best["reasons"]]
    assert "Proficiency 5 of 5" in texts
    assert "Starts at 09:00, daytime for the interpreter" in texts
    assert "Lives in the requester's country" in texts
    # The start in the requester's zone and on the interpreter's own clock.
    assert best["start"] == f"{SESSION_DAY}T09:00:00-06:00"
    assert best["local_start"] == f"{SESSION_DAY}T09:00:00-06:00"
    spanish = (await candidates(client, prosecutor, request["id"], language="es")).json()
    spanish_texts = [r["text"] for r in spanish["candidates"][0]["reasons"]]
    assert "Competencia 5 de 5" in spanish_texts
    assert "Empieza a las 09:00, de día para la persona intérprete" in spanish_texts
    assert (english["qualified"], english["free"]) == (2, 2)


async def _excluded_by(case: str, request: dict[str, Any], excluded: int) -> None:
    """Makes `excluded` fail one hard filter, named by `case`."""
    later = SESSION_DAY + timedelta(days=1)
    if case == "unvetted":
        await Interpreter.update({Interpreter.vetting_status: "suspended"}).where(
            Interpreter.id == excluded
        )
    elif case == "vetting lapses by the session":
        await Interpreter.update({Interpreter.background_check_expires_on: SESSION_DAY}).where(
            Interpreter.id == excluded
        )
    elif case == "conflict in the case":
        await ConflictOfInterest.insert(
            ConflictOfInterest(
                interpreter=excluded,
                case_reference=request["case_reference"],
                description="Knows the accused",
            )
        )
    elif case == "conflict with the community":
        await ConflictOfInterest.insert(
            ConflictOfInterest(interpreter=excluded, community="ALDEA PASAJOC", description="Kin")
        )
    elif case == "blocked for the case":
        await CaseBlock.insert(
            CaseBlock(interpreter=excluded, case_reference=request["case_reference"], blocked_by=1)
        )
    elif case == "time off":
        await TimeOff.insert(TimeOff(interpreter=excluded, first_day=SESSION_DAY, last_day=later))
    elif case == "short notice":
        await save_profile(excluded, notice_hours=24 * 30)
    elif case == "no weekly window then":
        await save_profile(excluded, weekly=[[day, 13 * 60, 18 * 60] for day in range(7)])
    elif case == "daily limit reached":
        await save_profile(excluded, max_day_minutes=30)
    else:
        raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "unvetted",
        "vetting lapses by the session",
        "conflict in the case",
        "conflict with the community",
        "blocked for the case",
        "time off",
        "short notice",
        "no weekly window then",
        "daily limit reached",
    ],
)
async def test_each_hard_filter_on_the_record_excludes(
    client: httpx.AsyncClient, prosecutor: Account, case: str
) -> None:
    kept = await interpreter(1)
    excluded = await interpreter(2)
    request = (await ask(client, prosecutor, community="Aldea Pasajoc")).json()
    assert set(await ranked_ids(client, prosecutor, request["id"])) == {kept, excluded}
    await _excluded_by(case, request, excluded)
    assert await ranked_ids(client, prosecutor, request["id"]) == [kept]


@pytest.mark.parametrize(
    ("overrides", "changes"),
    [
        ({"skills": [skill(4, language="kek")]}, {}),
        ({"skills": [skill(5, direction="into_working")]}, {}),
        ({"skills": [skill(3)]}, {"min_proficiency": 4}),
        ({"modalities": ["phone"]}, {}),
        ({"credentials": []}, {}),
        (
            {"credentials": [credential("trauma_informed_training", TODAY, None)]},
            {"session_kind": "court_hearing"},
        ),
    ],
)
async def test_each_hard_filter_on_the_request_excludes(
    client: httpx.AsyncClient,
    prosecutor: Account,
    overrides: dict[str, Any],
    changes: dict[str, Any],
) -> None:
    sworn = [
        credential("trauma_informed_training", TODAY - timedelta(days=30), None),
        credential("sworn_expert", TODAY - timedelta(days=30), None),
    ]
    kept = await interpreter(1, skills=[skill(5)], credentials=sworn)
    excluded = await interpreter(2, **overrides)
    request = (await ask(client, prosecutor, **changes)).json()
    assert await ranked_ids(client, prosecutor, request["id"]) == [kept]
    refused = await book(client, prosecutor, request["id"], interpreter=excluded)
    assert refused.status_code == 409, "a direct booking applies the same filters"


async def test_a_credential_expiring_on_the_session_date_excludes_but_not_the_day_before(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    expiring = await interpreter(
        1,
        credentials=[
            credential("trauma_informed_training", TODAY - timedelta(days=30), SESSION_DAY)
        ],
    )
    on_the_day = (await ask(client, prosecutor, start=f"{SESSION_DAY}T09:00:00")).json()
    day_before = (
        await ask(client, prosecutor, start=f"{SESSION_DAY - timedelta(days=1)}T09:00:00")
    ).json()
    assert await ranked_ids(client, prosecutor, on_the_day["id"]) == []
    assert await ranked_ids(client, prosecutor, day_before["id"]) == [expiring]


async def test_an_interpreter_booked_at_that_time_is_not_a_candidate(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    busy, free = await interpreter(1), await interpreter(2)
    earlier = (await ask(client, prosecutor, case_reference="OTHER-1")).json()
    assert (await book(client, prosecutor, earlier["id"], interpreter=busy)).status_code == 201
    request = (await ask(client, prosecutor, start=f"{SESSION_DAY}T09:30")).json()
    assert await ranked_ids(client, prosecutor, request["id"]) == [free]


async def test_continuity_with_the_same_victim_wins_over_a_slightly_better_stranger(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    trusted = await interpreter(1, skills=[skill(4)])
    stranger = await interpreter(2, skills=[skill(5)])
    first_session = (await ask(client, prosecutor)).json()
    assert (
        await book(client, prosecutor, first_session["id"], interpreter=trusted)
    ).status_code == 201
    follow_up = (await ask(client, prosecutor, start=f"{SESSION_DAY}T14:00")).json()
    answer = (await candidates(client, prosecutor, follow_up["id"])).json()
    assert [c["interpreter"] for c in answer["candidates"]] == [trusted, stranger]
    assert "Interpreted 1 earlier session(s) with this victim" in [
        r["text"] for r in answer["candidates"][0]["reasons"]
    ]
    # Without the wish for the same interpreter, the better proficiency wins.
    anyone = (
        await ask(client, prosecutor, start=f"{SESSION_DAY}T15:00", same_interpreter=False)
    ).json()
    assert await ranked_ids(client, prosecutor, anyone["id"]) == [stranger, trusted]


async def test_another_victim_of_the_same_case_gets_no_continuity(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    earlier = await interpreter(1, skills=[skill(4)])
    stranger = await interpreter(2, skills=[skill(5)])
    first = (await ask(client, prosecutor)).json()
    assert (await book(client, prosecutor, first["id"], interpreter=earlier)).status_code == 201
    other_victim = (
        await ask(client, prosecutor, victim_pseudonym="Víctima B", start=f"{SESSION_DAY}T14:00")
    ).json()
    assert await ranked_ids(client, prosecutor, other_victim["id"]) == [stranger, earlier]


async def test_the_preferred_gender_counts(client: httpx.AsyncClient, prosecutor: Account) -> None:
    woman = await interpreter(1, skills=[skill(4)], gender="female")
    man = await interpreter(2, skills=[skill(5)], gender="male")
    request = (await ask(client, prosecutor, preferred_gender="female")).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    assert [c["interpreter"] for c in answer["candidates"]] == [woman, man]
    assert "Does not match the preferred gender" in [
        r["text"] for r in answer["candidates"][1]["reasons"]
    ]


async def test_nobody_interprets_at_three_in_the_morning_when_someone_can_at_noon(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    madrid = await interpreter(1, skills=[skill(5)], country="ES", timezone="Europe/Madrid")
    await save_profile(madrid, weekly=[[day, 0, 24 * 60] for day in range(7)])
    local = await interpreter(2, skills=[skill(4)])
    # 20:00 in Tegucigalpa is 03:00 the next day in Madrid.
    request = (await ask(client, prosecutor, start=f"{SESSION_DAY}T17:00")).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    assert [c["interpreter"] for c in answer["candidates"]] == [local, madrid]
    night = answer["candidates"][1]
    assert night["local_start"] == f"{SESSION_DAY + timedelta(days=1)}T00:00:00+01:00"
    assert "Starts at 00:00, night-time for the interpreter" in [
        r["text"] for r in night["reasons"]
    ]


async def test_fairness_prefers_the_interpreter_with_fewer_hours_that_month(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    busy, rested = await interpreter(1), await interpreter(2)
    await save_profile(busy, max_day_minutes=8 * 60, max_week_minutes=40 * 60)
    for hour in (8, 10, 12):
        earlier = (
            await ask(
                client,
                prosecutor,
                case_reference=f"OTHER-{hour}",
                start=f"{SESSION_DAY}T{hour:02d}:00",
            )
        ).json()
        assert (await book(client, prosecutor, earlier["id"], interpreter=busy)).status_code == 201
    request = (await ask(client, prosecutor, start=f"{SESSION_DAY}T15:00")).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    assert [c["interpreter"] for c in answer["candidates"]] == [rested, busy]
    texts = [r["text"] for r in answer["candidates"][1]["reasons"]]
    assert "2 hour(s) already booked that month" in texts
    assert "No booking in the last 30 days" in [
        r["text"] for r in answer["candidates"][0]["reasons"]
    ]


async def test_a_window_of_starts_gives_each_candidate_their_first_free_start(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    morning = await interpreter(1)
    afternoon = await interpreter(2)
    await save_profile(afternoon, weekly=[[day, 13 * 60, 18 * 60] for day in range(7)])
    request = (
        await ask(
            client, prosecutor, start=f"{SESSION_DAY}T09:00", latest_start=f"{SESSION_DAY}T16:00"
        )
    ).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    starts = {c["interpreter"]: c["start"] for c in answer["candidates"]}
    assert starts == {
        morning: f"{SESSION_DAY}T09:00:00-06:00",
        afternoon: f"{SESSION_DAY}T13:00:00-06:00",
    }
    one_start = await candidates(client, prosecutor, request["id"], start=f"{SESSION_DAY}T14:00")
    assert one_start.status_code == 200, one_start.text
    assert {c["interpreter"] for c in one_start.json()["candidates"]} == {morning, afternoon}
    outside = await candidates(client, prosecutor, request["id"], start=f"{SESSION_DAY}T17:00")
    assert outside.status_code == 400


async def test_a_long_session_gets_teams_of_two_free_together(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    first = await interpreter(1, skills=[skill(5)])
    second = await interpreter(2, skills=[skill(4)])
    late = await interpreter(3, skills=[skill(5)])
    await save_profile(late, weekly=[[day, 11 * 60, 18 * 60] for day in range(7)])
    request = (
        await ask(
            client,
            prosecutor,
            duration_minutes=90,
            start=f"{SESSION_DAY}T09:00",
            latest_start=f"{SESSION_DAY}T12:00",
        )
    ).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    assert answer["interpreters_needed"] == 2
    teams = answer["teams"]
    best = teams[0]
    assert {m["interpreter"] for m in best["members"]} == {first, late}
    # Together only from 11:00, when the later one starts.
    assert best["start"] == f"{SESSION_DAY}T11:00:00-06:00"
    assert best["score"] == sum(m["score"] for m in best["members"])
    assert all(team["pivot_language"] is None for team in teams)
    assert {frozenset(m["interpreter"] for m in t["members"]) for t in teams} == {
        frozenset({first, late}),
        frozenset({first, second}),
        frozenset({second, late}),
    }
    booked = await book(
        client,
        prosecutor,
        request["id"],
        interpreter=first,
        partner=late,
        start=f"{SESSION_DAY}T11:00",
    )
    assert booked.status_code == 201, booked.text


async def test_without_a_direct_pair_a_relay_through_a_pivot_is_proposed(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    bengali = await interpreter(1, skills=[skill(4, language="ben", working_language="eng")])
    english = await interpreter(2, skills=[skill(5, language="eng", working_language="spa")])
    await interpreter(3, skills=[skill(5, language="ben", working_language="hin")])
    request = (await ask(client, prosecutor, language="ben")).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    assert answer["candidates"] == []
    [relay] = answer["relays"]
    assert relay["pivot_language"] == "eng"
    assert [(m["interpreter"], m["language"], m["working_language"]) for m in relay["members"]] == [
        (bengali, "ben", "eng"),
        (english, "eng", "spa"),
    ]
    booked = await book(
        client,
        prosecutor,
        request["id"],
        interpreter=bengali,
        partner=english,
        pivot_language="eng",
    )
    assert booked.status_code == 201, booked.text


async def test_matching_is_refused_to_other_institutions_and_interpreters(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    colleague = await make_account(Role.PROSECUTOR, "otra@example.org", institution_id=office)
    assert (await candidates(client, colleague, request["id"])).status_code == 404
    own = await make_account(Role.INTERPRETER, "int@example.org", interpreter_id=interpreter_id)
    assert (await candidates(client, own, request["id"])).status_code == 403


async def test_a_cancelled_request_is_not_matched(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request = (await ask(client, prosecutor)).json()
    await client.post(
        f"/api/v1/requests/{request['id']}/cancel",
        json={"reason": "Withdrawn"},
        headers=prosecutor.headers,
    )
    assert (await candidates(client, prosecutor, request["id"])).status_code == 409


async def test_whom_matching_finds_a_direct_booking_accepts_and_no_one_else(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    """Matching's one query and a booking's checks one by one agree on a varied pool."""
    variations: list[dict[str, Any]] = [
        {},
        {"skills": [skill(2)]},
        {"skills": [skill(4, language="spa", working_language="quc")]},
        {"skills": [skill(4, direction="into_language")]},
        {"modalities": ["on_site"]},
        {"credentials": [credential("trauma_informed_training", TODAY, SESSION_DAY)]},
        {"credentials": [credential("trauma_informed_training", SESSION_DAY, None)]},
        {"vetted": False},
        {"verified": False},
    ]
    ids = [await interpreter(n + 1, **v) for n, v in enumerate(variations)]
    request = (await ask(client, prosecutor, duration_minutes=30)).json()
    matched = set(await ranked_ids(client, prosecutor, request["id"]))
    accepted = set()
    for interpreter_id in ids:
        trial = (await ask(client, prosecutor, duration_minutes=30)).json()
        answer = await book(client, prosecutor, trial["id"], interpreter=interpreter_id)
        if answer.status_code == 201:
            accepted.add(interpreter_id)
            await client.post(
                f"/api/v1/requests/{trial['id']}/cancel",
                json={"reason": "trial"},
                headers=prosecutor.headers,
            )
    assert matched == accepted
    # The plain record, the pair listed the other way round, a credential from that day.
    assert matched == {ids[0], ids[2], ids[6]}

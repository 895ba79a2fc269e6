"""Offers in waves: the best free interpreters first, the next wave when time is up, the
first acceptances fill the seats, and the requester told when nobody is left."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from interpreters.bookings.offers import waves
from interpreters.bookings.tables import Offer
from interpreters.principal import Role
from interpreters.sessions.tables import Booking, InterpretationRequest
from interpreters.settings import get_settings
from tests.bookings.factories import NEXT_WEEK, answer, ask, interpreters, offer_to, offers_of, send
from tests.factories import Account, make_account


async def time_is_up(request_id: int) -> None:
    """The wave's time passes (as waiting OFFER_WAVE_MINUTES would)."""
    await InterpretationRequest.update(next_wave_at=datetime.now(UTC) - timedelta(seconds=1)).where(
        InterpretationRequest.id == request_id
    )


def waves_of(offers: list[dict[str, Any]]) -> dict[int, str]:
    return {o["interpreter"]: f"{o['wave']}:{o['rank']}:{o['status']}" for o in offers}


async def test_the_second_wave_follows_the_first_and_an_acceptance_withdraws_the_rest(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    first, second, third, fourth, fifth = await interpreters(5, 5, 4, 4, 3)
    request = (await ask(client, prosecutor)).json()
    sent = await send(client, prosecutor, request["id"], wave_size=2)
    assert sent.status_code == 201, sent.text
    assert (sent.json()["status"], sent.json()["wave"], sent.json()["wave_size"]) == (
        "offered",
        1,
        2,
    )
    due = datetime.fromisoformat(sent.json()["next_wave_at"])
    expected = datetime.now(UTC) + timedelta(minutes=get_settings().offer_wave_minutes)
    assert abs(due - expected) < timedelta(minutes=1)
    offers = await offers_of(client, prosecutor, request["id"])
    assert waves_of(offers) == {
        first.interpreter_id: "1:1:open",
        second.interpreter_id: "1:2:open",
    }
    # Before its time the next wave waits.
    await waves.send_due_waves()
    assert await Offer.count() == 2
    await time_is_up(request["id"])
    await waves.send_due_waves()
    offers = await offers_of(client, prosecutor, request["id"])
    assert waves_of(offers) == {
        first.interpreter_id: "1:1:open",
        second.interpreter_id: "1:2:open",
        third.interpreter_id: "2:3:open",
        fourth.interpreter_id: "2:4:open",
    }
    accepted = await answer(client, third, await offer_to(third, request["id"]))
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    confirmed = (
        await client.get(f"/api/v1/requests/{request['id']}", headers=prosecutor.headers)
    ).json()
    assert (confirmed["status"], confirmed["next_wave_at"]) == ("confirmed", None)
    assert [(b["interpreter"], b["role"]) for b in confirmed["bookings"]] == [
        (third.interpreter_id, "interpreter")
    ]
    offers = await offers_of(client, prosecutor, request["id"])
    assert {o["interpreter"]: o["status"] for o in offers} == {
        first.interpreter_id: "withdrawn",
        second.interpreter_id: "withdrawn",
        third.interpreter_id: "accepted",
        fourth.interpreter_id: "withdrawn",
    }
    late = await answer(client, first, await offer_to(first, request["id"]))
    assert late.status_code == 409
    assert "withdrawn" in late.json()["detail"]
    # The job of the wave to come finds nothing to do.
    await waves.send_wave(request["id"], 2)
    assert await Offer.count().where(Offer.interpreter == fifth.interpreter_id) == 0
    assert await Booking.count() == 1


async def test_of_two_acceptances_at_once_for_one_seat_exactly_one_wins(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    accounts = await interpreters(5, 4)
    request = (await ask(client, prosecutor)).json()
    await send(client, prosecutor, request["id"])
    offer_ids = [await offer_to(a, request["id"]) for a in accounts]
    answers = await asyncio.gather(
        *(answer(client, a, offer_id) for a, offer_id in zip(accounts, offer_ids, strict=True))
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    assert await Booking.count() == 1
    statuses = {o["status"] for o in await offers_of(client, prosecutor, request["id"])}
    assert statuses == {"accepted", "withdrawn"}


async def test_a_team_request_is_confirmed_by_its_second_acceptance(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    first, second, third = await interpreters(5, 4, 3)
    request = (await ask(client, prosecutor, duration_minutes=90)).json()
    assert request["interpreters_needed"] == 2
    await send(client, prosecutor, request["id"])
    assert (await answer(client, second, await offer_to(second, request["id"]))).status_code == 200
    half = (
        await client.get(f"/api/v1/requests/{request['id']}", headers=prosecutor.headers)
    ).json()
    assert half["status"] == "offered"
    split = await client.post(
        f"/api/v1/requests/{request['id']}/reschedule",
        json={"start": f"{NEXT_WEEK}T14:00:00", "reason": "Court moved"},
        headers=prosecutor.headers,
    )
    assert split.status_code == 409, "half a team is not moved on its own"
    answers = await asyncio.gather(
        answer(client, first, await offer_to(first, request["id"])),
        answer(client, third, await offer_to(third, request["id"])),
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    full = (
        await client.get(f"/api/v1/requests/{request['id']}", headers=prosecutor.headers)
    ).json()
    assert full["status"] == "confirmed"
    assert [b["role"] for b in full["bookings"]] == ["interpreter", "team"]
    assert full["bookings"][0]["interpreter"] == second.interpreter_id
    history = await client.get(
        f"/api/v1/requests/{request['id']}/history", headers=prosecutor.headers
    )
    assert [e["status"] for e in history.json()] == ["requested", "offered", "confirmed"]


async def test_a_decline_is_recorded_with_its_reason_for_the_requester(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    first, second = await interpreters(5, 4)
    request = (await ask(client, prosecutor)).json()
    await send(client, prosecutor, request["id"], wave_size=1)
    offer_id = await offer_to(first, request["id"])
    assert (await answer(client, first, offer_id, "decline")).status_code == 400
    contact = await answer(client, first, offer_id, "decline", reason="Call me on 9876-5432")
    assert contact.status_code == 400
    assert contact.json()["errors"][0]["field"] == "reason"
    declined = await answer(client, first, offer_id, "decline", reason="In court that morning")
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    for viewer in (prosecutor, coordinator):
        [seen] = await offers_of(client, viewer, request["id"])
        assert (seen["status"], seen["reason"], seen["display_name"]) == (
            "declined",
            "In court that morning",
            "Interpreter 1",
        )
        assert seen["answered_at"] is not None
    twice = await answer(client, first, offer_id)
    assert twice.status_code == 409
    # Nobody of the wave is left to answer: the next wave does not wait for its time.
    await waves.send_due_waves()
    assert waves_of(await offers_of(client, prosecutor, request["id"])) == {
        first.interpreter_id: "1:1:declined",
        second.interpreter_id: "2:2:open",
    }


async def test_an_exhausted_ranking_tells_the_requesters_and_coordinators(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    [only] = await interpreters(4)
    colleague = await make_account(
        Role.PROSECUTOR, "colleague@example.org", institution_id=prosecutor.institution_id
    )
    regional = await make_account(Role.COORDINATOR, "region@example.org")
    honduras = await make_account(Role.COORDINATOR, "hn@example.org", countries="HN,GT")
    guatemala = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    request = (await ask(client, prosecutor, community="Aldea Pasajoc")).json()
    await send(client, prosecutor, request["id"])
    await time_is_up(request["id"])
    await waves.send_due_waves()
    after = (
        await client.get(f"/api/v1/requests/{request['id']}", headers=prosecutor.headers)
    ).json()
    assert (after["status"], after["next_wave_at"], after["wave"]) == ("offered", None, 1)
    [offer] = await offers_of(client, prosecutor, request["id"])
    assert offer["status"] == "expired"
    expired = await answer(client, only, offer["id"])
    assert expired.status_code == 409
    history = (
        await client.get(f"/api/v1/requests/{request['id']}/history", headers=prosecutor.headers)
    ).json()
    assert history[-1]["status"] == "offered"
    assert "nobody is left" in history[-1]["note"]
    for told in (prosecutor, colleague, regional, honduras):
        notices = await client.get("/api/v1/notices", headers=told.headers)
        [notice] = notices.json()
        assert (notice["kind"], notice["request"], notice["read_at"]) == (
            "offers_exhausted",
            request["id"],
            None,
        )
        assert f"request {request['id']} (case FEVCTP-2026-0123" in notice["text"]
        assert f"{NEXT_WEEK} 09:00 America/Tegucigalpa" in notice["text"]
        assert "Víctima" not in notices.text
        assert "Pasajoc" not in notices.text
    for untold in (guatemala, only):
        assert (await client.get("/api/v1/notices", headers=untold.headers)).json() == []
    [notice] = (await client.get("/api/v1/notices", headers=prosecutor.headers)).json()
    spanish = await client.get(
        "/api/v1/notices", headers={**prosecutor.headers, "accept-language": "es"}
    )
    assert spanish.json()[0]["text"].startswith("Nadie aceptó las ofertas de la solicitud")
    read = await client.post(f"/api/v1/notices/{notice['id']}/read", headers=prosecutor.headers)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    unread = await client.get("/api/v1/notices?unread=true", headers=prosecutor.headers)
    assert unread.json() == []
    # Each person has their own notice: another's does not exist for them.
    for other in (colleague, guatemala):
        theirs = await client.post(f"/api/v1/notices/{notice['id']}/read", headers=other.headers)
        assert theirs.status_code == 404


async def test_nobody_free_is_a_conflict_and_nothing_is_written(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await interpreters(4, modalities=["phone"])
    request = (await ask(client, prosecutor)).json()
    refused = await send(client, prosecutor, request["id"])
    assert refused.status_code == 409
    assert "Nobody is free" in refused.json()["detail"]
    after = (
        await client.get(f"/api/v1/requests/{request['id']}", headers=prosecutor.headers)
    ).json()
    assert (after["status"], after["wave"], after["next_wave_at"]) == ("requested", 0, None)
    assert await Offer.count() == 0


async def test_offers_are_for_the_start_asked_and_sent_only_once(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await interpreters(4)
    request = (
        await ask(client, prosecutor, latest_start=f"{NEXT_WEEK}T15:00:00", urgency="urgent")
    ).json()
    outside = await send(client, prosecutor, request["id"], start=f"{NEXT_WEEK}T16:00:00")
    assert outside.status_code == 400
    assert outside.json()["errors"][0]["field"] == "start"
    too_many = await send(client, prosecutor, request["id"], wave_size=21)
    assert too_many.status_code == 400
    sent = await send(client, prosecutor, request["id"], start=f"{NEXT_WEEK}T11:30:00")
    assert sent.status_code == 201, sent.text
    due = datetime.fromisoformat(sent.json()["next_wave_at"])
    expected = datetime.now(UTC) + timedelta(minutes=get_settings().urgent_offer_wave_minutes)
    assert abs(due - expected) < timedelta(minutes=1)
    [offer] = await offers_of(client, prosecutor, request["id"])
    assert offer["starts_at"] == f"{NEXT_WEEK}T11:30:00-06:00"
    again = await send(client, prosecutor, request["id"])
    assert again.status_code == 409
    assert await Offer.count() == 1


async def test_a_cancelled_requests_wave_does_nothing(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await interpreters(5, 4)
    request = (await ask(client, prosecutor)).json()
    await send(client, prosecutor, request["id"], wave_size=1)
    cancelled = await client.post(
        f"/api/v1/requests/{request['id']}/cancel",
        json={"reason": "Victim not ready"},
        headers=prosecutor.headers,
    )
    assert cancelled.status_code == 200
    await waves.send_wave(request["id"], 1)
    await waves.send_due_waves()
    assert [o["status"] for o in await offers_of(client, prosecutor, request["id"])] == [
        "withdrawn"
    ]


def test_waves_can_be_seconds_apart_for_drills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFER_WAVE_SECONDS", "4")
    get_settings.cache_clear()
    try:
        assert get_settings().offer_wave_delay(urgent=False) == timedelta(seconds=4)
        assert get_settings().offer_wave_delay(urgent=True) == timedelta(
            minutes=get_settings().urgent_offer_wave_minutes
        )
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


async def test_one_wave_sent_by_two_processes_at_once_goes_out_once(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    await interpreters(5, 4, 3)
    request = (await ask(client, prosecutor)).json()
    await send(client, prosecutor, request["id"], wave_size=1)
    await time_is_up(request["id"])
    await asyncio.gather(waves.send_wave(request["id"], 1), waves.send_wave(request["id"], 1))
    offers = await offers_of(client, prosecutor, request["id"])
    assert [o["wave"] for o in offers] == [1, 2]

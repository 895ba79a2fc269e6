"""What interpreters see of their offers and assignments, and what they may answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from interpreters.sessions.tables import Booking
from tests.bookings.factories import NEXT_WEEK, answer, ask, interpreters, offer_to, offers_of, send
from tests.factories import Account


async def test_interpreters_see_their_own_offers_on_their_clock_and_nothing_of_the_victim(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    madrid, other = await interpreters(
        5, 4, timezone="Europe/Madrid", country="ES", modalities=["on_site"]
    )
    request = (
        await ask(
            client, prosecutor, community="Aldea Pasajoc", modality="on_site", place="Fiscalía SPS"
        )
    ).json()
    await send(client, prosecutor, request["id"])
    mine = await client.get("/api/v1/offers", headers=madrid.headers)
    assert mine.status_code == 200
    [offer] = mine.json()
    session_start = datetime.fromisoformat(f"{NEXT_WEEK}T09:00:00-06:00")
    assert offer["starts_at"] == session_start.astimezone(ZoneInfo("Europe/Madrid")).isoformat()
    assert offer["ends_at"] == (
        (session_start + timedelta(minutes=45)).astimezone(ZoneInfo("Europe/Madrid")).isoformat()
    )
    assert {
        k: offer[k] for k in ("case_reference", "language", "working_language", "modality")
    } == {
        "case_reference": "FEVCTP-2026-0123",
        "language": "quc",
        "working_language": "spa",
        "modality": "on_site",
    }
    assert (offer["place"], offer["team"], offer["duration_minutes"]) == ("Fiscalía SPS", False, 45)
    assert (offer["institution"], offer["country"]) == ("prosecutor_office HN", "HN")
    assert "Víctima" not in mine.text
    assert "Pasajoc" not in mine.text
    assert "pseudonym" not in mine.text
    theirs = await offer_to(other, request["id"])
    assert (await answer(client, madrid, theirs)).status_code == 404
    refused = await answer(client, madrid, theirs, "decline", reason="Not mine")
    assert refused.status_code == 404
    accepted = await answer(client, madrid, offer["id"])
    assert accepted.status_code == 200, accepted.text
    assert (await client.get("/api/v1/offers", headers=madrid.headers)).json() == []
    every = (await client.get("/api/v1/offers?status=all", headers=madrid.headers)).json()
    assert [o["status"] for o in every] == ["accepted"]
    assignments = await client.get("/api/v1/assignments", headers=madrid.headers)
    [assignment] = assignments.json()
    assert (assignment["request"], assignment["role"], assignment["status"]) == (
        request["id"],
        "interpreter",
        "confirmed",
    )
    assert assignment["starts_at"] == offer["starts_at"]
    assert "Víctima" not in assignments.text
    assert "Pasajoc" not in assignments.text
    assert (await client.get("/api/v1/assignments", headers=other.headers)).json() == []


async def test_an_interpreter_who_became_busy_cannot_accept(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    busy, _ = await interpreters(5, 4)
    request = (await ask(client, prosecutor)).json()
    await send(client, prosecutor, request["id"])
    other = (await ask(client, prosecutor, start=f"{NEXT_WEEK}T09:30:00")).json()
    booked = await client.post(
        f"/api/v1/requests/{other['id']}/booking",
        json={"interpreter": busy.interpreter_id},
        headers=prosecutor.headers,
    )
    assert booked.status_code == 201, booked.text
    refused = await answer(client, busy, await offer_to(busy, request["id"]))
    assert refused.status_code == 409
    assert "not free" in refused.json()["detail"]
    assert await Booking.count().where(Booking.request == request["id"]) == 0
    [still] = [
        o
        for o in await offers_of(client, prosecutor, request["id"])
        if o["interpreter"] == busy.interpreter_id
    ]
    assert still["status"] == "open"

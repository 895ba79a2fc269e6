"""Requests, bookings, rooms and offers made through the API, for the tests of every package
that needs a session."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from interpreters.availability.service import save_profile
from interpreters.bookings.tables import FacilityBooking, Offer, RequestEvent
from interpreters.principal import Role
from interpreters.sessions.tables import Booking, InterpretationRequest
from tests.factories import Account, make_account
from tests.registry.factories import TODAY, add_interpreter, credential

NEXT_WEEK = (datetime.now(UTC) + timedelta(days=7)).date()
LATER = NEXT_WEEK + timedelta(days=1)

GESELL = {
    "country": "HN",
    "name": "Cámara Gesell 1",
    "kind": "gesell_chamber",
    "city": "San Pedro Sula",
    "timezone": "America/Tegucigalpa",
}

SKILL = {"language": "quc", "working_language": "spa"}


def request_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "case_reference": "FEVCTP-2026-0123",
        "victim_pseudonym": "Víctima A",
        "session_kind": "victim_interview",
        "language": "quc",
        "modality": "video",
        "start": f"{NEXT_WEEK}T09:00:00",
        # Under an hour: one interpreter suffices (longer consecutive sessions need a team).
        "duration_minutes": 45,
    }
    body.update(changes)
    return body


async def ask(client: httpx.AsyncClient, account: Account, **changes: Any) -> httpx.Response:
    return await client.post(
        "/api/v1/requests", json=request_body(**changes), headers=account.headers
    )


async def interpreter(n: int = 1, **overrides: Any) -> int:
    data: dict[str, Any] = {
        "timezone": "America/Tegucigalpa",
        "country": "HN",
        "skills": [{"language": "quc", "working_language": "spa", "proficiency": 4}],
        "modalities": ["video"],
        "credentials": [
            credential("trauma_informed_training", TODAY - timedelta(days=30), None),
        ],
        **overrides,
    }
    interpreter_id = await add_interpreter(n, **data)
    every_day = [[day, 8 * 60, 18 * 60] for day in range(7)]
    await save_profile(interpreter_id, weekly=every_day, notice_hours=0, buffer_minutes=15)
    return interpreter_id


async def book(
    client: httpx.AsyncClient, account: Account, request_id: int, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/requests/{request_id}/booking", json=body, headers=account.headers
    )


async def post(
    client: httpx.AsyncClient, account: Account, path: str, **body: object
) -> httpx.Response:
    return await client.post(f"/api/v1/requests/{path}", json=body, headers=account.headers)


async def move_session(request_id: int, start: datetime) -> None:
    """The booked hour is moved, as time passing would move it into the past."""
    end = start + timedelta(hours=1)
    await Booking.update(starts_at=start, ends_at=end, blocked_until=end).where(
        Booking.request == request_id
    )


async def add_room(client: httpx.AsyncClient, account: Account, **changes: Any) -> httpx.Response:
    return await client.post(
        "/api/v1/facilities", json={**GESELL, **changes}, headers=account.headers
    )


async def reschedule(
    client: httpx.AsyncClient, account: Account, request_id: int, start: str, **body: Any
) -> httpx.Response:
    return await post(
        client,
        account,
        f"{request_id}/reschedule",
        start=start,
        reason=body.pop("reason", "Courtroom unavailable"),
        **body,
    )


async def state(request_id: int) -> tuple[Any, ...]:
    """Everything a failed reschedule must leave as it was."""
    return (
        await Booking.select(
            Booking.id,
            Booking.interpreter,
            Booking.starts_at,
            Booking.blocked_until,
            Booking.status,
        )
        .where(Booking.request == request_id)
        .order_by(Booking.id),
        await FacilityBooking.select(FacilityBooking.starts_at, FacilityBooking.status).where(
            FacilityBooking.request == request_id
        ),
        await InterpretationRequest.select(
            InterpretationRequest.earliest_start,
            InterpretationRequest.latest_start,
            InterpretationRequest.duration_minutes,
            InterpretationRequest.status,
        ).where(InterpretationRequest.id == request_id),
        await RequestEvent.count().where(RequestEvent.request == request_id),
    )


async def refused_unchanged(
    request_id: int, attempt: Awaitable[httpx.Response], status: int, field: str
) -> httpx.Response:
    """`attempt` is refused naming `field`, and the request's session is as it was."""
    before = await state(request_id)
    refused = await attempt
    assert refused.status_code == status, refused.text
    assert refused.json()["errors"][0]["field"] == field
    assert await state(request_id) == before
    return refused


async def offered(request: dict[str, Any], interpreter_id: int) -> None:
    """The request as the offer waves leave it: one open offer out."""
    await InterpretationRequest.update(status="offered").where(
        InterpretationRequest.id == request["id"]
    )
    await Offer.insert(
        Offer(
            request=request["id"],
            interpreter=interpreter_id,
            wave=1,
            rank=1,
            starts_at=datetime.fromisoformat(request["earliest_start"]),
        )
    )


async def booked(client: httpx.AsyncClient, account: Account, **changes: Any) -> dict[str, Any]:
    """A confirmed request of one interpreter (or a team, with `partner`)."""
    partner = changes.pop("partner", None)
    lead = changes.pop("interpreter", None) or await interpreter()
    request = (await ask(client, account, **changes)).json()
    body = {"interpreter": lead} | ({"partner": partner} if partner else {})
    confirmed = await book(client, account, request["id"], **body)
    assert confirmed.status_code == 201, confirmed.text
    result: dict[str, Any] = confirmed.json()
    return result


async def assign(
    client: httpx.AsyncClient, account: Account, request_id: int, **body: Any
) -> httpx.Response:
    return await post(
        client, account, f"{request_id}/assign", reason=body.pop("reason", "Continuity"), **body
    )


async def interpreters(*proficiencies: int, **overrides: Any) -> list[Account]:
    """Interpreters ranked in the order given (better proficiency first), with accounts."""
    accounts = []
    for n, proficiency in enumerate(proficiencies, start=1):
        interpreter_id = await interpreter(
            n, skills=[{**SKILL, "proficiency": proficiency}], **overrides
        )
        accounts.append(
            await make_account(Role.INTERPRETER, f"i{n}@example.org", interpreter_id=interpreter_id)
        )
    return accounts


async def send(
    client: httpx.AsyncClient, account: Account, request_id: int, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/requests/{request_id}/offers", json=body, headers=account.headers
    )


async def offers_of(
    client: httpx.AsyncClient, account: Account, request_id: int
) -> list[dict[str, Any]]:
    answer = await client.get(f"/api/v1/requests/{request_id}/offers", headers=account.headers)
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


async def offer_to(account: Account, request_id: int) -> int:
    row = (
        await Offer.select(Offer.id)
        .where(Offer.request == request_id, Offer.interpreter == account.interpreter_id)
        .first()
    )
    assert row is not None
    return int(row["id"])


async def answer(
    client: httpx.AsyncClient, account: Account, offer_id: int, how: str = "accept", **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/offers/{offer_id}/{how}", json=body or None, headers=account.headers
    )

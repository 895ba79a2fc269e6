"""The demo data: a synthetic region, loaded once, with a working login per role."""

from __future__ import annotations

import httpx

from interpreters.availability.tables import AvailabilityProfile
from interpreters.bookings.facilities import country_zones
from interpreters.demo import COALITION, LOGINS, load_demo
from interpreters.principal import Role
from interpreters.registry.tables import Interpreter, InterpreterTag, LanguageSkill
from interpreters.sessions.tables import Facility


async def test_demo_loads_a_region_once_with_one_login_per_role(
    client: httpx.AsyncClient,
) -> None:
    logins = await load_demo()
    assert {role for role, _, _ in logins} == {"coordinator", "prosecutor", "court", "interpreter"}
    assert await load_demo() == []
    assert await Interpreter.count() == 300
    served = {
        t["value"]
        for t in await InterpreterTag.select(InterpreterTag.value).where(
            InterpreterTag.kind == "country"
        )
    }
    assert set(COALITION) <= served
    languages = {s["language"] for s in await LanguageSkill.select(LanguageSkill.language)}
    assert {"bzj", "cab", "quc", "miq", "hat", "cmn", "ben", "wol", "mfs", "nhe"} <= languages
    assert await AvailabilityProfile.count() == 300
    tokens: dict[str, str] = {}
    for role, (email, password) in LOGINS.items():
        response = await client.post(
            "/api/v1/auth/login",
            json={"email": email, "password": password, "issue_token": True},
        )
        assert response.status_code == 200, role
        assert response.json()["user"]["role"] == role
        tokens[role] = response.json()["token"]
        if role is Role.INTERPRETER:
            interpreter_id = response.json()["user"]["interpreter_id"]
    prosecutor = {"authorization": f"Bearer {tokens['prosecutor']}"}
    rooms = (await client.get("/api/v1/facilities", headers=prosecutor)).json()
    assert {room["country"] for room in rooms} == {"HN"}
    everywhere = await Facility.select(Facility.country, Facility.kind, Facility.timezone)
    assert {room["country"] for room in everywhere} == set(COALITION)
    assert len({r["country"] for r in everywhere if r["kind"] == "gesell_chamber"}) >= 5
    # Every room's zone is one of its country's, as the API requires.
    assert all(room["timezone"] in country_zones()[room["country"]] for room in everywhere)
    # The demo interpreter publishes free time that a prosecutor can see.
    free = await client.get(
        "/api/v1/freebusy",
        params={"interpreter": interpreter_id, "days": 14, "tz": "America/Tegucigalpa"},
        headers={"authorization": f"Bearer {tokens['prosecutor']}"},
    )
    assert free.json()["interpreters"][0]["free"]
    # A new interpreter finds work in their inbox, and accepting an offer works.
    interpreter_headers = {"authorization": f"Bearer {tokens['interpreter']}"}
    offers = (await client.get("/api/v1/offers", headers=interpreter_headers)).json()
    assignments = (await client.get("/api/v1/assignments", headers=interpreter_headers)).json()
    assert len(offers) == 2
    assert [a["status"] for a in assignments] == ["confirmed"]
    accepted = await client.post(
        f"/api/v1/offers/{offers[0]['id']}/accept", headers=interpreter_headers
    )
    assert accepted.status_code == 200, accepted.text

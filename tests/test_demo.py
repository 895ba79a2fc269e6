"""The demo data: a synthetic region, loaded once, with a working login per role."""

from __future__ import annotations

import httpx

from interpreters.availability.tables import AvailabilityProfile
from interpreters.bookings.facilities import country_zones
from interpreters.demo import COALITION, LOGINS, load_demo
from interpreters.principal import Role
from interpreters.registry.tables import Interpreter, InterpreterTag, LanguageSkill
from interpreters.sessions.tables import Facility
from tests.factories import app_client, next_code


async def demo_token(email: str, password: str, role: Role) -> str:
    """Signs in as a new person does (the demo accounts have no second factor yet), sets up an
    authenticator app where the page asks for one, then asks for a script's token."""
    # Each from an address of its own, as four people would: three attempts each.
    async with app_client(address=f"10.9.0.{list(Role).index(role) + 1}") as browser:
        signed_in = await browser.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert signed_in.status_code == 200, email
        # Interpreters may do without a second factor; the other roles set one up first.
        expected = "full" if role is Role.INTERPRETER else "enrol"
        assert signed_in.json()["user"]["stage"] == expected
        csrf = {"x-csrf-token": signed_in.json()["csrf_token"]}
        begun = await browser.post("/api/v1/auth/second-factor/totp", headers=csrf)
        secret = begun.json()["secret"]
        confirmed = await browser.post(
            "/api/v1/auth/second-factor/totp/confirm",
            json={"code": next_code(secret)},
            headers=csrf,
        )
        assert confirmed.status_code == 200, confirmed.text
        body = {"email": email, "password": password, "issue_token": True}
        token = await browser.post("/api/v1/auth/login", json={**body, "code": next_code(secret)})
        assert token.status_code == 200, token.text
        value: str = token.json()["token"]
        return value


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
        tokens[role] = await demo_token(email, password, role)
        if role is Role.INTERPRETER:
            me = await client.get(
                "/api/v1/auth/me", headers={"authorization": f"Bearer {tokens[role]}"}
            )
            interpreter_id = me.json()["user"]["interpreter_id"]
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

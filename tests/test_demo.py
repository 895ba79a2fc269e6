"""The demo data: a synthetic region, loaded once, with a working login per role."""

from __future__ import annotations

import httpx

from interpreters.demo import COALITION, LOGINS, load_demo
from interpreters.registry.tables import Interpreter, InterpreterTag, LanguageSkill


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
    for role, (email, password) in LOGINS.items():
        response = await client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, role
        assert response.json()["user"]["role"] == role

"""The profile snapshot used for large requests gives what the database gives, and
follows every kind of change."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from interpreters.availability import loading
from interpreters.availability.query import free_time
from interpreters.availability.service import save_profile
from interpreters.availability.wallclock import epoch
from interpreters.principal import Role
from interpreters.registry.tables import Interpreter
from tests.factories import Account, make_account
from tests.registry.factories import add_interpreter

START = epoch(datetime(2026, 12, 21, tzinfo=UTC))
END = START + 14 * 86400
LONG_AGO = epoch(datetime(2020, 1, 1, tzinfo=UTC))


async def both_ways(zones: dict[int, str], monkeypatch: pytest.MonkeyPatch) -> dict[int, object]:
    """Free time read directly and from the snapshot; they must agree."""
    monkeypatch.setattr(loading, "SNAPSHOT_FROM", 10**9)
    direct = await free_time(zones, START, END, LONG_AGO)
    monkeypatch.setattr(loading, "SNAPSHOT_FROM", 1)
    cached = await free_time(zones, START, END, LONG_AGO)
    assert cached == direct
    return dict(direct)


async def test_the_snapshot_agrees_with_the_database_through_every_change(
    client: httpx.AsyncClient, coordinator: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    zones = {}
    accounts = []
    for n, zone in enumerate(("Europe/Madrid", "America/Tijuana", "America/Tegucigalpa")):
        interpreter_id = await add_interpreter(n, timezone=zone)
        zones[interpreter_id] = zone
        accounts.append(
            await make_account(Role.INTERPRETER, f"i{n}@example.org", interpreter_id=interpreter_id)
        )
    first, second, third = accounts
    assert first.interpreter_id is not None
    assert third.interpreter_id is not None

    def url(account: Account, rest: str) -> str:
        return f"/api/v1/interpreters/{account.interpreter_id}/availability{rest}"

    async def change(account: Account, method: str, rest: str, body: object = None) -> None:
        answer = await client.request(
            method, url(account, rest), json=body, headers=account.headers
        )
        assert answer.status_code in {200, 201}, answer.text

    week = [{"weekday": d, "start": "08:00", "end": "12:00"} for d in range(1, 6)]
    for account in accounts:
        await change(account, "PUT", "/weekly", week)
    before = await both_ways(zones, monkeypatch)
    assert all(before.values())

    await change(first, "PUT", "/weekly", [{"weekday": 2, "start": "09:00", "end": "10:00"}])
    await change(first, "PUT", "/limits", {"notice_hours": 0, "buffer_minutes": 0})
    await change(second, "PUT", "/overrides/2026-12-24", {"unavailable": True})
    await change(
        second, "PUT", "/overrides/2026-12-26", {"windows": [{"start": "10:00", "end": "11:00"}]}
    )
    await change(third, "POST", "/time-off", {"first_day": "2026-12-28", "last_day": "2026-12-30"})
    after = await both_ways(zones, monkeypatch)
    assert after != before

    await change(second, "DELETE", "/overrides/2026-12-24")
    await change(
        second, "PUT", "/overrides/2026-12-26", {"windows": [{"start": "15:00", "end": "16:00"}]}
    )
    spans = (await client.get(url(third, ""), headers=third.headers)).json()["time_off"]
    await change(third, "DELETE", f"/time-off/{spans[0]['id']}")
    await change(
        third,
        "POST",
        "/time-off",
        {"starts_at": "2026-12-22T00:00:00Z", "ends_at": "2026-12-23T00:00:00Z"},
    )
    again = await both_ways(zones, monkeypatch)
    assert again != after

    await Interpreter.delete().where(Interpreter.id == first.interpreter_id)
    gone = await both_ways(zones, monkeypatch)
    assert gone[first.interpreter_id] == []

    # The newest profile removed and another created: SQLite may give it the same id.
    await Interpreter.delete().where(Interpreter.id == third.interpreter_id)
    del zones[third.interpreter_id]
    newcomer = await add_interpreter(9, timezone="America/Panama")
    zones[newcomer] = "America/Panama"
    await save_profile(newcomer, weekly=[[2, 18 * 60, 20 * 60]], notice_hours=0)
    replaced = await both_ways(zones, monkeypatch)
    assert replaced[newcomer]

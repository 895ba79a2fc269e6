"""Waves of offers across real server processes: a process killed between two waves loses
nothing, and two processes never send one wave twice."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime

import httpx

from interpreters.bookings.tables import Offer
from interpreters.principal import Role
from interpreters.sessions.tables import InterpretationRequest
from tests.bookings.factories import SKILL, ask, interpreter, send
from tests.e2e.factories import ServerProcess, running_servers
from tests.factories import TEST_OUTPUT, Account, make_account

WAVE_SECONDS = 4
# Only the start-up pass and the job of each wave may send waves here, not the sweep.
SETTINGS = {"OFFER_WAVE_SECONDS": str(WAVE_SECONDS), "OFFER_SWEEP_SECONDS": "3600"}
LOG = TEST_OUTPUT / "servers" / "offer-waves.log"


async def _waves(request_id: int) -> Counter[int]:
    return Counter(
        o["wave"] for o in await Offer.select(Offer.wave).where(Offer.request == request_id)
    )


async def _until_wave(request_id: int, wave: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while max(await _waves(request_id), default=0) < wave:
        assert time.monotonic() < deadline, f"wave {wave} was not sent in {seconds} s"
        await asyncio.sleep(0.2)


async def test_a_restart_between_waves_loses_nothing_and_sends_each_wave_once(
    prosecutor: Account,
) -> None:
    LOG.unlink(missing_ok=True)
    ids = [await interpreter(n, skills=[{**SKILL, "proficiency": 5 - n // 3}]) for n in range(1, 9)]
    first = ServerProcess.launch(LOG, **SETTINGS)
    try:
        first.wait_until_healthy()
        async with httpx.AsyncClient(base_url=first.url) as http:
            request = (await ask(http, prosecutor)).json()
            sent = await send(http, prosecutor, request["id"], wave_size=2)
            assert sent.status_code == 201, sent.text
    finally:
        first.kill()
    due = datetime.fromisoformat(sent.json()["next_wave_at"])
    assert due > datetime.now(UTC), "the process was to die before the second wave was due"
    assert await _waves(request["id"]) == {1: 2}
    # Down while the second wave falls due.
    await asyncio.sleep((due - datetime.now(UTC)).total_seconds() + 0.5)
    with running_servers(2, LOG, **SETTINGS) as servers:
        # Both processes sent the missed wave at start, as far as each knew: once in all.
        assert {1: 2, 2: 2}.items() <= (await _waves(request["id"])).items()
        # The third wave comes from the job each process scheduled for it, once too.
        await _until_wave(request["id"], 3, WAVE_SECONDS + 10)
        sent_waves = await _waves(request["id"])
        assert {1: 2, 2: 2, 3: 2}.items() <= sent_waves.items()
        assert set(sent_waves.values()) == {2}
        row = (
            await Offer.select(Offer.id, Offer.interpreter)
            .where(Offer.request == request["id"], Offer.wave == 3)
            .first()
        )
        assert row is not None
        assert row["interpreter"] in ids
        taker = await make_account(
            Role.INTERPRETER, "taker@example.org", interpreter_id=row["interpreter"]
        )
        async with httpx.AsyncClient(base_url=servers[1].url) as http:
            accepted = await http.post(f"/api/v1/offers/{row['id']}/accept", headers=taker.headers)
            assert accepted.status_code == 200, accepted.text
            confirmed = await http.get(
                f"/api/v1/requests/{request['id']}", headers=prosecutor.headers
            )
    assert confirmed.json()["status"] == "confirmed"
    assert [b["interpreter"] for b in confirmed.json()["bookings"]] == [row["interpreter"]]
    statuses = Counter(o["status"] for o in await Offer.select(Offer.status))
    assert statuses["accepted"] == 1
    assert statuses["open"] == 0
    assert (
        await InterpretationRequest.count().where(InterpretationRequest.next_wave_at.is_not_null())
        == 0
    )

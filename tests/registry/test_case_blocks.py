"""Coordinators exclude an interpreter from one case; matching and booking respect it."""

from __future__ import annotations

import httpx

from interpreters.audit.tables import AuditEntry
from interpreters.principal import Role
from tests.bookings.factories import ask, book, interpreter
from tests.factories import Account, make_account


async def test_a_coordinator_excludes_and_readmits_an_interpreter_for_a_case(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    interpreter_id = await interpreter()
    request = (await ask(client, prosecutor)).json()
    path = f"/api/v1/interpreters/{interpreter_id}/case-blocks"
    body = {"case_reference": request["case_reference"], "reason": "Related to the accused"}
    created = await client.post(path, json=body, headers=coordinator.headers)
    assert created.status_code == 201, created.text
    again = await client.post(path, json=body, headers=coordinator.headers)
    assert again.status_code == 409
    listed = (await client.get(path, headers=coordinator.headers)).json()
    assert [b["case_reference"] for b in listed] == [request["case_reference"]]
    matched = await client.get(
        f"/api/v1/requests/{request['id']}/candidates", headers=prosecutor.headers
    )
    assert matched.json()["candidates"] == []
    assert (
        await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    ).status_code == 409
    lifted = await client.delete(f"{path}/{created.json()['id']}", headers=coordinator.headers)
    assert lifted.status_code == 204
    assert (
        await book(client, prosecutor, request["id"], interpreter=interpreter_id)
    ).status_code == 201
    actions = {
        row["action"]
        for row in await AuditEntry.select(AuditEntry.action).where(
            AuditEntry.record_type == "interpreter", AuditEntry.record_id == interpreter_id
        )
    }
    assert {"block_for_case", "read_case_blocks", "unblock_for_case"} <= actions


async def test_a_coordinator_of_other_countries_cannot_see_or_set_exclusions(
    client: httpx.AsyncClient,
) -> None:
    interpreter_id = await interpreter(country="HN", countries_served=["HN"])
    outsider = await make_account(Role.COORDINATOR, "pa@example.org", countries="PA")
    path = f"/api/v1/interpreters/{interpreter_id}/case-blocks"
    assert (await client.get(path, headers=outsider.headers)).status_code == 403
    refused = await client.post(
        path, json={"case_reference": "X-1", "reason": "Because"}, headers=outsider.headers
    )
    assert refused.status_code == 403
    unknown = await client.delete(f"{path}/99", headers=outsider.headers)
    assert unknown.status_code == 403

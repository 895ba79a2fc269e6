"""Changes and reads of restricted fields are in the audit log, filterable by record and user."""

from __future__ import annotations

import httpx

from interpreters.auth.principal import Role
from tests.conftest import Account, make_account
from tests.registry.factories import add_interpreter


async def test_changes_and_restricted_reads_are_logged_with_who_and_where(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    interpreter_id = await add_interpreter(1)
    own = await make_account(Role.INTERPRETER, "i@example.org", interpreter_id=interpreter_id)
    await client.patch(
        f"/api/v1/interpreters/{interpreter_id}", json={"phone": "+504 1"}, headers=own.headers
    )
    await client.get(f"/api/v1/interpreters/{interpreter_id}", headers=coordinator.headers)
    # A prosecutor's read shows no restricted field, so it is not a restricted read.
    await client.get(f"/api/v1/interpreters/{interpreter_id}", headers=prosecutor.headers)

    response = await client.get(
        "/api/v1/audit",
        params={"record_type": "interpreter", "record_id": interpreter_id},
        headers=coordinator.headers,
    )
    entries = response.json()["items"]
    assert [(e["action"], e["actor_email"], e["fields"]) for e in entries] == [
        (
            "read_restricted",
            coordinator.email,
            ["conflicts", "email", "legal_name", "national_id", "phone"],
        ),
        ("update", own.email, ["phone"]),
    ]
    assert all(e["client_address"] for e in entries)
    assert "+504 1" not in response.text  # field names only, never their values

    by_user = await client.get(
        "/api/v1/audit", params={"actor_id": own.user_id}, headers=coordinator.headers
    )
    assert [e["action"] for e in by_user.json()["items"]] == ["update", "login"]

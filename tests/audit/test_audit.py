"""Changes and reads of restricted fields are in the audit log, filterable by record and user."""

from __future__ import annotations

import httpx

from interpreters.principal import Role
from tests.factories import Account, make_account, script_token
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
    assert [e["action"] for e in by_user.json()["items"]] == ["update"]


async def test_credential_changes_show_in_the_interpreters_history(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    interpreter_id = await add_interpreter(1)
    added = await client.post(
        f"/api/v1/interpreters/{interpreter_id}/credentials",
        json={"kind": "court_certified", "issuer": "Poder Judicial", "issued_on": "2025-01-01"},
        headers=coordinator.headers,
    )
    credential_id = added.json()["credentials"][0]["id"]
    await client.post(
        f"/api/v1/interpreters/{interpreter_id}/credentials/{credential_id}/verify",
        headers=coordinator.headers,
    )
    history = await client.get(
        "/api/v1/audit",
        params={"record_type": "interpreter", "record_id": interpreter_id},
        headers=coordinator.headers,
    )
    changes = [
        (e["action"], e["fields"])
        for e in history.json()["items"]
        if e["action"] != "read_restricted"
    ]
    assert changes == [
        ("verify_credential", [f"credentials.{credential_id}"]),
        ("add_credential", [f"credentials.{credential_id}"]),
    ]
    # The identity each change sent back to the coordinator is a read of its own.
    reads = [e for e in history.json()["items"] if e["action"] == "read_restricted"]
    assert len(reads) == 2


async def test_scoped_coordinators_read_the_log_of_their_own_interpreters_only(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    inside = await add_interpreter(1, countries_served=["GT"])
    outside = await add_interpreter(
        2, country="PA", timezone="America/Panama", countries_served=["PA"]
    )
    scoped = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    url = "/api/v1/audit"
    everything = await client.get(url, headers=scoped.headers)
    assert everything.status_code == 403
    for interpreter_id, status in ((inside, 200), (outside, 403)):
        response = await client.get(
            url,
            params={"record_type": "interpreter", "record_id": interpreter_id},
            headers=scoped.headers,
        )
        assert response.status_code == status
    await script_token(client, scoped.email)
    own = await client.get(url, params={"actor_id": scoped.user_id}, headers=scoped.headers)
    assert [e["action"] for e in own.json()["items"]] == ["login"]
    assert (await client.get(url, headers=coordinator.headers)).status_code == 200

"""Changes and reads of restricted fields are in the audit log, filterable by record, user,
action and period."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
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


async def test_the_log_narrows_to_an_action_and_a_period(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    madrid = ZoneInfo("Europe/Madrid")
    for action, at in (
        ("login", datetime(2026, 3, 1, 23, 30, tzinfo=UTC)),  # 2 March in Madrid
        ("logout", datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),
        ("login", datetime(2026, 3, 2, 23, 30, tzinfo=UTC)),  # 3 March in Madrid
    ):
        await AuditEntry.insert(
            AuditEntry(actor_id=7, action=action, record_type="user", record_id=7, at=at)
        )
    # 2 March in Madrid, given as that zone's midnights (UTC+1 in March).
    day: dict[str, str | int] = {
        "actor_id": 7,
        "since": datetime(2026, 3, 2, tzinfo=madrid).isoformat(),
        "before": datetime(2026, 3, 3, tzinfo=madrid).isoformat(),
    }
    that_day = await client.get("/api/v1/audit", params=day, headers=coordinator.headers)
    assert that_day.status_code == 200, that_day.text
    assert [e["action"] for e in that_day.json()["items"]] == ["logout", "login"]
    logins = await client.get(
        "/api/v1/audit", params={**day, "action": "login"}, headers=coordinator.headers
    )
    assert logins.json()["total"] == 1
    assert logins.json()["items"][0]["at"].startswith("2026-03-01T23:30")


@pytest.mark.parametrize(
    ("params", "field", "spanish"),
    [
        (
            {"since": "2026-03-02T00:00:00+01:00", "before": "2026-03-01T00:00:00+01:00"},
            "before",
            "El final no es posterior al inicio",
        ),
        ({"since": "2026-03-02T00:00:00"}, "since", "Debe indicar el desfase horario"),
        ({"record_id": "0"}, "record_id", "Debe ser mayor o igual que 1"),
        ({"limit": "many"}, "limit", "Debe ser un número entero"),
    ],
)
async def test_bad_filters_name_their_field_in_the_readers_language(
    client: httpx.AsyncClient,
    coordinator: Account,
    params: dict[str, str],
    field: str,
    spanish: str,
) -> None:
    refused = await client.get(
        "/api/v1/audit", params=params, headers={**coordinator.headers, "accept-language": "es"}
    )
    assert refused.status_code == 400, refused.text
    [error] = refused.json()["errors"]
    assert (error["field"], error["message"]) == (field, spanish)

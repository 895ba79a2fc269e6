"""Coordinators of an institution's country manage its webhooks; the secret is shown once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.principal import Role
from tests.factories import Account, make_account
from tests.notifications.factories import add_webhook, webhooks_url


async def test_a_coordinator_adds_lists_and_deactivates_an_institutions_webhooks(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    office = prosecutor.institution_id
    created = await add_webhook(client, coordinator, office, "https://fiscalia.example.org/hook")
    assert created.status_code == 201, created.text
    webhook = created.json()
    secret = webhook.pop("secret")
    assert len(secret) >= 43
    assert webhook["institution"] == office
    assert (webhook["url"], webhook["active"]) == ("https://fiscalia.example.org/hook", True)
    assert webhook["created_by"] == coordinator.user_id
    listed = await client.get(webhooks_url(office), headers=coordinator.headers)
    assert listed.json() == [webhook]
    assert secret not in listed.text
    gone = await client.delete(
        f"{webhooks_url(office)}/{webhook['id']}", headers=coordinator.headers
    )
    assert gone.status_code == 204
    listed = await client.get(webhooks_url(office), headers=coordinator.headers)
    assert [row["active"] for row in listed.json()] == [False]
    # Stopping a stopped webhook changes nothing.
    again = await client.delete(
        f"{webhooks_url(office)}/{webhook['id']}", headers=coordinator.headers
    )
    assert again.status_code == 204
    audited = await AuditEntry.select(AuditEntry.action, AuditEntry.actor_id).where(
        AuditEntry.record_type == "webhook", AuditEntry.record_id == webhook["id"]
    )
    assert audited == [
        {"action": "create", "actor_id": coordinator.user_id},
        {"action": "deactivate", "actor_id": coordinator.user_id},
    ]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "example.org/hook",
        "https:///hook",
        "https://example.org:99999/hook",
        "http://[::1/hook",
        "https://example.org/a hook",
        "https://user:secret@example.org/hook",
        "https://user@example.org/hook",
        "https://example.org/" + "x" * 500,
        # Host names httpx cannot send to (IDNA): refused here, not failing at delivery.
        "http://xn--a.com/h",
        "http://⒈.com/",
        "http://ａ.com/",
    ],
)
async def test_only_plain_web_addresses_are_accepted(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, url: str
) -> None:
    refused = await add_webhook(client, coordinator, prosecutor.institution_id, url)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == "url"
    assert "user:secret" not in refused.text


async def test_one_active_webhook_per_address(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    office = prosecutor.institution_id
    url = "http://127.0.0.1:8081/hook?source=interpreters"
    first = (await add_webhook(client, coordinator, office, url)).json()
    twice = await add_webhook(client, coordinator, office, url)
    assert twice.status_code == 409
    assert twice.json()["errors"][0]["field"] == "url"
    await client.delete(f"{webhooks_url(office)}/{first['id']}", headers=coordinator.headers)
    assert (await add_webhook(client, coordinator, office, url)).status_code == 201


async def _attempts(client: httpx.AsyncClient, account: Account, office: int | None) -> list[Any]:
    return [
        (await client.get(webhooks_url(office), headers=account.headers)).status_code,
        (await add_webhook(client, account, office, "https://example.org/hook")).status_code,
        (await client.delete(f"{webhooks_url(office)}/1", headers=account.headers)).status_code,
    ]


async def test_coordinators_of_another_country_find_no_such_institution(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account
) -> None:
    await add_webhook(client, coordinator, prosecutor.institution_id, "https://example.org/a")
    guatemala = await make_account(Role.COORDINATOR, "gt@example.org", countries="GT")
    assert await _attempts(client, guatemala, prosecutor.institution_id) == [404, 404, 404]
    honduras = await make_account(Role.COORDINATOR, "hn@example.org", countries="GT,HN")
    listed = await client.get(webhooks_url(prosecutor.institution_id), headers=honduras.headers)
    assert len(listed.json()) == 1
    assert await _attempts(client, coordinator, 999) == [404, 404, 404]


async def test_prosecutors_and_courts_do_not_manage_webhooks(
    client: httpx.AsyncClient, prosecutor: Account, court: Account
) -> None:
    for account in (prosecutor, court):
        assert await _attempts(client, account, account.institution_id) == [403, 403, 403]


async def test_a_webhook_of_another_institution_is_not_found(
    client: httpx.AsyncClient, coordinator: Account, prosecutor: Account, court: Account
) -> None:
    theirs = (
        await add_webhook(client, coordinator, court.institution_id, "https://example.org/c")
    ).json()
    url = f"{webhooks_url(prosecutor.institution_id)}/{theirs['id']}"
    assert (await client.delete(url, headers=coordinator.headers)).status_code == 404
    listed = await client.get(webhooks_url(court.institution_id), headers=coordinator.headers)
    assert [row["active"] for row in listed.json()] == [True]

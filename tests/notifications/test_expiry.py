"""Credential-expiry alerts: the nearest threshold reached, once, to the interpreter and the
coordinators of their country, never for a credential already expired."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from interpreters.notifications import expiry
from interpreters.notifications.tables import CredentialAlert, OutboxMessage
from interpreters.principal import Role
from interpreters.registry.tables import Credential
from tests.factories import Account, make_account
from tests.notifications.factories import mails, texts
from tests.registry.factories import TODAY, add_interpreter, credential


async def expiring_in(days: int) -> list[Account]:
    """An interpreter of Honduras whose court certification expires in `days` days, and the
    coordinators: regional, of Honduras (and El Salvador), and of Guatemala."""
    await add_interpreter(
        1,
        country="HN",
        timezone="America/Tegucigalpa",
        credentials=[
            credential("court_certified", TODAY - timedelta(days=700), TODAY + timedelta(days=days))
        ],
    )
    return [
        await make_account(Role.COORDINATOR, "regional@example.org"),
        await make_account(Role.COORDINATOR, "hn@example.org", countries="SV,HN"),
        await make_account(Role.COORDINATOR, "gt@example.org", countries="GT"),
    ]


async def alerts() -> list[int]:
    rows = await CredentialAlert.select(CredentialAlert.days_before).order_by(CredentialAlert.id)
    return [row["days_before"] for row in rows]


async def test_59_days_before_the_60_day_alert_goes_out_once_to_the_interpreter_and_coordinators(
    client: httpx.AsyncClient,
) -> None:
    regional, honduras, guatemala = await expiring_in(59)
    assert await expiry.send_alerts() == 1
    assert await expiry.send_alerts() == 0
    assert await alerts() == [60]
    sent = await mails("credential_expiry")
    assert sorted(m["To"].addresses[0].addr_spec for m in sent) == [
        "hn@example.org",
        "interpreter1@example.org",
        "regional@example.org",
    ]
    [to_interpreter] = [m for m in sent if "interpreter1" in str(m["To"])]
    assert str(to_interpreter["Subject"]).startswith("Su credencial vence en 59 días")
    assert "«certificación judicial» (Poder Judicial)" in texts(to_interpreter)
    # The credential's number is restricted: no email carries it.
    assert all("N-1" not in texts(m) for m in sent)
    spanish = {"accept-language": "es", **honduras.headers}
    [notice] = (await client.get("/api/v1/notices", headers=spanish)).json()
    assert notice["text"] == (
        "La credencial certificación judicial de Interpreter 1 (intérprete 1) vence el "
        f"{TODAY + timedelta(days=59)}, dentro de 59 días; desde ese día deja de contar."
    )
    assert len((await client.get("/api/v1/notices", headers=regional.headers)).json()) == 1
    assert (await client.get("/api/v1/notices", headers=guatemala.headers)).json() == []


async def test_first_seen_20_days_before_only_the_30_day_alert_then_the_7_day_one() -> None:
    await expiring_in(20)
    assert await expiry.send_alerts() == 1
    assert await alerts() == [30]
    assert await expiry.send_alerts(TODAY + timedelta(days=10)) == 0
    assert await expiry.send_alerts(TODAY + timedelta(days=13)) == 1
    assert await alerts() == [30, 7]


@pytest.mark.parametrize(("days", "expected"), [(7, [7]), (61, []), (0, []), (-3, [])])
async def test_each_threshold_and_none_outside_them_or_once_expired(
    days: int, expected: list[int]
) -> None:
    await expiring_in(days)
    await expiry.send_alerts()
    assert await alerts() == expected
    if not expected:
        assert await OutboxMessage.count() == 0


async def test_a_renewed_credential_is_alerted_again() -> None:
    await expiring_in(7)
    await expiry.send_alerts()
    later = TODAY + timedelta(days=365)
    await Credential.update({Credential.expires_on: later}).where(Credential.id > 0)
    assert await expiry.send_alerts(later - timedelta(days=7)) == 1
    assert await alerts() == [7, 7]

"""The sign-in limits hold across server processes: two processes together allow no more
attempts than one (each keeping its own count would allow twice as many)."""

from __future__ import annotations

import httpx

from interpreters.auth.tables import AttemptCounter
from interpreters.settings import get_settings
from tests.e2e.factories import running_servers
from tests.factories import PASSWORD, TEST_OUTPUT, Account

LOG = TEST_OUTPUT / "servers" / "login-limits.log"


async def test_two_processes_share_one_count_per_address_and_per_account(
    coordinator: Account,
) -> None:
    per_address = get_settings().login_attempts_per_minute
    # The fixture signed the coordinator in from loopback too; start from no attempts.
    await AttemptCounter.delete(force=True)
    with running_servers(2, LOG) as servers:
        async with httpx.AsyncClient() as http:
            statuses = [
                (
                    await http.post(
                        f"{servers[n % 2].url}/api/v1/auth/login",
                        json={"email": coordinator.email, "password": f"guess-{n}"},
                    )
                ).status_code
                for n in range(per_address + 1)
            ]
            assert statuses == [401] * per_address + [429]
            # Both processes refuse from now on, even the right password.
            for server in servers:
                refused = await http.post(
                    f"{server.url}/api/v1/auth/login",
                    json={"email": coordinator.email, "password": PASSWORD},
                )
                assert refused.status_code == 429
                assert int(refused.headers["retry-after"]) > 0


async def test_only_a_trusted_proxy_names_the_clients_address() -> None:
    """Behind a listed proxy each client has its own count; anyone else's X-Forwarded-For
    is ignored, or a guesser would name a new address for every attempt."""
    per_address = get_settings().login_attempts_per_minute

    async def statuses(url: str) -> list[int]:
        async with httpx.AsyncClient() as http:
            return [
                (
                    await http.post(
                        f"{url}/api/v1/auth/login",
                        json={"email": f"nobody{n}@example.org", "password": "guess"},
                        headers={"x-forwarded-for": f"203.0.113.{n}"},
                    )
                ).status_code
                for n in range(per_address + 1)
            ]

    await AttemptCounter.delete(force=True)
    with running_servers(1, LOG, TRUSTED_PROXIES="127.0.0.1") as [behind_proxy]:
        # A new account each time: only the address's limit is in play.
        assert (await statuses(behind_proxy.url))[-1] == 401
    await AttemptCounter.delete(force=True)
    with running_servers(1, LOG, TRUSTED_PROXIES="") as [direct]:
        assert (await statuses(direct.url))[-1] == 429

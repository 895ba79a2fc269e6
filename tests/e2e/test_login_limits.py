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

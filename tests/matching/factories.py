"""Asking for a request's ranked candidates, for the matching tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.bookings.factories import NEXT_WEEK
from tests.factories import Account

SESSION_DAY = NEXT_WEEK


async def candidates(
    client: httpx.AsyncClient, account: Account, request_id: int, language: str = "en", **query: Any
) -> httpx.Response:
    return await client.get(
        f"/api/v1/requests/{request_id}/candidates",
        params=query,
        headers={**account.headers, "accept-language": language},
    )

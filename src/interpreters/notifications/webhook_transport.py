"""How webhook deliveries leave the service: each one POSTed to its address, with the body
and the signature made when it was queued."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

import httpx

from interpreters.notifications.transport import Outgoing, Send, Transport, Undelivered
from interpreters.settings import get_settings

# Statuses that say "later": the receiver is busy or timed out; any 5xx counts too.
TRY_AGAIN = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class WebhookTransport:
    timeout_seconds: float

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Send]:
        # Redirects are not followed: a delivery goes to the registered address or nowhere.
        async with httpx.AsyncClient(
            timeout=self.timeout_seconds, follow_redirects=False
        ) as client:

            async def send(message: Outgoing) -> None:
                try:
                    # Only the status counts: the answer's body is never read.
                    async with client.stream(
                        "POST",
                        message.recipient,
                        content=message.body.encode(),
                        headers=message.headers,
                    ) as response:
                        status = response.status_code
                except httpx.HTTPError as error:  # timeouts, refused or broken connections
                    reason = f"webhook call failed: {type(error).__name__}: {error}"
                    raise Undelivered(reason[:500]) from error
                except (httpx.InvalidURL, UnicodeError) as error:  # an address httpx refuses
                    reason = f"webhook address unusable: {type(error).__name__}: {error}"
                    raise Undelivered(reason[:500], permanent=True) from error
                if not 200 <= status < 300:
                    permanent = status < 500 and status not in TRY_AGAIN
                    raise Undelivered(f"webhook answered {status}", permanent=permanent)

            yield send

    def open(self) -> AbstractAsyncContextManager[Send]:
        return self._session()


def webhook_transport() -> Transport:
    return WebhookTransport(get_settings().webhook_timeout_seconds)

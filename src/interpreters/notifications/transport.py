"""How outbox messages leave the service: an SMTP server, or .eml files in the data directory.

A transport is opened once per batch (one SMTP connection for many messages) and gives a
`send` that raises `Undelivered` saying whether a later attempt may succeed.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import aiosmtplib

from interpreters.settings import SmtpSettings, get_settings


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One outbox row as a transport needs it."""

    id: int
    recipient: str
    message_id: str
    body: str
    headers: dict[str, str]


class Undelivered(Exception):
    """The message did not go out; `permanent` when trying again cannot help (a recipient
    the server refuses for good, say)."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


Send = Callable[[Outgoing], Awaitable[None]]


class Transport(Protocol):
    def open(self) -> AbstractAsyncContextManager[Send]: ...


# Refusals of this one message: its recipient, or its content. A 5xx to anything else (the
# sender, the sign-in) is the server's set-up, to be fixed there; the message waits.
MESSAGE_REFUSALS = (
    aiosmtplib.SMTPRecipientsRefused,
    aiosmtplib.SMTPRecipientRefused,
    aiosmtplib.SMTPDataError,
)


def _smtp_failure(error: aiosmtplib.SMTPException) -> Undelivered:
    """A 5xx refusal of the message itself is for good; anything else (4xx, timeouts, lost
    connections, a refused sender) may pass."""
    reason = f"{type(error).__name__}: {error}"[:500]
    if not isinstance(error, MESSAGE_REFUSALS):
        return Undelivered(reason)
    # One recipient per message: a refusal of "all recipients" is that one's reply.
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused) and error.recipients:
        error = error.recipients[0]
    code = getattr(error, "code", 0)
    return Undelivered(reason, permanent=500 <= code < 600)


@dataclass(frozen=True, slots=True)
class SmtpTransport:
    settings: SmtpSettings
    sender: str

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Send]:
        smtp = aiosmtplib.SMTP(
            hostname=self.settings.host,
            port=self.settings.port,
            use_tls=self.settings.security == "tls",
            start_tls=self.settings.security == "starttls",
            username=self.settings.username or None,
            password=self.settings.password or None,
            timeout=self.settings.timeout_seconds,
        )
        try:
            await smtp.connect()
        except (aiosmtplib.SMTPException, OSError) as error:
            raise Undelivered(f"cannot reach the SMTP server: {error}"[:500]) from error

        async def send(message: Outgoing) -> None:
            try:
                await smtp.sendmail(self.sender, [message.recipient], message.body.encode())
            except aiosmtplib.SMTPException as error:
                raise _smtp_failure(error) from error
            except OSError as error:
                raise Undelivered(f"SMTP connection failed: {error}"[:500]) from error

        try:
            yield send
        finally:
            if smtp.is_connected:
                try:
                    await smtp.quit()
                except (aiosmtplib.SMTPException, OSError):
                    smtp.close()

    def open(self) -> AbstractAsyncContextManager[Send]:
        return self._session()


@dataclass(frozen=True, slots=True)
class FileTransport:
    """Each email as `<outbox id>.eml` in `directory`: the embedded default, where a new
    user reads what the service would have mailed (the coordinators' mail page lists them).
    Written whole under a temporary name, then renamed: a crash leaves no half message, and
    a retry rewrites the same file."""

    directory: Path

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Send]:
        async def send(message: Outgoing) -> None:
            path = self.directory / f"{message.id:08d}.eml"
            try:
                await asyncio.to_thread(_write_whole, path, message.body.encode())
            except OSError as error:
                raise Undelivered(f"cannot write the message file: {error}"[:500]) from error

        yield send

    def open(self) -> AbstractAsyncContextManager[Send]:
        return self._session()


def _write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def mail_transport() -> Transport:
    settings = get_settings()
    if settings.smtp is None:
        return FileTransport(settings.mail_dir)
    return SmtpTransport(settings.smtp, settings.mail_from)

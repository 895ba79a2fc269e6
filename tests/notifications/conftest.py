"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from interpreters.notifications.transport import SmtpTransport
from interpreters.settings import SmtpSettings, get_settings


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Mailbox:
    """What the server accepted; recipients listed in `refuse` are refused for good."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    # Refuses every sender, as a server does whose sign-in is missing.
    refuse_senders: bool = False

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.refuse_senders:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.received.append(
            Received(str(envelope.mail_from), list(envelope.rcpt_tos), envelope.content)
        )
        return "250 Message accepted"


@dataclass
class SmtpServer:
    port: int
    mailbox: Mailbox
    controller: Controller | None = None

    @property
    def transport(self) -> SmtpTransport:
        settings = SmtpSettings("127.0.0.1", self.port, "plain", "", "", 5)
        return SmtpTransport(settings, get_settings().mail_from)

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Not started: a test starts it (and may stop it) when it wants the server up."""
    server = SmtpServer(free_port(), Mailbox())
    try:
        yield server
    finally:
        server.stop()

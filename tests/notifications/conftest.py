"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.notifications.factories import Mailbox, SmtpServer, free_port


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Not started: a test starts it (and may stop it) when it wants the server up."""
    server = SmtpServer(free_port(), Mailbox())
    try:
        yield server
    finally:
        server.stop()

"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, booked sessions
whose mail the tests read, and the helpers that read that mail and add webhooks."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from icalendar import Calendar

from interpreters.auth.tables import User
from interpreters.notifications.tables import OutboxMessage
from interpreters.notifications.transport import SmtpTransport
from interpreters.principal import Role
from interpreters.settings import SmtpSettings, get_settings
from tests.bookings.factories import ask, book, interpreter
from tests.factories import Account, make_account


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


# The victim and case of `booked_session`.
PSEUDONYM = "Mariposa-7Q"
CASE = "FEVCTP-2026-77812"


def parts(message: EmailMessage) -> dict[str, EmailMessage]:
    found: dict[str, EmailMessage] = {}
    for part in message.walk():
        assert isinstance(part, EmailMessage)
        if not part.is_multipart():
            found[part.get_content_type()] = part
    return found


def calendar_of(message: EmailMessage) -> Calendar:
    body = parts(message)["text/calendar"].get_payload(decode=True)
    assert isinstance(body, bytes)
    return Calendar.from_ical(body)


async def booked_session(
    client: httpx.AsyncClient, prosecutor: Account, n: int = 1, reads: str | None = None
) -> int:
    """A session of interpreter `n`, who has an account in the language `reads` if given."""
    interpreter_id = await interpreter(n)
    if reads is not None:
        account = await make_account(
            Role.INTERPRETER, f"interpreter{n}@example.org", interpreter_id=interpreter_id
        )
        await User.update(language=reads).where(User.id == account.user_id)
    asked = await ask(client, prosecutor, victim_pseudonym=PSEUDONYM, case_reference=CASE, place="")
    assert asked.status_code == 201, asked.text
    request_id: int = asked.json()["id"]
    booked = await book(client, prosecutor, request_id, interpreter=interpreter_id)
    assert booked.status_code == 201, booked.text
    return request_id


async def mails(topic: str) -> list[EmailMessage]:
    found = await OutboxMessage.select(OutboxMessage.body).where(OutboxMessage.topic == topic)
    return [
        email.message_from_string(row["body"], _class=EmailMessage, policy=email.policy.default)
        for row in found
    ]


def texts(message: EmailMessage) -> str:
    """Every part of `message` as text, attachments included."""
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        parts.append(content.decode() if isinstance(content, bytes) else content)
    return "\n".join([str(message["Subject"]), *parts])


def answer_link(message: EmailMessage) -> str:
    """The path of the accept/decline link in an email's text."""
    text = message.get_body(("plain",))
    assert text is not None
    [url] = [word for word in text.get_content().split() if "/calendar/answer/" in word]
    return httpx.URL(url).path


def webhooks_url(institution_id: int | None) -> str:
    return f"/api/v1/institutions/{institution_id}/webhooks"


async def add_webhook(
    client: httpx.AsyncClient, coordinator: Account, institution_id: int | None, url: str
) -> httpx.Response:
    return await client.post(
        webhooks_url(institution_id), json={"url": url}, headers=coordinator.headers
    )

"""What the notices and webhooks APIs take and give."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from urllib.parse import SplitResult, urlsplit

import httpx
from pydantic import BaseModel, Field, field_validator

from interpreters.validation import InputModel, invalid


class NoticeKind(StrEnum):
    # Every wave of offers went unanswered and nobody is left to offer the request to.
    OFFERS_EXHAUSTED = "offers_exhausted"
    # A credential of an interpreter of the coordinator's countries expires soon.
    CREDENTIAL_EXPIRING = "credential_expiring"
    # A participant declined a confirmed session from the link in their invitation.
    SESSION_DECLINED = "session_declined"
    # The vetting of an interpreter booked for a session was suspended or revoked.
    INTERPRETER_UNVETTED = "interpreter_unvetted"
    # The background check of an interpreter booked for a session expires before it.
    BACKGROUND_CHECK_EXPIRING = "background_check_expiring"


# English templates of each kind, in Spanish in i18n.py; their parameters are the notice's.
TEMPLATES: dict[NoticeKind, str] = {
    NoticeKind.OFFERS_EXHAUSTED: (
        "Nobody accepted the offers for request {request} (case {case_reference}, "
        "{session_kind}, {language}–{working_language}, {start}); nobody is left to offer it "
        "to. Book an interpreter directly or cancel the request."
    ),
    NoticeKind.CREDENTIAL_EXPIRING: (
        "The {credential_kind} credential of {name} (interpreter {interpreter}) expires on "
        "{expires_on}, in {days} days; from that day it no longer counts."
    ),
    NoticeKind.INTERPRETER_UNVETTED: (
        "{name} is no longer vetted and may not interpret session {request} (case "
        "{case_reference}, {session_kind}, {start}): their open offers were withdrawn and "
        "their join link stopped. Replace them on the request's page, or cancel the session."
    ),
    NoticeKind.BACKGROUND_CHECK_EXPIRING: (
        "The background check of {name}, booked for session {request} (case "
        "{case_reference}, {session_kind}, {start}), expires on {expires_on}, before the "
        "session: from that day they are no longer vetted. Have the check renewed in time, or "
        "replace them on the request's page."
    ),
    NoticeKind.SESSION_DECLINED: (
        "{participant} declined session {request} (case {case_reference}, {session_kind}, "
        "{language}–{working_language}, {start}). Assign someone else, move the session or "
        "cancel it."
    ),
}


class NoticeOut(BaseModel):
    id: int
    request: int | None
    kind: NoticeKind
    params: dict[str, str | int]
    # The template with its parameters, in the language of Accept-Language.
    text: str
    created_at: datetime
    read_at: datetime | None


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessageOut(BaseModel):
    id: int
    channel: str
    topic: str
    recipient: str
    # An email's subject, decoded; empty for a webhook call.
    subject: str
    request: int | None
    status: OutboxStatus
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


class OutboxPage(BaseModel):
    total: int
    items: list[OutboxMessageOut]


class WebhookIn(InputModel):
    # The outbox keeps a message's recipient in 500 characters.
    url: str = Field(max_length=500)

    @field_validator("url")
    @classmethod
    def plain_web_address(cls, value: str) -> str:
        parts = _web_address(value)
        if parts is None or any(c.isspace() for c in value) or not _sendable(value):
            raise invalid("Give an http:// or https:// address")
        # A password in the URL would travel, and be listed, in clear.
        if parts.username is not None or parts.password is not None:
            raise invalid("The address must not hold a user name or password")
        return value


def _sendable(value: str) -> bool:
    """Whether httpx can send to `value` (it refuses some host names, IDNA ones included)."""
    try:
        httpx.Request("POST", value)
    except (httpx.InvalidURL, UnicodeError):
        return False
    return True


def _web_address(value: str) -> SplitResult | None:
    """The parts of an http(s) URL naming a host (and a usable port, if any), or None."""
    try:
        parts = urlsplit(value)
        # Reading the port raises on one that is not a number or out of range.
        if parts.scheme in {"http", "https"} and parts.hostname and parts.port != 0:
            return parts
    except ValueError:  # brackets around no IPv6 address, a port that is not a number
        return None
    return None


class WebhookOut(BaseModel):
    id: int
    institution: int
    url: str
    active: bool
    created_by: int
    created_at: datetime


class WebhookCreated(WebhookOut):
    # Shown this once: the receiver verifies every delivery's signature with it.
    secret: str

"""What the notices API gives."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class NoticeKind(StrEnum):
    # Every wave of offers went unanswered and nobody is left to offer the request to.
    OFFERS_EXHAUSTED = "offers_exhausted"


# English templates of each kind, in Spanish in i18n.py; their parameters are the notice's.
TEMPLATES: dict[NoticeKind, str] = {
    NoticeKind.OFFERS_EXHAUSTED: (
        "Nobody accepted the offers for request {request} (case {case_reference}, "
        "{session_kind}, {language}–{working_language}, {start}); nobody is left to offer it "
        "to. Book an interpreter directly or cancel the request."
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

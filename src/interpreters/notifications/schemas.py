"""What the notices API gives."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class NoticeKind(StrEnum):
    # Every wave of offers went unanswered and nobody is left to offer the request to.
    OFFERS_EXHAUSTED = "offers_exhausted"
    # A credential of an interpreter of the coordinator's countries expires soon.
    CREDENTIAL_EXPIRING = "credential_expiring"


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

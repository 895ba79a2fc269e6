"""What the notices API gives."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class NoticeKind(StrEnum):
    # Every wave of offers went unanswered and nobody is left to offer the request to.
    OFFERS_EXHAUSTED = "offers_exhausted"
    # A participant declined a confirmed session from the link in their invitation.
    SESSION_DECLINED = "session_declined"


# English templates of each kind, in Spanish in i18n.py; their parameters are the notice's.
TEMPLATES: dict[NoticeKind, str] = {
    NoticeKind.OFFERS_EXHAUSTED: (
        "Nobody accepted the offers for request {request} (case {case_reference}, "
        "{session_kind}, {language}–{working_language}, {start}); nobody is left to offer it "
        "to. Book an interpreter directly or cancel the request."
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

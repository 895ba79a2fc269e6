"""What the offers API takes and gives: sending waves, answering, and who sees what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from interpreters.availability import Moment
from interpreters.bookings.schemas import SessionKind
from interpreters.registry import Modality, Mode
from interpreters.sessions import OfferStatus
from interpreters.validation import InputModel

MAX_WAVE_SIZE = 20


class OffersIn(InputModel):
    """A start without an offset is the requester's local time; none: the request's earliest
    start. Every offer of the request is for that one start."""

    # None: the configured OFFER_WAVE_SIZE.
    wave_size: int | None = Field(default=None, ge=1, le=MAX_WAVE_SIZE)
    start: Moment | None = None


class OfferFilter(StrEnum):
    OPEN = "open"
    ALL = "all"


class SessionOut(BaseModel):
    """A session as an interpreter sees it: never the victim's pseudonym or community."""

    request: int
    case_reference: str
    session_kind: SessionKind
    language: str
    variety: str
    working_language: str
    mode: Mode
    modality: Modality
    # Where to go, for an on-site session only.
    place: str | None
    # On the interpreter's own clock.
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    institution: str
    country: str
    # One of a team of two taking turns.
    team: bool


class OfferOut(SessionOut):
    id: int
    status: OfferStatus
    sent_at: datetime
    answered_at: datetime | None


class AssignmentOut(SessionOut):
    id: int
    # interpreter, team (the second of a team) or relay (the pivot leg).
    role: str
    status: str


class RequestOfferOut(BaseModel):
    """An offer as the requester and coordinators see it."""

    id: int
    interpreter: int
    display_name: str
    wave: int
    rank: int
    status: OfferStatus
    # Why the interpreter declined.
    reason: str
    # In the requester's zone.
    starts_at: datetime
    sent_at: datetime
    answered_at: datetime | None

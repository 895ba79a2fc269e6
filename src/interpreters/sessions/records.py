"""A session's rows as typed, frozen records: what passes between packages instead of rows.

Built from rows here only, so that a renamed column fails in mypy and in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from interpreters.sessions.status import BookingStatus, RequestStatus, Urgency


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One interpretation request. Its victim is a pseudonym, their community a word for
    interpreters' declared conflicts: neither leaves the service (see calendar's `Session`
    and notifications' webhooks for what does)."""

    id: int
    institution: int
    requested_by: int
    # The institution's country and zone when asked: the rules and the times it was asked in.
    country: str
    timezone: str
    case_reference: str
    victim_pseudonym: str
    session_kind: str
    language: str
    variety: str
    working_language: str
    mode: str
    modality: str
    place: str
    facility: int | None
    community: str
    earliest_start: datetime
    latest_start: datetime
    duration_minutes: int
    min_proficiency: int
    # Groups of alternatives: one credential of each group is needed.
    required_credentials: tuple[tuple[str, ...], ...]
    # "" for no preference.
    preferred_gender: str
    same_interpreter: bool
    urgency: Urgency
    interpreters_needed: int
    seats_filled: int
    status: RequestStatus
    wave_size: int
    wave: int
    next_wave_at: datetime | None
    calendar_sequence: int
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RequestRecord:
        """From a whole row of `InterpretationRequest`, its JSON loaded."""
        return cls(
            **{name: row[name] for name in _REQUEST_PLAIN},
            required_credentials=tuple(tuple(group) for group in row["required_credentials"]),
            urgency=Urgency(row["urgency"]),
            status=RequestStatus(row["status"]),
        )

    @property
    def is_urgent(self) -> bool:
        return self.urgency is Urgency.URGENT

    @property
    def is_video(self) -> bool:
        return self.modality == "video"


_REQUEST_PLAIN = tuple(
    name
    for name in RequestRecord.__dataclass_fields__
    if name not in {"required_credentials", "urgency", "status"}
)


@dataclass(frozen=True, slots=True)
class BookingRecord:
    """One interpreter booked for a request's session, for the pair of languages they cover."""

    id: int
    request: int
    interpreter: int
    # interpreter (alone or leading), team (the second of a team) or relay (the pivot leg).
    role: str
    language: str
    working_language: str
    session_kind: str
    starts_at: datetime
    ends_at: datetime
    # The end plus the interpreter's buffer: the time the booking keeps them from others.
    blocked_until: datetime
    status: BookingStatus
    booked_by: int
    created_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> BookingRecord:
        """From a whole row of `Booking`."""
        return cls(
            **{name: row[name] for name in _BOOKING_PLAIN},
            status=BookingStatus(row["status"]),
        )


_BOOKING_PLAIN = tuple(name for name in BookingRecord.__dataclass_fields__ if name != "status")

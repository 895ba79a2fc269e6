"""What an invitation may know about a session and about the person it is for.

A session here carries only what a participant's calendar needs. It has no field for the
victim's pseudonym, the case reference, the community or any other fact of the case, so an
invitation cannot leak them however it is built; `session_from_request` is the one place
that picks the allowed fields out of a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from interpreters.i18n import DEFAULT_LANGUAGE, Language, choose_language
from interpreters.sessions import RequestRecord, RequestStatus
from interpreters.validation import has_control_characters

SessionStatus = Literal["confirmed", "cancelled"]
RecipientRole = Literal["requester", "interpreter", "court", "coordinator", "guest"]
# RFC 5545 participation statuses an attendee can be in.
Answer = Literal["NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE"]

ROLES: tuple[RecipientRole, ...] = ("requester", "interpreter", "court", "coordinator", "guest")


def _plain(field: str, value: str) -> None:
    # Line breaks in a name or an address would start new properties in the file.
    if has_control_characters(value) or "\n" in value or "\r" in value:
        raise ValueError(f"{field} contains a control character")


@dataclass(frozen=True, slots=True)
class Session:
    """One interpreting session, as its invitations describe it.

    `starts_at` is an aware instant (normalised to UTC); `timezone` is the requesting
    institution's IANA zone, in which every invitation writes its times. `sequence` is
    raised by the caller on every change (RFC 5546), the cancellation included.
    """

    request_id: int
    session_kind: str
    language: str
    working_language: str
    modality: str
    place: str
    starts_at: datetime
    duration_minutes: int
    timezone: str
    sequence: int = 0
    status: SessionStatus = "confirmed"

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.starts_at.utcoffset() is None:
            raise ValueError("starts_at must be an aware datetime")
        # Frozen: the normalised instant replaces the given one through object.__setattr__.
        object.__setattr__(self, "starts_at", self.starts_at.astimezone(UTC))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"{self.timezone!r} is not an IANA time zone") from error
        if self.duration_minutes <= 0:
            raise ValueError("duration_minutes must be positive")
        if self.sequence < 0:
            raise ValueError("sequence cannot be negative")
        if self.status not in ("confirmed", "cancelled"):
            raise ValueError(f"unknown session status {self.status!r}")
        _plain("place", self.place)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def ends_at(self) -> datetime:
        # Added to the UTC instant, not to the wall clock: a session across a change of
        # daylight saving time still lasts its minutes.
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_video(self) -> bool:
        return self.modality == "video"


def recipient_language(tag: str) -> Language:
    """Spanish or English from a language tag ("en-GB" is English); Spanish otherwise."""
    return choose_language(tag.replace("_", "-"))


@dataclass(frozen=True, slots=True)
class Recipient:
    """A participant: who an invitation is for, and how they appear in everyone's copy.

    `language` is normalised to "es" or "en" (anything else becomes Spanish). `join_url`
    is the participant's own link to a video session, written only into their own copy.
    """

    email: str
    name: str
    role: RecipientRole
    language: str = DEFAULT_LANGUAGE
    join_url: str | None = None
    answer: Answer = "NEEDS-ACTION"

    def __post_init__(self) -> None:
        local, at, domain = self.email.rpartition("@")
        if not at or not local or not domain or any(c.isspace() for c in self.email):
            raise ValueError(f"{self.email!r} is not an email address")
        _plain("email", self.email)
        _plain("name", self.name)
        if self.role not in ROLES:
            raise ValueError(f"unknown participant role {self.role!r}")
        if self.join_url is not None:
            _plain("join_url", self.join_url)
            if not self.join_url.startswith(("https://", "http://")):
                raise ValueError("join_url must be an http(s) URL")
        object.__setattr__(self, "language", recipient_language(self.language))

    @property
    def speaks(self) -> Language:
        return "en" if self.language == "en" else "es"

    def same_person(self, other: Recipient) -> bool:
        return self.email.casefold() == other.email.casefold()


def session_from_request(request: RequestRecord, starts_at: datetime, sequence: int) -> Session:
    """The session of a request starting at its booked time.

    Only the fields named here leave the request; the victim's pseudonym, the case reference
    and the community stay behind.
    """
    return Session(
        request_id=request.id,
        session_kind=request.session_kind,
        language=request.language,
        working_language=request.working_language,
        modality=request.modality,
        place=request.place,
        starts_at=starts_at,
        duration_minutes=request.duration_minutes,
        timezone=request.timezone,
        sequence=sequence,
        status="cancelled" if request.status == RequestStatus.CANCELLED else "confirmed",
    )

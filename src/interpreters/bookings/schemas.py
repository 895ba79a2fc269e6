"""What the requests API takes and gives."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from interpreters.availability import Moment
from interpreters.reference import CountryCode, LanguageCode, TimeZoneName
from interpreters.registry import CredentialKind, Gender, Modality, Mode
from interpreters.sessions import MAX_DURATION_MINUTES, Amendment, RequestStatus, Urgency
from interpreters.validation import MAX_ID, InputModel, invalid, no_contact_data, not_contact_data

MAX_START_WINDOW = timedelta(days=14)
MAX_HOLDS_DAYS = 92

Pseudonym = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(no_contact_data)]
CaseReference = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(not_contact_data)]


class SessionKind(StrEnum):
    VICTIM_INTERVIEW = "victim_interview"
    MINOR_FORENSIC_INTERVIEW = "minor_forensic_interview"
    DEPOSITION = "deposition"
    COURT_HEARING = "court_hearing"
    PSYCHOLOGICAL_ASSESSMENT = "psychological_assessment"
    CONSULAR_INTERVIEW = "consular_interview"


class RequestIn(InputModel):
    """Times without an offset are the requesting institution's local time."""

    case_reference: CaseReference
    victim_pseudonym: Pseudonym
    session_kind: SessionKind
    language: LanguageCode
    variety: str = Field(default="", max_length=100)
    # None: Spanish.
    working_language: LanguageCode | None = None
    mode: Mode = Mode.CONSECUTIVE
    modality: Modality
    place: Annotated[str, Field(max_length=200), AfterValidator(no_contact_data)] = ""
    # A room of the requester's country held for the session (GET /api/v1/facilities).
    facility: int | None = Field(default=None, ge=1, le=MAX_ID)
    # The victim's community, for interpreters' declared conflicts: never an address.
    community: Annotated[str, Field(max_length=200), AfterValidator(no_contact_data)] = ""
    # Needed on top of the country's rule for the kind of session, each on its own.
    extra_credentials: list[CredentialKind] = Field(default_factory=list, max_length=7)
    start: Moment
    # Given: any start from `start` to this one will do.
    latest_start: Moment | None = None
    duration_minutes: int = Field(ge=1, le=MAX_DURATION_MINUTES)
    min_proficiency: int = Field(default=3, ge=0, le=5)
    preferred_gender: Gender | None = None
    same_interpreter: bool = True
    urgency: Urgency = Urgency.NORMAL

    @field_validator("latest_start")
    @classmethod
    def within_the_window(cls, latest: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("start")
        if latest is None or start is None:
            return latest
        if (start.tzinfo is None) != (latest.tzinfo is None):
            raise invalid("Give both times with an offset, or both without")
        if latest < start:
            raise invalid("The latest start is before the start")
        if latest - start > MAX_START_WINDOW:
            raise invalid("Covers at most {days} days", days=MAX_START_WINDOW.days)
        return latest

    @model_validator(mode="after")
    def coherent(self) -> Self:
        if self.working_language is not None and self.working_language == self.language:
            raise invalid(
                "'{language}' cannot pair with itself; name another working_language.",
                language=self.language,
            )
        if self.modality is Modality.ON_SITE and not self.place:
            raise invalid("An on-site session needs its place")
        return self


class BookingOut(BaseModel):
    id: int
    interpreter: int
    display_name: str
    role: str
    language: str
    working_language: str
    starts_at: datetime
    ends_at: datetime
    status: str
    # Whether the interpreter is vetted on the day of the session: false once their vetting
    # is withdrawn or their background check lapses before it (then re-staff the session).
    fit: bool


class RequestOut(BaseModel):
    id: int
    institution: int
    country: str
    timezone: str
    case_reference: str
    victim_pseudonym: str
    session_kind: SessionKind
    language: str
    variety: str
    working_language: str
    mode: Mode
    modality: Modality
    place: str
    facility: int | None
    community: str
    earliest_start: datetime
    latest_start: datetime
    duration_minutes: int
    min_proficiency: int
    required_credentials: list[list[CredentialKind]]
    preferred_gender: Gender | None
    same_interpreter: bool
    urgency: Urgency
    interpreters_needed: int
    status: RequestStatus
    wave_size: int
    wave: int
    next_wave_at: datetime | None
    created_at: datetime
    bookings: list[BookingOut]


class RequestPage(BaseModel):
    total: int
    items: list[RequestOut]


def some_credential(kinds: list[CredentialKind]) -> list[CredentialKind]:
    if not kinds:
        raise invalid("Choose at least one credential")
    return kinds


# An empty group says so in words, which a coordinator's form shows beside it.
Alternatives = Annotated[
    list[CredentialKind], Field(max_length=len(CredentialKind)), AfterValidator(some_credential)
]


class CredentialRuleIn(InputModel):
    """Groups of alternatives: each group needs one valid credential of its kinds."""

    # Litestar's OpenAPI loses the bounds of a list inside a list: the groups' are said again.
    required_credentials: list[Alternatives] = Field(
        max_length=5,
        json_schema_extra={
            "items": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/CredentialKind"},
                "minItems": 1,
                "maxItems": len(CredentialKind),
            }
        },
    )


class CountryKey(InputModel):
    country: CountryCode


class RuleKey(CountryKey):
    session_kind: SessionKind


class CredentialRuleOut(BaseModel):
    country: str
    session_kind: SessionKind
    required_credentials: list[list[CredentialKind]]
    custom: bool


class BookIn(InputModel):
    """A start without an offset is the requesting institution's local time; none: the
    request's earliest start. A team names its second interpreter as `partner`; a relay
    names the `pivot_language` too: `interpreter` covers the request's language and the
    pivot, `partner` the pivot and the working language."""

    interpreter: int = Field(ge=1, le=MAX_ID)
    partner: int | None = Field(default=None, ge=1, le=MAX_ID)
    pivot_language: LanguageCode | None = None
    start: Moment | None = None

    @model_validator(mode="after")
    def two_people(self) -> Self:
        if self.partner == self.interpreter:
            raise invalid("The partner must be another interpreter")
        if self.pivot_language is not None and self.partner is None:
            raise invalid("A relay through a pivot language needs a partner")
        return self


Reason = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(no_contact_data)]


class ReasonIn(InputModel):
    reason: Reason


class AssignIn(BookIn):
    """A coordinator's choice of interpreters, with the reason kept in the history."""

    reason: Reason


class RescheduleIn(InputModel):
    """A start without an offset is the requesting institution's local time; without a
    duration the session keeps its own."""

    start: Moment
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_DURATION_MINUTES)
    reason: Reason


class NoteIn(InputModel):
    note: Annotated[str, Field(max_length=500), AfterValidator(no_contact_data)] = ""


class EventOut(BaseModel):
    status: RequestStatus | Amendment
    by_user: int
    at: datetime
    note: str
    late: bool


class FacilityKind(StrEnum):
    GESELL_CHAMBER = "gesell_chamber"
    HEARING_ROOM = "hearing_room"
    INTERVIEW_ROOM = "interview_room"
    VIDEO_ROOM = "video_room"


RoomName = Annotated[str, Field(min_length=2, max_length=200)]
City = Annotated[str, Field(max_length=100)]


class FacilityIn(InputModel):
    country: CountryCode
    name: RoomName
    kind: FacilityKind
    city: City = ""
    # One of the country's own zones: the room's holds are shown in it.
    timezone: TimeZoneName


class FacilityUpdate(InputModel):
    """Only the fields sent change; `active: false` retires the room, which keeps its holds
    but can no longer be named by new requests."""

    name: RoomName | None = None
    kind: FacilityKind | None = None
    city: City | None = None
    timezone: TimeZoneName | None = None
    active: bool | None = None


class FacilityQuery(InputModel):
    country: CountryCode | None = None
    active: bool | None = None


class FacilityOut(BaseModel):
    id: int
    country: str
    name: str
    kind: FacilityKind
    city: str
    timezone: str
    active: bool
    created_at: datetime


class HoldsQuery(InputModel):
    """A start without an offset is the room's local time; none: now."""

    start: Moment | None = None
    days: int = Field(default=7, ge=1, le=MAX_HOLDS_DAYS)


class HoldOut(BaseModel):
    request: int
    starts_at: datetime
    ends_at: datetime


class HoldsOut(BaseModel):
    """A room's holds, in the room's zone; no case or victim data."""

    facility: int
    timezone: str
    start: datetime
    end: datetime
    holds: list[HoldOut]

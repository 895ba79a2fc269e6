"""What the registry API takes and gives."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from interpreters.reference import COALITION_COUNTRIES, CountryCode, LanguageCode, TimeZoneName
from interpreters.validation import InputModel, invalid

# ';' and '|' separate items and parts inside a CSV cell (see csvio).
NO_CSV_SEPARATORS = r"^[^;|]*$"
MAX_SKILLS = 30
MAX_CREDENTIALS = 30


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    UNDISCLOSED = "undisclosed"


class Modality(StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    ON_SITE = "on_site"


class Specialisation(StrEnum):
    VICTIM_INTERVIEWS = "victim_interviews"
    MINORS = "minors"
    GENDER_BASED_VIOLENCE = "gender_based_violence"
    COURT = "court"
    MEDICAL_PSYCH = "medical_psych"


class Direction(StrEnum):
    BOTH = "both"
    INTO_LANGUAGE = "into_language"
    INTO_WORKING = "into_working"


class Mode(StrEnum):
    CONSECUTIVE = "consecutive"
    SIMULTANEOUS = "simultaneous"
    SIGHT_TRANSLATION = "sight_translation"


class CredentialKind(StrEnum):
    COURT_CERTIFIED = "court_certified"
    SWORN_EXPERT = "sworn_expert"
    INDIGENOUS_REGISTER = "indigenous_register"
    SIGN_LANGUAGE_CERTIFICATION = "sign_language_certification"
    TRAUMA_INFORMED_TRAINING = "trauma_informed_training"
    CHILD_FORENSIC_TRAINING = "child_forensic_training"
    OTHER = "other"


class VettingStatus(StrEnum):
    APPLICANT = "applicant"
    VETTED = "vetted"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class SkillIn(InputModel):
    language: LanguageCode
    variety: str = Field(default="", max_length=100, pattern=NO_CSV_SEPARATORS)
    # None: the default of the interpreter's country (English in Belize, Spanish elsewhere).
    working_language: LanguageCode | None = None
    direction: Direction = Direction.BOTH
    proficiency: int = Field(ge=0, le=5, description="ILR interpretation scale 0–5")
    modes: list[Mode] = Field(
        default_factory=lambda: [Mode.CONSECUTIVE], min_length=1, max_length=len(Mode)
    )

    @model_validator(mode="after")
    def pair_of_two_languages(self) -> Self:
        if self.language == self.working_language:
            raise invalid("language and working_language must differ")
        return self


class SkillOut(BaseModel):
    language: str
    variety: str
    working_language: str
    direction: Direction
    proficiency: int
    modes: list[Mode]


class CredentialIn(InputModel):
    kind: CredentialKind
    issuer: str = Field(min_length=2, max_length=200, pattern=NO_CSV_SEPARATORS)
    number: str = Field(default="", max_length=100, pattern=NO_CSV_SEPARATORS)
    language: LanguageCode | None = None
    issued_on: date
    expires_on: date | None = None

    @model_validator(mode="after")
    def expiry_after_issue(self) -> Self:
        if self.expires_on is not None and self.expires_on <= self.issued_on:
            raise invalid("expires_on must be after issued_on")
        return self


class CredentialOut(BaseModel):
    id: int
    kind: CredentialKind
    issuer: str
    # Only for coordinators and the interpreter themself.
    number: str | None
    language: str | None
    issued_on: date
    expires_on: date | None
    verified: bool
    verified_by: int | None
    verified_at: datetime | None
    valid_today: bool


class ProfileFields(InputModel):
    """What an interpreter may change in their own record."""

    display_name: str | None = Field(default=None, min_length=2, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=40, pattern=r"^[0-9+ ()\-]*$")
    gender: Gender | None = None
    timezone: TimeZoneName | None = None
    # Litestar's OpenAPI loses a list's bounds when the list may be null: said again here.
    countries_served: list[CountryCode] | None = Field(
        default=None,
        min_length=1,
        max_length=len(COALITION_COUNTRIES),
        json_schema_extra={"maxItems": len(COALITION_COUNTRIES)},
    )
    modalities: list[Modality] | None = Field(
        default=None,
        min_length=1,
        max_length=len(Modality),
        json_schema_extra={"maxItems": len(Modality)},
    )
    specialisations: list[Specialisation] | None = Field(
        default=None,
        max_length=len(Specialisation),
        json_schema_extra={"maxItems": len(Specialisation)},
    )


class InterpreterUpdate(ProfileFields):
    """What a coordinator may change besides: identity and residence."""

    legal_name: str | None = Field(default=None, min_length=2, max_length=200)
    national_id: str | None = Field(default=None, max_length=40)
    country: CountryCode | None = None


class InterpreterIn(InputModel):
    display_name: str = Field(min_length=2, max_length=200)
    legal_name: str = Field(min_length=2, max_length=200)
    email: EmailStr
    phone: str = Field(default="", max_length=40, pattern=r"^[0-9+ ()\-]*$")
    national_id: str = Field(default="", max_length=40)
    gender: Gender = Gender.UNDISCLOSED
    country: CountryCode
    timezone: TimeZoneName
    countries_served: list[CountryCode] = Field(min_length=1, max_length=len(COALITION_COUNTRIES))
    modalities: list[Modality] = Field(
        default_factory=lambda: [Modality.VIDEO], min_length=1, max_length=len(Modality)
    )
    specialisations: list[Specialisation] = Field(
        default_factory=list, max_length=len(Specialisation)
    )
    skills: list[SkillIn] = Field(default_factory=list, max_length=MAX_SKILLS)
    credentials: list[CredentialIn] = Field(default_factory=list, max_length=MAX_CREDENTIALS)


class VettingIn(InputModel):
    status: VettingStatus
    note: str = Field(default="", max_length=2000)
    background_check_on: date | None = None
    background_check_expires_on: date | None = None
    confidentiality_signed_on: date | None = None
    code_of_conduct_accepted_on: date | None = None


class VettingEventOut(BaseModel):
    status: VettingStatus
    note: str
    by_user: int | None
    at: datetime


class VettingOut(BaseModel):
    status: VettingStatus
    valid: bool
    background_check_on: date | None
    background_check_expires_on: date | None
    confidentiality_signed_on: date | None
    code_of_conduct_accepted_on: date | None
    history: list[VettingEventOut] | None = None


class Identity(BaseModel):
    legal_name: str
    email: str
    phone: str
    national_id: str


class ConflictIn(InputModel):
    case_reference: str = Field(default="", max_length=64)
    community: str = Field(default="", max_length=200)
    description: str = Field(min_length=3, max_length=2000)


class ConflictOut(BaseModel):
    id: int
    case_reference: str
    community: str
    description: str
    declared_at: datetime


class InterpreterOut(BaseModel):
    id: int
    display_name: str
    gender: Gender
    country: str
    timezone: str
    countries_served: list[str]
    modalities: list[Modality]
    specialisations: list[Specialisation]
    vetting: VettingOut
    skills: list[SkillOut]
    credentials: list[CredentialOut]
    # Restricted: present for coordinators and for the interpreter themself only.
    identity: Identity | None = None
    conflicts: list[ConflictOut] | None = None


class InterpreterPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[InterpreterOut]


class LanguageOut(BaseModel):
    code: str
    name_en: str
    name_es: str
    is_sign_language: bool


class ImportReport(BaseModel):
    created: int
    ids: list[int]


class CoverageCell(BaseModel):
    language: str
    country: str
    interpreters: int


class ExpiringCredential(BaseModel):
    interpreter_id: int
    display_name: str
    kind: CredentialKind
    language: str | None
    expires_on: date


class CoverageOut(BaseModel):
    on: date
    cells: list[CoverageCell]
    expiring: list[ExpiringCredential]


class SortKey(StrEnum):
    NAME = "name"
    COUNTRY = "country"
    NEWEST = "newest"


class SearchFilters(InputModel):
    model_config = ConfigDict(frozen=True)

    language: LanguageCode | None = None
    working_language: LanguageCode | None = None
    country: CountryCode | None = None
    modality: Modality | None = None
    min_proficiency: int | None = Field(default=None, ge=0, le=5)
    credential: CredentialKind | None = None
    valid_on: date | None = Field(default=None, le=date(9000, 1, 1))
    specialisation: Specialisation | None = None
    gender: Gender | None = None
    vetting_status: VettingStatus | None = None
    name: str | None = Field(default=None, max_length=100)
    sort: SortKey = SortKey.NAME
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=1_000_000)

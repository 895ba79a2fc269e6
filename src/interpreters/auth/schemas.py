from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, EmailStr, Field

from interpreters.auth.passwords import MAX_LENGTH, MIN_LENGTH
from interpreters.principal import Role
from interpreters.reference import CountryCode, TimeZoneName
from interpreters.validation import InputModel


class LoginIn(InputModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    # Scripts ask for a bearer token instead of a cookie, giving the second factor's code
    # in the same request.
    issue_token: bool = False
    code: str | None = Field(default=None, max_length=32)


class MeOut(BaseModel):
    user_id: int
    email: str
    display_name: str
    role: Role
    language: str
    country: str | None
    institution_id: int | None
    interpreter_id: int | None
    countries: list[str]
    # full; enrol (set up a second factor first) or second_factor (give its code first).
    stage: str


class LoginOut(BaseModel):
    user: MeOut
    csrf_token: str | None = None
    token: str | None = None


class InstitutionIn(InputModel):
    name: str = Field(min_length=2, max_length=200)
    kind: str = Field(pattern="^(prosecutor_office|court)$")
    country: CountryCode
    timezone: TimeZoneName


class InstitutionOut(BaseModel):
    id: int
    name: str
    kind: str
    country: str
    timezone: str


def _codes(codes: list[str]) -> list[str]:
    return sorted(set(codes))


# At most 21 codes fit the column; the coalition has nine countries.
Countries = Annotated[list[CountryCode], AfterValidator(_codes)]


class InviteIn(InputModel):
    """A person to invite: the account is created without a password, which they set
    through the link mailed to them."""

    email: EmailStr
    role: Role
    display_name: str = Field(min_length=2, max_length=200)
    language: str = Field(default="es", pattern="^(es|en)$")
    institution_id: int | None = None
    interpreter_id: int | None = None
    countries: Countries = Field(default_factory=list, max_length=20)


class UserChangeIn(InputModel):
    """What a coordinator changes of an account; what is left out stays as it is."""

    role: Role | None = None
    display_name: str | None = Field(default=None, min_length=2, max_length=200)
    language: str | None = Field(default=None, pattern="^(es|en)$")
    institution_id: int | None = None
    interpreter_id: int | None = None
    # Litestar's OpenAPI loses a list's bounds when the list may be null: said again here.
    countries: Countries | None = Field(
        default=None, max_length=20, json_schema_extra={"maxItems": 20}
    )


class UserOut(BaseModel):
    id: int
    email: str
    role: Role
    display_name: str
    language: str
    institution_id: int | None
    interpreter_id: int | None
    countries: list[str]
    active: bool
    # Invited and not yet signed up: no password is set.
    invited: bool
    created_at: datetime


class SessionOut(BaseModel):
    """One of the signed-in person's browser sessions or API tokens."""

    id: int
    kind: str
    device: str
    client_address: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    # The session this request came with.
    current: bool


class SetPasswordIn(InputModel):
    """The token from an invitation's or a reset's link (what follows `#`) and the new
    password."""

    token: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH)


class ChangePasswordIn(InputModel):
    current_password: str = Field(max_length=MAX_LENGTH)
    new_password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH)
    # Needed once the account has a second factor.
    code: str | None = Field(default=None, max_length=32)


class CodeIn(InputModel):
    """A code of the authenticator app, or a recovery code."""

    code: str = Field(min_length=1, max_length=32)


class TotpSetupOut(BaseModel):
    """The secret to type into an authenticator app, or the otpauth URI its QR code holds."""

    secret: str
    uri: str


class RecoveryCodesOut(BaseModel):
    """Shown once: each code stands in for the app one time."""

    recovery_codes: list[str]


class SecondFactorOut(BaseModel):
    enrolled: bool
    # Whether the role must have one (SECOND_FACTOR_ROLES).
    required: bool
    recovery_codes_left: int


class PasswordResetIn(InputModel):
    email: str = Field(max_length=254)

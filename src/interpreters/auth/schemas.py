from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

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


class AuthenticatorResponseIn(InputModel):
    """A WebAuthn authenticator's response, base64url-encoded as browsers' `toJSON()` gives
    it (registration or assertion); what else browsers add is ignored."""

    model_config = ConfigDict(extra="ignore")
    clientDataJSON: str = Field(max_length=4096)
    attestationObject: str | None = Field(default=None, max_length=16384)
    authenticatorData: str | None = Field(default=None, max_length=4096)
    signature: str | None = Field(default=None, max_length=1024)
    userHandle: str | None = Field(default=None, max_length=128)
    transports: list[str] = Field(default_factory=list, max_length=8)


class PasskeyCredentialIn(InputModel):
    """What `navigator.credentials.create()` or `.get()` answered, as its `toJSON()`; its
    extension results are not used."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=1400)
    rawId: str = Field(min_length=1, max_length=1400)
    type: Literal["public-key"]
    response: AuthenticatorResponseIn
    authenticatorAttachment: str | None = Field(default=None, max_length=32)


class PasskeyAnswerIn(InputModel):
    """The browser's answer to a passkey challenge, with the ticket that came with it."""

    ticket: str = Field(min_length=1, max_length=64)
    credential: PasskeyCredentialIn


class PasskeyAddIn(PasskeyAnswerIn):
    name: str = Field(min_length=1, max_length=100)


class PasskeyOptionsOut(BaseModel):
    """For `PublicKeyCredential.parseCreationOptionsFromJSON` (or `…RequestOptions…`)."""

    ticket: str
    options: dict[str, Any]


class PasskeyOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


class PasskeyAddedOut(BaseModel):
    passkey: PasskeyOut
    # Shown this once, when the passkey is the account's first second factor; else empty.
    recovery_codes: list[str]


class ChangePasswordIn(InputModel):
    current_password: str = Field(max_length=MAX_LENGTH)
    new_password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH)
    # Once the account has a second factor: a code of its app (or a recovery code), or an
    # answer of one of its passkeys.
    code: str | None = Field(default=None, max_length=32)
    passkey: PasskeyAnswerIn | None = None


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
    # What the account has: an authenticator app, and how many passkeys.
    totp: bool
    passkeys: int


class PasswordResetIn(InputModel):
    email: str = Field(max_length=254)

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, EmailStr, Field

from interpreters.principal import Role
from interpreters.reference import CountryCode, TimeZoneName
from interpreters.validation import InputModel


class LoginIn(InputModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    # Scripts ask for a bearer token instead of a cookie.
    issue_token: bool = False


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


class UserIn(InputModel):
    email: EmailStr
    password: str = Field(min_length=12, max_length=200)
    role: Role
    display_name: str = Field(min_length=2, max_length=200)
    language: str = Field(default="es", pattern="^(es|en)$")
    institution_id: int | None = None
    interpreter_id: int | None = None
    # At most 21 codes fit the column; the coalition has nine countries.
    countries: Annotated[list[CountryCode], AfterValidator(lambda c: sorted(set(c)))] = Field(
        default_factory=list, max_length=20
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

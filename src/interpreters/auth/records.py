"""What other packages read of accounts and institutions, as typed records built from
rows here only."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from interpreters.auth.tables import Institution, User
from interpreters.principal import Role


@dataclass(frozen=True, slots=True)
class Account:
    """A person to address: their name, mail address and language."""

    id: int
    email: str
    display_name: str
    language: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Account:
        return cls(row["id"], row["email"], row["display_name"], row["language"])


@dataclass(frozen=True, slots=True)
class InstitutionRecord:
    id: int
    name: str
    kind: str
    country: str
    timezone: str


PERSON = (User.id, User.email, User.display_name, User.language)


def _covers(countries: str, country: str) -> bool:
    """Whether a coordinator's comma-separated countries cover `country` (empty: regional)."""
    return not countries or country in countries.split(",")


async def account(user_id: int) -> Account | None:
    row = await User.select(*PERSON).where(User.id == user_id).first()
    return None if row is None else Account.from_row(row)


async def active_among(user_ids: Collection[int]) -> set[int]:
    """Those of the accounts `user_ids` that are active."""
    if not user_ids:
        return set()
    rows = await User.select(User.id).where(User.id.is_in(list(user_ids)), User.active.eq(True))
    return {row["id"] for row in rows}


async def languages_of_interpreters(interpreter_ids: Sequence[int]) -> dict[int, str]:
    """The language each interpreter's account reads, for those who have one."""
    rows = await User.select(User.interpreter, User.language).where(
        User.interpreter.is_in(list(interpreter_ids))
    )
    return {row["interpreter"]: row["language"] for row in rows}


async def coordinators_of(country: str) -> list[Account]:
    """The active coordinators of `country`, regional ones included."""
    rows = await User.select(*PERSON, User.countries).where(
        User.active.eq(True), User.role == Role.COORDINATOR.value
    )
    return [Account.from_row(row) for row in rows if _covers(row["countries"], country)]


async def institution_and_coordinators(institution_id: int, country: str) -> list[int]:
    """The active accounts of the institution and the coordinators of `country` (regional
    ones included)."""
    rows = await User.select(User.id, User.institution, User.countries).where(
        User.active.eq(True),
        (User.institution == institution_id) | (User.role == Role.COORDINATOR.value),
    )
    return [
        row["id"]
        for row in rows
        if row["institution"] == institution_id or _covers(row["countries"], country)
    ]


async def court_account(email: str) -> int | None:
    """The court user account with this address, if there is one."""
    row = (
        await User.select(User.id)
        .where(User.email == email.lower(), User.role == Role.COURT.value)
        .first()
    )
    return None if row is None else int(row["id"])


async def institution(institution_id: int) -> InstitutionRecord | None:
    row = (
        await Institution.select(
            Institution.id,
            Institution.name,
            Institution.kind,
            Institution.country,
            Institution.timezone,
        )
        .where(Institution.id == institution_id)
        .first()
    )
    return None if row is None else InstitutionRecord(**row)

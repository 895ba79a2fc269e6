"""Who is asking: the signed-in user as every service sees them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PROSECUTOR = "prosecutor"
    INTERPRETER = "interpreter"
    COURT = "court"


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    email: str
    display_name: str
    role: Role
    language: str
    # Country of the prosecutor's or court's institution.
    country: str | None
    institution_id: int | None
    interpreter_id: int | None
    # A coordinator's scope; empty means regional.
    countries: frozenset[str]
    session_kind: str
    client_address: str
    # "full" once signed in; "enrol" or "second_factor" while the second factor is still to
    # be set up or given: only the routes that finish signing in are open then.
    stage: str = "full"

    @property
    def is_coordinator(self) -> bool:
        return self.role is Role.COORDINATOR

    def coordinates(self, countries: set[str]) -> bool:
        """A regional coordinator manages everything; a scoped one what touches their countries."""
        return self.is_coordinator and (not self.countries or bool(self.countries & countries))


def command_line_principal() -> Principal:
    """The operator at the server's command line: a regional coordinator with no account (id 0)."""
    return Principal(
        user_id=0,
        email="command-line",
        display_name="Command line",
        role=Role.COORDINATOR,
        language="es",
        country=None,
        institution_id=None,
        interpreter_id=None,
        countries=frozenset(),
        session_kind="cli",
        client_address="local",
    )

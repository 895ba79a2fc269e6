"""What other packages read of the registry, as typed records built from rows here only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from interpreters.db import for_update
from interpreters.errors import Forbidden, NotFound
from interpreters.principal import Principal, Role
from interpreters.registry.tables import Credential, Interpreter
from interpreters.registry.views import countries_of, vetted


@dataclass(frozen=True, slots=True)
class InterpreterRecord:
    """An interpreter as matching, booking and mail need them; the restricted identity
    fields stay in the registry, except the address their own mail goes to."""

    id: int
    display_name: str
    email: str
    gender: str
    country: str
    timezone: str
    vetting_status: str
    background_check_expires_on: date | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> InterpreterRecord:
        return cls(**{name: row[name] for name in cls.__slots__})

    def vetted_on(self, on: date) -> bool:
        return vetted(self.vetting_status, self.background_check_expires_on, on)


COLUMNS = [getattr(Interpreter, name) for name in InterpreterRecord.__slots__]


async def interpreters(ids: Sequence[int]) -> dict[int, InterpreterRecord]:
    """The records of those of `ids` that exist, by id."""
    if not ids:
        return {}
    rows = await Interpreter.select(*COLUMNS).where(Interpreter.id.is_in(list(set(ids))))
    return {row["id"]: InterpreterRecord.from_row(row) for row in rows}


async def interpreter(interpreter_id: int) -> InterpreterRecord:
    found = await interpreters([interpreter_id])
    if interpreter_id not in found:
        raise NotFound("No interpreter with id {id}.", id=interpreter_id)
    return found[interpreter_id]


async def lock_interpreters(ids: Sequence[int]) -> None:
    """Lock the interpreters' rows until the transaction ends, always in the same order."""
    await for_update(
        Interpreter.select(Interpreter.id)
        .where(Interpreter.id.is_in(sorted(set(ids))))
        .order_by(Interpreter.id)
    )


async def require_manager(actor: Principal, interpreter_id: int) -> None:
    if not actor.coordinates(await countries_of(interpreter_id)):
        raise Forbidden("This interpreter is outside your countries.")


async def require_self_or_manager(actor: Principal, interpreter_id: int) -> None:
    if actor.role is Role.INTERPRETER:
        if actor.interpreter_id != interpreter_id:
            raise Forbidden("Interpreters may change only their own record.")
        return
    await require_manager(actor, interpreter_id)


async def managed(actor: Principal, interpreter_id: int) -> InterpreterRecord:
    """The record, for a coordinator of its countries: 404 when there is none, then 403."""
    record = await interpreter(interpreter_id)
    await require_manager(actor, interpreter_id)
    return record


async def own_or_managed(actor: Principal, interpreter_id: int) -> InterpreterRecord:
    """The record, for the interpreter themself or a coordinator of their countries."""
    record = await interpreter(interpreter_id)
    await require_self_or_manager(actor, interpreter_id)
    return record


@dataclass(frozen=True, slots=True)
class ExpiringCredential:
    """A credential about to expire, with what its alerts say and to whom."""

    id: int
    kind: str
    issuer: str
    language: str | None
    expires_on: date
    interpreter: int
    email: str
    name: str
    country: str


async def expiring_credentials(after: date, until: date) -> list[ExpiringCredential]:
    """Credentials that expire after `after` and by `until`, with their holder."""
    rows = await Credential.select(
        Credential.id,
        Credential.kind,
        Credential.issuer,
        Credential.language,
        Credential.expires_on,
        Credential.interpreter,
        Credential.interpreter.email.as_alias("email"),
        Credential.interpreter.display_name.as_alias("name"),
        Credential.interpreter.country.as_alias("country"),
    ).where(Credential.expires_on > after, Credential.expires_on <= until)
    return [ExpiringCredential(**row) for row in rows]

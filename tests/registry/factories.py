"""Building interpreter records for tests through the real service."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from interpreters.registry.schemas import InterpreterIn
from interpreters.registry.service import insert_interpreter
from interpreters.registry.tables import Credential, Interpreter

TODAY = datetime.now(UTC).date()


def interpreter_data(n: int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "display_name": f"Interpreter {n}",
        "legal_name": f"Legal Name {n}",
        "email": f"interpreter{n}@example.org",
        "phone": "+504 2222 0000",
        "national_id": f"ID-{n}",
        "gender": "female",
        "country": "GT",
        "timezone": "America/Guatemala",
        "countries_served": ["GT", "HN"],
        "modalities": ["video"],
        "specialisations": ["victim_interviews"],
        "skills": [{"language": "quc", "proficiency": 4}],
        "credentials": [],
    }
    data.update(overrides)
    return data


async def add_interpreter(
    n: int, vetted: bool = True, verified: bool = True, **overrides: Any
) -> int:
    interpreter_id = await insert_interpreter(
        InterpreterIn.model_validate(interpreter_data(n, **overrides)), None
    )
    if vetted:
        await Interpreter.update(
            {
                Interpreter.vetting_status: "vetted",
                Interpreter.background_check_on: TODAY - timedelta(days=30),
                Interpreter.background_check_expires_on: TODAY + timedelta(days=365),
                Interpreter.confidentiality_signed_on: TODAY - timedelta(days=30),
                Interpreter.code_of_conduct_accepted_on: TODAY - timedelta(days=30),
            }
        ).where(Interpreter.id == interpreter_id)
    if verified:
        await Credential.update({Credential.verified_at: datetime.now(UTC)}).where(
            Credential.interpreter == interpreter_id
        )
    return interpreter_id


def credential(
    kind: str, issued: date, expires: date | None, language: str | None = None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "issuer": "Poder Judicial",
        "number": "N-1",
        "language": language,
        "issued_on": issued.isoformat(),
        "expires_on": expires.isoformat() if expires else None,
    }

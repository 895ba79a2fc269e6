"""CSV import (all or nothing, with a report of every bad row) and export.

Lists inside a cell are separated by ';'. A skill is
`language|working_language|direction|proficiency|modes|variety` with modes joined by '+';
a credential is `kind|issuer|number|language|issued_on|expires_on` (dates as YYYY-MM-DD,
empty language or expiry allowed). Imported credentials start unverified.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from interpreters import audit, db
from interpreters.errors import DomainError, FieldError, Forbidden, InvalidInput, field_errors
from interpreters.principal import Principal
from interpreters.registry.schemas import InterpreterIn
from interpreters.registry.service import insert_interpreter, skill_rows
from interpreters.registry.tables import Credential, Interpreter, LanguageSkill
from interpreters.registry.views import (
    COUNTRY,
    MODALITY,
    RESTRICTED_FIELDS,
    SPECIALISATION,
    tags_of,
)

COLUMNS = (
    "display_name",
    "legal_name",
    "email",
    "phone",
    "national_id",
    "gender",
    "country",
    "timezone",
    "countries_served",
    "modalities",
    "specialisations",
    "skills",
    "credentials",
)
LIST_COLUMNS = ("countries_served", "modalities", "specialisations")
SKILL_PARTS = ("language", "working_language", "direction", "proficiency", "modes", "variety")
CREDENTIAL_PARTS = ("kind", "issuer", "number", "language", "issued_on", "expires_on")

Progress = Callable[[int, int], None]
# A cell starting with one of these is a formula to a spreadsheet: exported with a leading
# apostrophe (which spreadsheets hide) and read back without it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell_out(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell_in(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def _parts(item: str, names: tuple[str, ...], column: str) -> dict[str, Any]:
    parts = [p.strip() for p in item.split("|")]
    if len(parts) > len(names):
        raise InvalidInput(
            "{column}: '{item}' has more than {parts} parts",
            column,
            column=column,
            item=item,
            parts=len(names),
        )
    values = dict(zip(names, parts, strict=False))
    return {k: v for k, v in values.items() if v != ""}


def _row_to_model(row: dict[str, str]) -> InterpreterIn:
    row = {column: _cell_in(value) for column, value in row.items() if column in COLUMNS}
    data: dict[str, Any] = {c: row[c].strip() for c in COLUMNS if c not in LIST_COLUMNS}
    for column in LIST_COLUMNS:
        data[column] = _items(row[column])
    skills = [_parts(i, SKILL_PARTS, "skills") for i in _items(row["skills"])]
    for skill in skills:
        if "modes" in skill:
            skill["modes"] = skill["modes"].split("+")
    data["skills"] = skills
    data["credentials"] = [
        _parts(i, CREDENTIAL_PARTS, "credentials") for i in _items(row["credentials"])
    ]
    return InterpreterIn.model_validate(data)


def _read_row(
    number: int, row: dict[str, Any], width: int
) -> tuple[InterpreterIn | None, list[FieldError]]:
    """The row's record, or everything wrong with it, each named `row N.field`."""
    if row.get("__extra__") or any(row[c] is None for c in COLUMNS):
        return None, [FieldError.of(f"row {number}", "expected {width} columns", width=width)]
    try:
        model = _row_to_model(row)
        skill_rows(0, model.country, model.skills)
    except ValidationError as error:
        return None, field_errors(error, prefix=f"row {number}.")
    except DomainError as error:
        named = [FieldError(f"row {number}.{e.field}", e.text) for e in error.errors]
        return None, named or [FieldError(f"row {number}", error.text)]
    return model, []


def parse(text: str) -> list[InterpreterIn]:
    """Every row checked; any error rejects the whole file, listing all of them."""
    reader = csv.DictReader(io.StringIO(text), restkey="__extra__")
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidInput.with_errors(
            "The CSV header lacks required columns.",
            [FieldError.of("header", "missing column '{column}'", column=c) for c in missing],
        )
    models: list[InterpreterIn] = []
    errors: list[FieldError] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(reader, start=2):
            model, problems = _read_row(number, row, len(header))
            errors.extend(problems)
            if model is None:
                continue
            email = model.email.lower()
            if email in seen:
                errors.append(
                    FieldError.of(f"row {number}.email", "same email as row {row}", row=seen[email])
                )
            seen[email] = number
            models.append(model)
    except csv.Error as error:
        errors.append(
            FieldError.of(
                f"line {reader.line_num}", "not readable as CSV: {problem}", problem=str(error)
            )
        )
    if errors:
        raise InvalidInput.with_errors(
            "{count} problem(s) in the file; nothing was imported.", errors, count=len(errors)
        )
    if not models:
        raise InvalidInput("The file has no data rows.", "file")
    return models


async def import_models(
    actor: Principal, models: list[InterpreterIn], progress: Progress | None = None
) -> list[int]:
    emails = [m.email.lower() for m in models]
    taken = {
        r["email"]
        for r in await Interpreter.select(Interpreter.email).where(Interpreter.email.is_in(emails))
    }
    if taken:
        raise InvalidInput.with_errors(
            "Some emails are already registered; nothing was imported.",
            [
                FieldError.of(f"row {i + 2}.email", "already registered")
                for i, e in enumerate(emails)
                if e in taken
            ],
        )
    for i, model in enumerate(models):
        if not actor.coordinates({model.country, *model.countries_served}):
            raise Forbidden("Row {row} is outside your countries; nothing was imported.", row=i + 2)
    ids = []
    async with db.transaction():
        for done, model in enumerate(models, start=1):
            interpreter_id = await insert_interpreter(model, actor.user_id)
            await audit.record(actor, "import", "interpreter", interpreter_id)
            ids.append(interpreter_id)
            if progress:
                progress(done, len(models))
    return ids


async def export(actor: Principal) -> str:
    rows = await Interpreter.select().order_by(Interpreter.id)
    ids = [r["id"] for r in rows]
    tags = await tags_of(ids)
    rows = [r for r in rows if actor.coordinates({r["country"], *tags[r["id"]][COUNTRY]})]
    skills: dict[int, list[str]] = {}
    for s in await LanguageSkill.select().order_by(LanguageSkill.id):
        parts = [
            s["language"],
            s["working_language"],
            s["direction"],
            str(s["proficiency"]),
            s["modes"].replace(",", "+"),
            s["variety"],
        ]
        skills.setdefault(s["interpreter"], []).append("|".join(parts))
    credentials: dict[int, list[str]] = {}
    for c in await Credential.select().order_by(Credential.id):
        parts = [
            c["kind"],
            c["issuer"],
            c["number"],
            c["language"] or "",
            c["issued_on"].isoformat(),
            c["expires_on"].isoformat() if c["expires_on"] else "",
        ]
        credentials.setdefault(c["interpreter"], []).append("|".join(parts))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for r in rows:
        own = tags[r["id"]]
        cells = [
            *(r[c] for c in COLUMNS[:8]),
            ";".join(own[COUNTRY]),
            ";".join(own[MODALITY]),
            ";".join(own[SPECIALISATION]),
            ";".join(skills.get(r["id"], [])),
            ";".join(credentials.get(r["id"], [])),
        ]
        writer.writerow([_cell_out(cell) for cell in cells])
    await audit.record(
        actor, "export", "interpreter", None, [*RESTRICTED_FIELDS, "credentials.number"]
    )
    return out.getvalue()

"""The registry's rules: who may create, change, vet and verify what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from interpreters import db
from interpreters.audit import service as audit
from interpreters.auth.principal import Principal, Role
from interpreters.errors import Conflict, Forbidden, InvalidInput, NotFound
from interpreters.registry.schemas import (
    ConflictIn,
    CredentialIn,
    InterpreterIn,
    InterpreterOut,
    InterpreterUpdate,
    ProfileFields,
    SkillIn,
    VettingIn,
    VettingStatus,
)
from interpreters.registry.tables import (
    ConflictOfInterest,
    Credential,
    Interpreter,
    InterpreterTag,
    LanguageSkill,
    VettingEvent,
)
from interpreters.registry.views import (
    COUNTRY,
    MODALITY,
    RESTRICTED_FIELDS,
    SPECIALISATION,
    build_views,
    tags_of,
    today,
    vetting_is_valid,
)

TAG_FIELDS = {
    "countries_served": COUNTRY,
    "modalities": MODALITY,
    "specialisations": SPECIALISATION,
}
TRANSITIONS: dict[VettingStatus, set[VettingStatus]] = {
    VettingStatus.APPLICANT: {VettingStatus.VETTED, VettingStatus.REVOKED},
    VettingStatus.VETTED: {VettingStatus.VETTED, VettingStatus.SUSPENDED, VettingStatus.REVOKED},
    VettingStatus.SUSPENDED: {VettingStatus.VETTED, VettingStatus.REVOKED},
    VettingStatus.REVOKED: set(),
}
VETTING_DATES = (
    "background_check_on",
    "background_check_expires_on",
    "confidentiality_signed_on",
    "code_of_conduct_accepted_on",
)


async def _row(interpreter_id: int) -> dict[str, Any]:
    row = await Interpreter.select().where(Interpreter.id == interpreter_id).first()
    if row is None:
        raise NotFound(f"No interpreter with id {interpreter_id}.")
    return row


async def _countries(row: dict[str, Any]) -> set[str]:
    return {row["country"], *(await tags_of([row["id"]]))[row["id"]][COUNTRY]}


async def _require_manager(actor: Principal, row: dict[str, Any]) -> None:
    if not actor.coordinates(await _countries(row)):
        raise Forbidden("This interpreter is outside your countries.")


async def _require_self_or_manager(actor: Principal, row: dict[str, Any]) -> None:
    if actor.role is Role.INTERPRETER:
        if actor.interpreter_id != row["id"]:
            raise Forbidden("Interpreters may change only their own record.")
        return
    await _require_manager(actor, row)


def _tag_rows(interpreter_id: int, kind: str, values: list[str]) -> list[InterpreterTag]:
    return [
        InterpreterTag(interpreter=interpreter_id, kind=kind, value=value)
        for value in sorted(set(values))
    ]


def default_working_language(country: str) -> str:
    return "eng" if country == "BZ" else "spa"


def _skill_rows(interpreter_id: int, country: str, skills: list[SkillIn]) -> list[LanguageSkill]:
    rows = []
    for index, skill in enumerate(skills):
        working = skill.working_language or default_working_language(country)
        if working == skill.language:
            raise InvalidInput(
                f"'{skill.language}' cannot pair with itself; name another working_language.",
                f"skills.{index}.working_language",
            )
        rows.append(
            LanguageSkill(
                interpreter=interpreter_id,
                **skill.model_dump(exclude={"modes", "working_language"}),
                working_language=working,
                modes=",".join(sorted(set(skill.modes))),
            )
        )
    pairs = [(r.language, r.working_language, r.variety) for r in rows]
    if len(pairs) != len(set(pairs)):
        raise InvalidInput("The same language pair and variety is listed twice.", "skills")
    return rows


def _credential_row(interpreter_id: int, data: CredentialIn) -> Credential:
    return Credential(interpreter=interpreter_id, **data.model_dump())


async def _email_is_free(email: str, except_id: int | None = None) -> None:
    query = Interpreter.exists().where(Interpreter.email == email)
    if except_id is not None:
        query = Interpreter.exists().where(Interpreter.email == email, Interpreter.id != except_id)
    if await query:
        raise Conflict("Another interpreter already uses this email.", field="email")


async def insert_interpreter(data: InterpreterIn, by_user: int | None) -> int:
    """Write one record with its skills, credentials and first vetting event (in a transaction)."""
    email = data.email.lower()
    await _email_is_free(email)
    interpreter = Interpreter(
        **data.model_dump(exclude={"email", *TAG_FIELDS, "skills", "credentials"}), email=email
    )
    await interpreter.save()
    tags = [
        tag
        for field, kind in TAG_FIELDS.items()
        for tag in _tag_rows(interpreter.id, kind, getattr(data, field))
    ]
    if tags:
        await InterpreterTag.insert(*tags)
    if data.skills:
        await LanguageSkill.insert(*_skill_rows(interpreter.id, data.country, data.skills))
    if data.credentials:
        await Credential.insert(*[_credential_row(interpreter.id, c) for c in data.credentials])
    await VettingEvent.insert(
        VettingEvent(interpreter=interpreter.id, status="applicant", by_user=by_user)
    )
    return int(interpreter.id)


async def create_interpreter(actor: Principal, data: InterpreterIn) -> InterpreterOut:
    if not actor.coordinates({data.country, *data.countries_served}):
        raise Forbidden("This interpreter is outside your countries.", field="country")
    async with db.transaction():
        interpreter_id = await insert_interpreter(data, actor.user_id)
        await audit.record(actor, "create", "interpreter", interpreter_id)
    return await get_interpreter(actor, interpreter_id, audited=False)


async def get_interpreter(
    viewer: Principal, interpreter_id: int, audited: bool = True
) -> InterpreterOut:
    row = await _row(interpreter_id)
    if viewer.role is Role.INTERPRETER and viewer.interpreter_id != interpreter_id:
        raise Forbidden("Interpreters see only their own record.")
    if viewer.role in {Role.PROSECUTOR, Role.COURT} and not vetting_is_valid(row, today()):
        raise NotFound(f"No interpreter with id {interpreter_id}.")
    [view] = await build_views([row], viewer, detailed=True)
    if audited and view.identity is not None and viewer.interpreter_id != interpreter_id:
        fields = [*RESTRICTED_FIELDS, *(["conflicts"] if view.conflicts is not None else [])]
        await audit.record(viewer, "read_restricted", "interpreter", interpreter_id, fields)
    return view


async def update_interpreter(
    actor: Principal, interpreter_id: int, data: InterpreterUpdate
) -> InterpreterOut:
    row = await _row(interpreter_id)
    await _require_self_or_manager(actor, row)
    changes = data.model_dump(exclude_unset=True)
    if actor.role is Role.INTERPRETER:
        not_own = sorted(set(changes) - set(ProfileFields.model_fields))
        if not_own:
            raise Forbidden("Only a coordinator changes this field.", field=not_own[0])
    nulls = [field for field, value in changes.items() if value is None]
    if nulls:
        raise InvalidInput("This field cannot be emptied.", field=nulls[0])
    if "email" in changes:
        changes["email"] = changes["email"].lower()
        await _email_is_free(changes["email"], except_id=interpreter_id)
    columns = {f: v for f, v in changes.items() if f not in TAG_FIELDS}
    async with db.transaction():
        if columns:
            await Interpreter.update(**columns, updated_at=datetime.now(UTC)).where(
                Interpreter.id == interpreter_id
            )
        for field, kind in TAG_FIELDS.items():
            if field in changes:
                await InterpreterTag.delete().where(
                    InterpreterTag.interpreter == interpreter_id, InterpreterTag.kind == kind
                )
                tags = _tag_rows(interpreter_id, kind, changes[field])
                if tags:
                    await InterpreterTag.insert(*tags)
        await audit.record(actor, "update", "interpreter", interpreter_id, changes)
    return await get_interpreter(actor, interpreter_id, audited=False)


async def replace_skills(
    actor: Principal, interpreter_id: int, skills: list[SkillIn]
) -> InterpreterOut:
    row = await _row(interpreter_id)
    await _require_self_or_manager(actor, row)
    rows = _skill_rows(interpreter_id, row["country"], skills)
    async with db.transaction():
        await LanguageSkill.delete().where(LanguageSkill.interpreter == interpreter_id)
        if rows:
            await LanguageSkill.insert(*rows)
        await audit.record(actor, "replace_skills", "interpreter", interpreter_id, ["skills"])
    return await get_interpreter(actor, interpreter_id, audited=False)


async def _credential(interpreter_id: int, credential_id: int) -> dict[str, Any]:
    row = (
        await Credential.select()
        .where(Credential.id == credential_id, Credential.interpreter == interpreter_id)
        .first()
    )
    if row is None:
        raise NotFound(f"No credential {credential_id} for interpreter {interpreter_id}.")
    return row


async def _change_credential(
    actor: Principal,
    interpreter_id: int,
    action: str,
    credential_id: int | None,
    write: Callable[[], Any],
) -> InterpreterOut:
    async with db.transaction():
        created = await write()
        record_id = credential_id if credential_id is not None else created[0]["id"]
        await audit.record(actor, action, "credential", record_id)
    return await get_interpreter(actor, interpreter_id, audited=False)


async def add_credential(
    actor: Principal, interpreter_id: int, data: CredentialIn
) -> InterpreterOut:
    await _require_self_or_manager(actor, await _row(interpreter_id))
    return await _change_credential(
        actor,
        interpreter_id,
        "create",
        None,
        lambda: Credential.insert(_credential_row(interpreter_id, data)),
    )


async def update_credential(
    actor: Principal, interpreter_id: int, credential_id: int, data: CredentialIn
) -> InterpreterOut:
    await _require_self_or_manager(actor, await _row(interpreter_id))
    await _credential(interpreter_id, credential_id)
    # Any change returns the credential to unverified: a coordinator must look again.
    values = {**data.model_dump(), "verified_by": None, "verified_at": None}
    return await _change_credential(
        actor,
        interpreter_id,
        "update",
        credential_id,
        lambda: Credential.update(**values).where(Credential.id == credential_id),
    )


async def delete_credential(
    actor: Principal, interpreter_id: int, credential_id: int
) -> InterpreterOut:
    await _require_self_or_manager(actor, await _row(interpreter_id))
    await _credential(interpreter_id, credential_id)
    return await _change_credential(
        actor,
        interpreter_id,
        "delete",
        credential_id,
        lambda: Credential.delete().where(Credential.id == credential_id),
    )


async def verify_credential(
    actor: Principal, interpreter_id: int, credential_id: int
) -> InterpreterOut:
    await _require_manager(actor, await _row(interpreter_id))
    await _credential(interpreter_id, credential_id)
    values: dict[str, Any] = {"verified_by": actor.user_id, "verified_at": datetime.now(UTC)}
    return await _change_credential(
        actor,
        interpreter_id,
        "verify",
        credential_id,
        lambda: Credential.update(**values).where(Credential.id == credential_id),
    )


def _check_vetted(dates: dict[str, Any]) -> None:
    for field in VETTING_DATES:
        if dates.get(field) is None:
            raise InvalidInput(f"Vetting needs {field}.", field=field)
    if dates["background_check_expires_on"] <= today():
        raise InvalidInput("The background check has expired.", "background_check_expires_on")
    if dates["background_check_expires_on"] <= dates["background_check_on"]:
        raise InvalidInput(
            "The background check expires before it was done.", "background_check_expires_on"
        )


async def set_vetting(actor: Principal, interpreter_id: int, data: VettingIn) -> InterpreterOut:
    row = await _row(interpreter_id)
    await _require_manager(actor, row)
    current = VettingStatus(row["vetting_status"])
    if data.status not in TRANSITIONS[current]:
        raise Conflict(f"A {current} interpreter cannot become {data.status}.", field="status")
    given = data.model_dump(include=set(VETTING_DATES), exclude_none=True)
    dates = {**{f: row[f] for f in VETTING_DATES}, **given}
    if data.status is VettingStatus.VETTED:
        _check_vetted(dates)
    async with db.transaction():
        await Interpreter.update(
            **given, vetting_status=data.status.value, updated_at=datetime.now(UTC)
        ).where(Interpreter.id == interpreter_id)
        await VettingEvent.insert(
            VettingEvent(
                interpreter=interpreter_id,
                status=data.status.value,
                note=data.note,
                by_user=actor.user_id,
            )
        )
        await audit.record(actor, f"vetting_{data.status}", "interpreter", interpreter_id, given)
    return await get_interpreter(actor, interpreter_id, audited=False)


async def declare_conflict(actor: Principal, interpreter_id: int, data: ConflictIn) -> int:
    await _require_self_or_manager(actor, await _row(interpreter_id))
    if not (data.case_reference or data.community):
        raise InvalidInput("Name the case reference or the community concerned.", "case_reference")
    conflict = ConflictOfInterest(interpreter=interpreter_id, **data.model_dump())
    async with db.transaction():
        await conflict.save()
        await audit.record(actor, "declare_conflict", "interpreter", interpreter_id, ["conflicts"])
    return int(conflict.id)

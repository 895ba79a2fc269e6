"""The registry's rules: who may create, change, vet and verify what."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from interpreters import audit, db
from interpreters.errors import Conflict, Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal, Role
from interpreters.reference import fold
from interpreters.registry.records import (
    managed,
    own_or_managed,
    require_manager,
)
from interpreters.registry.schemas import (
    MAX_CREDENTIALS,
    MAX_SKILLS,
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


async def interpreter_row(interpreter_id: int) -> dict[str, Any]:
    row = await Interpreter.select().where(Interpreter.id == interpreter_id).first()
    if row is None:
        raise NotFound("No interpreter with id {id}.", id=interpreter_id)
    return row


def _tag_rows(interpreter_id: int, kind: str, values: list[str]) -> list[InterpreterTag]:
    return [
        InterpreterTag(interpreter=interpreter_id, kind=kind, value=value)
        for value in sorted(set(values))
    ]


def default_working_language(country: str) -> str:
    return "eng" if country == "BZ" else "spa"


def skill_rows(interpreter_id: int, country: str, skills: list[SkillIn]) -> list[LanguageSkill]:
    rows = []
    for index, skill in enumerate(skills):
        working = skill.working_language or default_working_language(country)
        if working == skill.language:
            raise InvalidInput(
                "'{language}' cannot pair with itself; name another working_language.",
                f"skills.{index}.working_language",
                language=skill.language,
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
        **data.model_dump(exclude={"email", *TAG_FIELDS, "skills", "credentials"}),
        email=email,
        search_name=fold(data.display_name),
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
        await LanguageSkill.insert(*skill_rows(interpreter.id, data.country, data.skills))
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
    return await get_interpreter(actor, interpreter_id)


async def get_interpreter(viewer: Principal, interpreter_id: int) -> InterpreterOut:
    """The record as the viewer may see it; every view of another's identity is audited,
    including the one a change returns."""
    row = await interpreter_row(interpreter_id)
    if viewer.role is Role.INTERPRETER and viewer.interpreter_id != interpreter_id:
        raise Forbidden("Interpreters see only their own record.")
    if viewer.role in {Role.PROSECUTOR, Role.COURT} and not vetting_is_valid(row, today()):
        raise NotFound("No interpreter with id {id}.", id=interpreter_id)
    [view] = await build_views([row], viewer, detailed=True)
    if view.identity is not None and viewer.interpreter_id != interpreter_id:
        fields = [*RESTRICTED_FIELDS, *(["conflicts"] if view.conflicts is not None else [])]
        await audit.record(viewer, "read_restricted", "interpreter", interpreter_id, fields)
    return view


async def update_interpreter(
    actor: Principal, interpreter_id: int, data: InterpreterUpdate
) -> InterpreterOut:
    await own_or_managed(actor, interpreter_id)
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput("Send at least one field to change.", field="body")
    if actor.role is Role.INTERPRETER:
        not_own = sorted(set(changes) - set(ProfileFields.model_fields))
        if not_own:
            raise Forbidden("Only a coordinator changes this field.", field=not_own[0])
    nulls = [field for field, value in changes.items() if value is None]
    if nulls:
        raise InvalidInput("This field cannot be emptied.", field=nulls[0])
    if "email" in changes:
        changes["email"] = changes["email"].lower()
    if "display_name" in changes:
        changes["search_name"] = fold(changes["display_name"])
    columns = {f: v for f, v in changes.items() if f not in TAG_FIELDS}
    async with db.transaction():
        if "email" in changes:
            await _email_is_free(changes["email"], except_id=interpreter_id)
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
        changed = set(changes) - {"search_name"}
        await audit.record(actor, "update", "interpreter", interpreter_id, changed)
    return await get_interpreter(actor, interpreter_id)


async def replace_skills(
    actor: Principal, interpreter_id: int, skills: list[SkillIn]
) -> InterpreterOut:
    interpreter = await own_or_managed(actor, interpreter_id)
    if len(skills) > MAX_SKILLS:
        raise InvalidInput("At most {limit} language skills.", "skills", limit=MAX_SKILLS)
    rows = skill_rows(interpreter_id, interpreter.country, skills)
    async with db.transaction():
        await LanguageSkill.delete().where(LanguageSkill.interpreter == interpreter_id)
        if rows:
            await LanguageSkill.insert(*rows)
        await audit.record(actor, "replace_skills", "interpreter", interpreter_id, ["skills"])
    return await get_interpreter(actor, interpreter_id)


async def _credential(interpreter_id: int, credential_id: int) -> dict[str, Any]:
    row = (
        await Credential.select()
        .where(Credential.id == credential_id, Credential.interpreter == interpreter_id)
        .first()
    )
    if row is None:
        raise NotFound(
            "No credential {credential} for interpreter {id}.",
            credential=credential_id,
            id=interpreter_id,
        )
    return row


async def _audit_credential(
    actor: Principal, action: str, interpreter_id: int, credential_id: int
) -> None:
    # Logged against the interpreter so that one filter shows a record's whole history.
    await audit.record(
        actor, action, "interpreter", interpreter_id, [f"credentials.{credential_id}"]
    )


async def add_credential(
    actor: Principal, interpreter_id: int, data: CredentialIn
) -> InterpreterOut:
    await own_or_managed(actor, interpreter_id)
    async with db.transaction():
        held = await Credential.count().where(Credential.interpreter == interpreter_id)
        if held >= MAX_CREDENTIALS:
            raise InvalidInput("At most {limit} credentials.", "credentials", limit=MAX_CREDENTIALS)
        created = await Credential.insert(_credential_row(interpreter_id, data))
        await _audit_credential(actor, "add_credential", interpreter_id, created[0]["id"])
    return await get_interpreter(actor, interpreter_id)


async def update_credential(
    actor: Principal, interpreter_id: int, credential_id: int, data: CredentialIn
) -> InterpreterOut:
    await own_or_managed(actor, interpreter_id)
    await _credential(interpreter_id, credential_id)
    async with db.transaction():
        # Any change returns the credential to unverified: a coordinator must look again.
        await Credential.update(**data.model_dump(), verified_by=None, verified_at=None).where(
            Credential.id == credential_id
        )
        await _audit_credential(actor, "update_credential", interpreter_id, credential_id)
    return await get_interpreter(actor, interpreter_id)


async def delete_credential(
    actor: Principal, interpreter_id: int, credential_id: int
) -> InterpreterOut:
    await own_or_managed(actor, interpreter_id)
    await _credential(interpreter_id, credential_id)
    async with db.transaction():
        await Credential.delete().where(Credential.id == credential_id)
        await _audit_credential(actor, "delete_credential", interpreter_id, credential_id)
    return await get_interpreter(actor, interpreter_id)


async def verify_credential(
    actor: Principal, interpreter_id: int, credential_id: int
) -> InterpreterOut:
    await managed(actor, interpreter_id)
    await _credential(interpreter_id, credential_id)
    async with db.transaction():
        await Credential.update(verified_by=actor.user_id, verified_at=datetime.now(UTC)).where(
            Credential.id == credential_id
        )
        await _audit_credential(actor, "verify_credential", interpreter_id, credential_id)
    return await get_interpreter(actor, interpreter_id)


def _check_dates(dates: dict[str, Any], vetting: bool) -> None:
    on = today()
    for field in (
        "background_check_on",
        "confidentiality_signed_on",
        "code_of_conduct_accepted_on",
    ):
        if dates.get(field) is not None and dates[field] > on:
            raise InvalidInput("This date is in the future.", field=field)
        if vetting and dates.get(field) is None:
            raise InvalidInput("Vetting needs {name}.", field=field, name=field)
    expires, checked = dates.get("background_check_expires_on"), dates.get("background_check_on")
    if vetting and expires is None:
        field = "background_check_expires_on"
        raise InvalidInput("Vetting needs {name}.", field=field, name=field)
    if expires is not None and checked is not None and expires <= checked:
        raise InvalidInput(
            "The background check expires before it was done.", "background_check_expires_on"
        )
    if vetting and expires is not None and expires <= on:
        raise InvalidInput("The background check has expired.", "background_check_expires_on")


async def set_vetting(actor: Principal, interpreter_id: int, data: VettingIn) -> InterpreterOut:
    row = await interpreter_row(interpreter_id)
    await require_manager(actor, interpreter_id)
    current = VettingStatus(row["vetting_status"])
    if data.status not in TRANSITIONS[current]:
        raise Conflict(
            "A {current} interpreter cannot become {status}.",
            field="status",
            current=current.value,
            status=data.status.value,
        )
    given = data.model_dump(include=set(VETTING_DATES), exclude_none=True)
    _check_dates(
        {**{f: row[f] for f in VETTING_DATES}, **given}, data.status is VettingStatus.VETTED
    )
    async with db.transaction():
        # Only from the status read above: a concurrent change (a revocation) is never undone.
        changed = await (
            Interpreter.update(
                **given, vetting_status=data.status.value, updated_at=datetime.now(UTC)
            )
            .where(Interpreter.id == interpreter_id, Interpreter.vetting_status == current.value)
            .returning(Interpreter.id)
        )
        if not changed:
            raise Conflict("The vetting status changed meanwhile; reload and retry.", "status")
        await VettingEvent.insert(
            VettingEvent(
                interpreter=interpreter_id,
                status=data.status.value,
                note=data.note,
                by_user=actor.user_id,
            )
        )
        await audit.record(actor, f"vetting_{data.status}", "interpreter", interpreter_id, given)
    return await get_interpreter(actor, interpreter_id)


async def declare_conflict(actor: Principal, interpreter_id: int, data: ConflictIn) -> int:
    await own_or_managed(actor, interpreter_id)
    if not (data.case_reference or data.community):
        raise InvalidInput("Name the case reference or the community concerned.", "case_reference")
    conflict = ConflictOfInterest(interpreter=interpreter_id, **data.model_dump())
    async with db.transaction():
        await conflict.save()
        await audit.record(actor, "declare_conflict", "interpreter", interpreter_id, ["conflicts"])
    return int(conflict.id)

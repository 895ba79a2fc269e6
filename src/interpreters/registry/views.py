"""Reading interpreter records as a given viewer may see them."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from interpreters.principal import Principal, Role
from interpreters.registry.schemas import (
    ConflictOut,
    CredentialOut,
    Identity,
    InterpreterOut,
    SkillOut,
    VettingEventOut,
    VettingOut,
)
from interpreters.registry.tables import (
    ConflictOfInterest,
    Credential,
    Interpreter,
    InterpreterTag,
    LanguageSkill,
    VettingEvent,
)

COUNTRY, MODALITY, SPECIALISATION = "country", "modality", "specialisation"
RESTRICTED_FIELDS = ("legal_name", "email", "phone", "national_id")


def today() -> date:
    return datetime.now(UTC).date()


def vetted(status: str, background_check_expires_on: date | None, on: date) -> bool:
    """Vetted, with an unexpired background check (it stops counting on its expiry day)."""
    expires = background_check_expires_on
    return status == "vetted" and expires is not None and on < expires


def vetting_is_valid(row: dict[str, Any], on: date) -> bool:
    return vetted(row["vetting_status"], row["background_check_expires_on"], on)


def credential_is_valid(row: dict[str, Any], on: date) -> bool:
    """Verified, issued by `on`, and not yet expired (a credential lapses on its expiry day)."""
    expires = row["expires_on"]
    return (
        row["verified_at"] is not None
        and row["issued_on"] <= on
        and (expires is None or on < expires)
    )


def vetting_valid_condition(on: date) -> Any:
    return (Interpreter.vetting_status == "vetted") & (Interpreter.background_check_expires_on > on)


def credential_valid_condition(on: date) -> Any:
    return (
        Credential.verified_at.is_not_null()
        & (Credential.issued_on <= on)
        & (Credential.expires_on.is_null() | (Credential.expires_on > on))
    )


async def tags_of(ids: list[int]) -> dict[int, dict[str, list[str]]]:
    tags: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if ids:
        rows = (
            await InterpreterTag.select()
            .where(InterpreterTag.interpreter.is_in(ids))
            .order_by(InterpreterTag.value)
        )
        for row in rows:
            tags[row["interpreter"]][row["kind"]].append(row["value"])
    return tags


async def countries_of(interpreter_id: int) -> set[str]:
    """Residence and countries served: what decides which coordinators manage a record."""
    row = (
        await Interpreter.select(Interpreter.country)
        .where(Interpreter.id == interpreter_id)
        .first()
    )
    if row is None:
        return set()
    return {row["country"], *(await tags_of([interpreter_id]))[interpreter_id][COUNTRY]}


def sees_identity(viewer: Principal, interpreter_id: int, countries: set[str]) -> bool:
    return viewer.interpreter_id == interpreter_id or viewer.coordinates(countries)


async def build_views(
    rows: list[dict[str, Any]], viewer: Principal, detailed: bool
) -> list[InterpreterOut]:
    """One query per related table for the whole page, never one per interpreter."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    on = today()
    tags = await tags_of(ids)
    skills: dict[int, list[SkillOut]] = defaultdict(list)
    for skill in (
        await LanguageSkill.select()
        .where(LanguageSkill.interpreter.is_in(ids))
        .order_by(LanguageSkill.proficiency, ascending=False)
    ):
        skills[skill["interpreter"]].append(
            SkillOut(**{**skill, "modes": skill["modes"].split(",")})
        )
    credentials: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for credential in (
        await Credential.select().where(Credential.interpreter.is_in(ids)).order_by(Credential.id)
    ):
        credentials[credential["interpreter"]].append(credential)
    history: dict[int, list[VettingEventOut]] = defaultdict(list)
    conflicts: dict[int, list[ConflictOut]] = defaultdict(list)
    if detailed:
        for event in (
            await VettingEvent.select()
            .where(VettingEvent.interpreter.is_in(ids))
            .order_by(VettingEvent.id)
        ):
            history[event["interpreter"]].append(VettingEventOut(**event))
        if viewer.role is Role.COORDINATOR:
            for conflict in await ConflictOfInterest.select().where(
                ConflictOfInterest.interpreter.is_in(ids)
            ):
                conflicts[conflict["interpreter"]].append(ConflictOut(**conflict))

    views = []
    for row in rows:
        own_tags = tags[row["id"]]
        countries = {row["country"], *own_tags[COUNTRY]}
        privileged = detailed and sees_identity(viewer, row["id"], countries)
        views.append(
            InterpreterOut(
                id=row["id"],
                display_name=row["display_name"],
                gender=row["gender"],
                country=row["country"],
                timezone=row["timezone"],
                countries_served=own_tags[COUNTRY],
                modalities=own_tags[MODALITY],
                specialisations=own_tags[SPECIALISATION],
                vetting=VettingOut(
                    status=row["vetting_status"],
                    valid=vetting_is_valid(row, on),
                    background_check_on=row["background_check_on"],
                    background_check_expires_on=row["background_check_expires_on"],
                    confidentiality_signed_on=row["confidentiality_signed_on"],
                    code_of_conduct_accepted_on=row["code_of_conduct_accepted_on"],
                    # Vetting notes are coordinators' working notes, not the interpreter's.
                    history=history[row["id"]] if privileged and viewer.is_coordinator else None,
                ),
                skills=skills[row["id"]],
                credentials=[
                    CredentialOut(
                        **{k: v for k, v in c.items() if k != "number"},
                        number=c["number"] if privileged else None,
                        verified=c["verified_at"] is not None,
                        valid_today=credential_is_valid(c, on),
                    )
                    for c in credentials[row["id"]]
                ],
                identity=Identity(**{f: row[f] for f in RESTRICTED_FIELDS}) if privileged else None,
                conflicts=conflicts[row["id"]] if privileged and viewer.is_coordinator else None,
            )
        )
    return views

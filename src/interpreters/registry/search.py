"""Registry search: regional, filtered in the database, one page at a time."""

from __future__ import annotations

from typing import Any

from piccolo.columns.combination import WhereRaw
from piccolo.querystring import QueryString

from interpreters.principal import Principal, Role
from interpreters.reference import fold
from interpreters.registry.schemas import InterpreterPage, SearchFilters, SortKey
from interpreters.registry.tables import Credential, Interpreter, InterpreterTag, LanguageSkill
from interpreters.registry.views import (
    COUNTRY,
    MODALITY,
    SPECIALISATION,
    build_views,
    credential_valid_condition,
    today,
    vetting_valid_condition,
)


def _tagged(kind: str, value: str) -> Any:
    return Interpreter.id.is_in(
        InterpreterTag.select(InterpreterTag.interpreter).where(
            InterpreterTag.kind == kind, InterpreterTag.value == value
        )
    )


def _conditions(viewer: Principal, f: SearchFilters) -> list[Any]:
    on = f.valid_on or today()
    conditions: list[Any] = []
    if viewer.role is not Role.COORDINATOR:
        # Prosecutors and courts only ever see interpreters they could book, now and on the
        # date they ask about.
        conditions.append(vetting_valid_condition(max(on, today())))
    elif f.vetting_status is not None:
        conditions.append(Interpreter.vetting_status == f.vetting_status.value)
    if f.language or f.working_language or f.min_proficiency is not None:
        skill = []
        if f.language:
            skill.append(LanguageSkill.language == f.language)
        if f.working_language:
            skill.append(LanguageSkill.working_language == f.working_language)
        if f.min_proficiency is not None:
            skill.append(LanguageSkill.proficiency >= f.min_proficiency)
        conditions.append(
            Interpreter.id.is_in(LanguageSkill.select(LanguageSkill.interpreter).where(*skill))
        )
    if f.credential:
        credential = [Credential.kind == f.credential.value, credential_valid_condition(on)]
        if f.language:
            # A credential for another language does not count; a general one does.
            credential.append(Credential.language.is_null() | (Credential.language == f.language))
        conditions.append(
            Interpreter.id.is_in(Credential.select(Credential.interpreter).where(*credential))
        )
    if f.country:
        conditions.append(_tagged(COUNTRY, f.country))
    if f.modality:
        conditions.append(_tagged(MODALITY, f.modality.value))
    if f.specialisation:
        conditions.append(_tagged(SPECIALISATION, f.specialisation.value))
    if f.gender:
        conditions.append(Interpreter.gender == f.gender.value)
    if f.name:
        escaped = fold(f.name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(WhereRaw("search_name LIKE {} ESCAPE '\\'", f"%{escaped}%"))
    return conditions


async def search(viewer: Principal, filters: SearchFilters) -> InterpreterPage:
    conditions = _conditions(viewer, filters)
    # The total rides on the page query (a window count) instead of filtering twice.
    query = Interpreter.select(*Interpreter.all_columns(), QueryString("COUNT(*) OVER () AS total"))
    if conditions:
        query = query.where(*conditions)
    if filters.sort is SortKey.COUNTRY:
        query = query.order_by(Interpreter.country, Interpreter.display_name)
    elif filters.sort is SortKey.NEWEST:
        query = query.order_by(Interpreter.id, ascending=False)
    else:
        query = query.order_by(Interpreter.display_name)
    rows = await query.order_by(Interpreter.id).limit(filters.limit).offset(filters.offset)
    if rows:
        total = rows[0]["total"]
    elif filters.offset == 0:
        total = 0
    else:  # past the last page, the window count has no row to ride on
        count = Interpreter.count()
        total = await (count.where(*conditions) if conditions else count)
    return InterpreterPage(
        total=total,
        limit=filters.limit,
        offset=filters.offset,
        items=await build_views(rows, viewer, detailed=False),
    )

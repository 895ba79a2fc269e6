"""Writing notices for the people concerned, and each user's inbox."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from interpreters import audit, db
from interpreters.auth.tables import User
from interpreters.errors import NotFound
from interpreters.i18n import Language, render
from interpreters.notifications.schemas import TEMPLATES, NoticeKind, NoticeOut
from interpreters.notifications.tables import Notice
from interpreters.principal import Principal, Role

MOST_LISTED = 100


def _covers(countries: str, country: str) -> bool:
    """Whether a coordinator's comma-separated countries cover `country` (empty: regional)."""
    return not countries or country in countries.split(",")


async def coordinators_of(country: str) -> list[dict[str, Any]]:
    """The active coordinators of `country`, regional ones included."""
    rows = await User.select(
        User.id, User.email, User.display_name, User.language, User.countries
    ).where(User.active.eq(True), User.role == Role.COORDINATOR.value)
    return [row for row in rows if _covers(row["countries"], country)]


async def people_of_request(institution_id: int, country: str) -> list[int]:
    """The active accounts of the requesting institution and the coordinators of its country
    (regional ones included)."""
    rows = await User.select(User.id, User.role, User.institution, User.countries).where(
        User.active.eq(True),
        (User.institution == institution_id) | (User.role == Role.COORDINATOR.value),
    )
    return [
        row["id"]
        for row in rows
        if row["institution"] == institution_id or _covers(row["countries"], country)
    ]


async def notify(
    recipients: list[int], kind: NoticeKind, request_id: int | None, params: Mapping[str, str | int]
) -> None:
    """One notice per recipient; call inside the transaction of what they are told about."""
    if recipients:
        await Notice.insert(
            *(
                Notice(recipient=user_id, request=request_id, kind=kind.value, params=dict(params))
                for user_id in recipients
            )
        )


def _view(row: dict[str, Any], language: Language) -> NoticeOut:
    kind = NoticeKind(row["kind"])
    return NoticeOut.model_validate(
        {**row, "text": render(TEMPLATES[kind], row["params"], language)}
    )


async def inbox(viewer: Principal, unread: bool, language: Language) -> list[NoticeOut]:
    """The viewer's newest notices first."""
    conditions = [Notice.recipient == viewer.user_id]
    if unread:
        conditions.append(Notice.read_at.is_null())
    rows = (
        await Notice.select()
        .where(*conditions)
        .order_by(Notice.id, ascending=False)
        .limit(MOST_LISTED)
        .output(load_json=True)
    )
    return [_view(row, language) for row in rows]


async def mark_read(viewer: Principal, notice_id: int, language: Language) -> NoticeOut:
    async with db.transaction():
        row = (
            await Notice.select()
            .where(Notice.id == notice_id, Notice.recipient == viewer.user_id)
            .output(load_json=True)
            .first()
        )
        # Another user's notice does not exist for the viewer.
        if row is None:
            raise NotFound("No notice with id {id}.", id=notice_id)
        if row["read_at"] is None:
            row["read_at"] = datetime.now(UTC)
            await Notice.update(read_at=row["read_at"]).where(Notice.id == notice_id)
            await audit.record(viewer, "read_notice", "notice", notice_id, ["read_at"])
    return _view(row, language)

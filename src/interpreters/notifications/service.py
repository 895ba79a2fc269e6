"""Writing notices for the people concerned, and each user's inbox."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from interpreters import audit, db
from interpreters.errors import NotFound
from interpreters.i18n import Language, render
from interpreters.notifications.schemas import TEMPLATES, NoticeKind, NoticeOut
from interpreters.notifications.tables import Notice
from interpreters.principal import Principal

MOST_LISTED = 100


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

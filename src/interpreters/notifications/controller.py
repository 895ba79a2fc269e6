"""Each signed-in user's in-app notices."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import FromQuery, PathParameter

from interpreters.auth.guards import signed_in
from interpreters.auth.principal import Principal
from interpreters.i18n import choose_language
from interpreters.notifications import service
from interpreters.notifications.schemas import NoticeOut
from interpreters.validation import MAX_ID

AnyRequest = Request[Principal, Any, Any]


class NoticeController(Controller):
    path = "/api/v1/notices"
    tags = ["notices"]

    @get(
        "/",
        guards=[signed_in],
        operation_id="listNotices",
        summary="The signed-in user's notices, newest first, in the language of Accept-Language",
    )
    async def list_notices(
        self, request: AnyRequest, unread: FromQuery[bool] = False
    ) -> list[NoticeOut]:
        language = choose_language(request.headers.get("accept-language", ""))
        return await service.inbox(request.user, unread, language)

    @post(
        "/{notice_id:int}/read",
        guards=[signed_in],
        operation_id="readNotice",
        summary="Mark one of the signed-in user's notices as read",
        status_code=200,
    )
    async def read(
        self, request: AnyRequest, notice_id: Annotated[int, PathParameter(ge=1, le=MAX_ID)]
    ) -> NoticeOut:
        language = choose_language(request.headers.get("accept-language", ""))
        return await service.mark_read(request.user, notice_id, language)

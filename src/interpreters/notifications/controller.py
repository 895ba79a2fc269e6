"""Each signed-in user's in-app notices, and each institution's webhooks."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post
from litestar.params import FromQuery, JSONBody, PathParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from interpreters.auth.guards import requires, signed_in
from interpreters.auth.principal import Principal, Role
from interpreters.i18n import choose_language
from interpreters.notifications import service, webhooks
from interpreters.notifications.schemas import NoticeOut, WebhookCreated, WebhookIn, WebhookOut
from interpreters.validation import MAX_ID

AnyRequest = Request[Principal, Any, Any]
Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


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


class WebhookController(Controller):
    path = "/api/v1/institutions/{institution_id:int}/webhooks"
    tags = ["institutions"]
    # Coordinators of the institution's country (checked by the service).
    guards = [requires(Role.COORDINATOR)]

    @get(
        "/",
        operation_id="listWebhooks",
        summary="An institution's webhooks, without their secrets",
    )
    async def list_webhooks(self, request: AnyRequest, institution_id: Id) -> list[WebhookOut]:
        return await webhooks.list_webhooks(request.user, institution_id)

    @post(
        "/",
        operation_id="createWebhook",
        summary="Post the institution's booking events to a URL; the answer shows the signing "
        "secret, this once",
        status_code=HTTP_201_CREATED,
    )
    async def create_webhook(
        self, request: AnyRequest, institution_id: Id, data: JSONBody[WebhookIn]
    ) -> WebhookCreated:
        return await webhooks.create_webhook(request.user, institution_id, data)

    @delete(
        "/{webhook_id:int}",
        operation_id="deactivateWebhook",
        summary="Stop a webhook: nothing more is sent to it, what was queued included",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def deactivate_webhook(
        self, request: AnyRequest, institution_id: Id, webhook_id: Id
    ) -> None:
        await webhooks.deactivate_webhook(request.user, institution_id, webhook_id)

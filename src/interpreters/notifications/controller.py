"""Each signed-in user's in-app notices, the coordinators' view of the outbox, and each
institution's webhooks."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.params import FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from interpreters.guards import requires, signed_in
from interpreters.i18n import choose_language
from interpreters.notifications import mailbox, service, webhooks
from interpreters.notifications.schemas import (
    NoticeOut,
    OutboxPage,
    OutboxStatus,
    WebhookCreated,
    WebhookIn,
    WebhookOut,
)
from interpreters.principal import Principal, Role
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
    async def read(self, request: AnyRequest, notice_id: Id) -> NoticeOut:
        language = choose_language(request.headers.get("accept-language", ""))
        return await service.mark_read(request.user, notice_id, language)


class OutboxController(Controller):
    path = "/api/v1/outbox"
    tags = ["notifications"]
    guards = [requires(Role.COORDINATOR)]

    @get(
        "/",
        operation_id="listOutbox",
        summary="Emails and webhook calls sent or waiting, newest first (a coordinator of "
        "some countries: those of their countries' requests)",
    )
    async def list_outbox(
        self,
        request: AnyRequest,
        status: FromQuery[OutboxStatus | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=MAX_ID)] = 0,
    ) -> OutboxPage:
        return await mailbox.list_messages(request.user, status, limit, offset)

    @get(
        "/{message_id:int}/message.eml",
        operation_id="getOutboxMessage",
        summary="One message exactly as it goes out (message/rfc822, or JSON for a webhook)",
    )
    async def message_file(self, request: AnyRequest, message_id: Id) -> Response[str]:
        channel, body = await mailbox.message_file(request.user, message_id)
        media_type = "message/rfc822" if channel == "email" else "application/json"
        return Response(
            body,
            media_type=media_type,
            headers={"content-disposition": f'inline; filename="message-{message_id}.eml"'},
        )


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

"""Calendar feeds (made by their user, read by calendar apps) and answer links.

The feed file and the answer pages are authorised by the token in their address alone:
they skip the session middleware (`exclude_from_auth`), so a browser that is also signed in
needs no CSRF token to answer, and a stale cookie or header changes nothing.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.enums import MediaType
from litestar.params import FromPath, URLEncodedBody

from interpreters.calendar import answers, feed, pages
from interpreters.calendar.schemas import AnswerIn, FeedOut, FeedState
from interpreters.errors import NotFound
from interpreters.guards import public, signed_in
from interpreters.i18n import choose_language
from interpreters.principal import Principal

AnyRequest = Request[Principal, Any, Any]
# Any text: a garbled token gets the same page or 404 as a forged one.
Token = FromPath[str]
TOKEN_ONLY = {"exclude_from_auth": True}
# The token is in the address: no cache keeps the page and no link passes it on.
PRIVATE = {"cache-control": "no-store", "referrer-policy": "no-referrer"}


class FeedController(Controller):
    path = "/api/v1/calendar/feed"
    tags = ["calendar"]
    guards = [signed_in]

    @post(
        "/",
        operation_id="createCalendarFeed",
        summary="A new secret address of the user's calendar feed; any earlier one stops working",
    )
    async def create(self, request: AnyRequest) -> FeedOut:
        return await feed.create(request.user)

    @get("/", operation_id="getCalendarFeed", summary="Whether the user has an active feed")
    async def state(self, request: AnyRequest) -> FeedState:
        return await feed.state(request.user)

    @delete("/", operation_id="revokeCalendarFeed", summary="Stop the user's feed address")
    async def revoke(self, request: AnyRequest) -> None:
        await feed.revoke(request.user)


@get(
    "/calendar/feed/{filename:str}",
    guards=[public],
    opt=TOKEN_ONLY,
    operation_id="readCalendarFeed",
    include_in_schema=False,
    summary="A user's sessions as an iCalendar file, at the address made for them",
)
async def feed_file(filename: Token) -> Response[bytes]:
    token, dot, suffix = filename.rpartition(".")
    if not dot or suffix != "ics":
        raise NotFound("No calendar feed at this address.")
    return Response(
        await feed.feed_file(token),
        media_type="text/calendar",
        headers={"cache-control": "private, no-cache", "referrer-policy": "no-referrer"},
    )


def _html(body: str, language: str, status: int = 200) -> Response[str]:
    headers = {**PRIVATE, "content-language": language}
    return Response(body, media_type=MediaType.HTML, status_code=status, headers=headers)


class AnswerController(Controller):
    path = "/calendar/answer"
    tags = ["calendar"]
    guards = [public]
    opt = TOKEN_ONLY
    include_in_schema = False

    @get("/{token:str}", operation_id="showAnswerPage")
    async def show(self, request: Request[Any, Any, Any], token: Token) -> Response[str]:
        language = choose_language(request.headers.get("accept-language", ""))
        try:
            link = await answers.resolve(token)
        except answers.InvalidLink:
            return _html(pages.invalid_page(language), language, 404)
        status = 200 if link.state == "open" else 410
        return _html(pages.link_page(link, language), language, status)

    @post("/{token:str}", operation_id="answerSession", status_code=200)
    async def answer(
        self,
        request: Request[Any, Any, Any],
        token: Token,
        data: URLEncodedBody[AnswerIn],
    ) -> Response[str]:
        language = choose_language(request.headers.get("accept-language", ""))
        client = request.client.host if request.client else ""
        try:
            link = await answers.give(token, data.answer, client)
        except answers.InvalidLink:
            return _html(pages.invalid_page(language), language, 404)
        if link.state != "open":
            return _html(pages.link_page(link, language), language, 410)
        return _html(pages.link_page(link, language, recorded=True), language)

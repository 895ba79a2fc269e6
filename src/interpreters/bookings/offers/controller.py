"""Offers: sent in waves by requesters, answered by interpreters; interpreters' assignments."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import FromQuery, JSONBody, PathParameter
from litestar.status_codes import HTTP_201_CREATED

from interpreters.bookings.controller import readers
from interpreters.bookings.offers import inbox, waves
from interpreters.bookings.offers import service as offers
from interpreters.bookings.offers.schemas import (
    AssignmentOut,
    OfferFilter,
    OfferOut,
    OffersIn,
    RequestOfferOut,
)
from interpreters.bookings.schemas import ReasonIn, RequestOut
from interpreters.guards import requires
from interpreters.principal import Principal, Role
from interpreters.validation import MAX_ID, Id

AnyRequest = Request[Principal, Any, Any]
OfferId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
interpreters = requires(Role.INTERPRETER)


class RequestOffersController(Controller):
    path = "/api/v1/requests/{request_id:int}/offers"
    tags = ["offers"]

    @post(
        "/",
        guards=[readers],
        operation_id="sendOffers",
        summary="Offer the request to the best free interpreters, in waves until one accepts",
        description=(
            "`wave_size` (1–20, default OFFER_WAVE_SIZE) interpreters per wave, best ranked "
            "first, for one `start` (the requester's local time without an offset; default "
            "the earliest start). Each next wave follows OFFER_WAVE_MINUTES later (urgent "
            "requests: URGENT_OFFER_WAVE_MINUTES) while nobody has filled the request. A team "
            "request offers its seats one by one; relays are booked directly."
        ),
        status_code=HTTP_201_CREATED,
    )
    async def send(
        self, request: AnyRequest, request_id: Id, data: JSONBody[OffersIn]
    ) -> RequestOut:
        return await waves.send_offers(request.user, request_id, data)

    @get(
        "/",
        guards=[readers],
        operation_id="requestOffers",
        summary="Every offer of the request: to whom, in which wave, and each answer",
    )
    async def list_offers(self, request: AnyRequest, request_id: Id) -> list[RequestOfferOut]:
        return await offers.request_offers(request.user, request_id)


class OfferController(Controller):
    path = "/api/v1/offers"
    tags = ["offers"]

    @get(
        "/",
        guards=[interpreters],
        operation_id="myOffers",
        summary="The signed-in interpreter's offers, with what they need to decide",
    )
    async def list_offers(
        self, request: AnyRequest, status: FromQuery[OfferFilter] = OfferFilter.OPEN
    ) -> list[OfferOut]:
        return await inbox.offers(request.user, status)

    @post(
        "/{offer_id:int}/accept",
        guards=[interpreters],
        operation_id="acceptOffer",
        summary="Accept an open offer: books the interpreter if they are still free",
        status_code=200,
    )
    async def accept(self, request: AnyRequest, offer_id: OfferId) -> OfferOut:
        return await offers.accept(request.user, offer_id)

    @post(
        "/{offer_id:int}/decline",
        guards=[interpreters],
        operation_id="declineOffer",
        summary="Decline an open offer, with a reason the requester sees",
        status_code=200,
    )
    async def decline(
        self, request: AnyRequest, offer_id: OfferId, data: JSONBody[ReasonIn]
    ) -> OfferOut:
        return await offers.decline(request.user, offer_id, data.reason)


class AssignmentController(Controller):
    path = "/api/v1/assignments"
    tags = ["offers"]

    @get(
        "/",
        guards=[interpreters],
        operation_id="myAssignments",
        summary="The signed-in interpreter's bookings, upcoming and of the last 30 days",
    )
    async def assignments(self, request: AnyRequest) -> list[AssignmentOut]:
        return await inbox.assignments(request.user)

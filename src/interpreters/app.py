"""create_app(): the one place where Litestar is wired."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, Response, Router, get
from litestar.exceptions import SerializationException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.response import Redirect
from litestar.static_files import create_static_files_router

from interpreters.accounts.controller import PasswordResetController, UserController
from interpreters.api_docs import ASSETS_DIRECTORY, ASSETS_PATH, ApiDocsPage
from interpreters.audit.controller import AuditController
from interpreters.auth.controller import (
    AuthController,
    InstitutionController,
    SecondFactorController,
)
from interpreters.auth.middleware import AuthMiddleware, record_skipped_second_factor
from interpreters.availability.controller import AvailabilityController, FreeBusyController
from interpreters.bookings.controller import (
    CredentialRuleController,
    FacilityController,
    RequestController,
    VettingController,
)
from interpreters.bookings.offers import waves
from interpreters.bookings.offers.controller import (
    AssignmentController,
    OfferController,
    RequestOffersController,
)
from interpreters.calendar.controller import AnswerController, FeedController, feed_file
from interpreters.db import check_database, database_lifespan
from interpreters.errors import problem_response
from interpreters.guards import public
from interpreters.logs import hide_secret_paths
from interpreters.matching.controller import MatchingController
from interpreters.notifications import background_checks, expiry, outbox, reminders
from interpreters.notifications.controller import (
    NoticeController,
    OutboxController,
    WebhookController,
)
from interpreters.registry.blocks import CaseBlockController
from interpreters.registry.controller import InterpreterController, LanguageController
from interpreters.registry.reports import ReportController
from interpreters.scheduler import lifespan as scheduler_lifespan
from interpreters.security_headers import add_security_headers
from interpreters.settings import get_settings
from interpreters.video import signaling
from interpreters.video.controller import (
    RoomController,
    check_link,
    download_recording,
    probe,
)


@get("/health", guards=[public], operation_id="health", summary="Service and database status")
async def health() -> Response[dict[str, str]]:
    try:
        await check_database()
    except Exception as error:  # any failure of the database is what this route reports
        body = {"status": "degraded", "database": f"unavailable: {type(error).__name__}"}
        return Response(body, status_code=503)
    return Response({"status": "ok", "database": "ok"})


@get("/", guards=[public], include_in_schema=False)
async def home() -> Redirect:
    return Redirect("/ui/index.html")


class BodyRequest(Request[Any, Any, Any]):
    """A request whose JSON body, however malformed, is a 400 and never a 500."""

    async def json(self) -> Any:
        try:
            return await super().json()
        except RecursionError as error:
            # msgspec gives up on deep nesting with RecursionError, not with a DecodeError.
            raise SerializationException("JSON nested too deeply") from error


def create_app() -> Litestar:
    settings = get_settings()
    hide_secret_paths()
    return Litestar(
        route_handlers=[
            health,
            home,
            AuthController,
            SecondFactorController,
            InstitutionController,
            UserController,
            PasswordResetController,
            AuditController,
            InterpreterController,
            CaseBlockController,
            LanguageController,
            ReportController,
            AvailabilityController,
            FreeBusyController,
            RequestController,
            CredentialRuleController,
            VettingController,
            FacilityController,
            MatchingController,
            RequestOffersController,
            OfferController,
            AssignmentController,
            NoticeController,
            OutboxController,
            WebhookController,
            FeedController,
            AnswerController,
            feed_file,
            RoomController,
            check_link,
            probe,
            download_recording,
            signaling.room_socket,
            create_static_files_router(
                path="/ui",
                directories=[settings.static_dir],
                guards=[public],
                html_mode=True,
                include_in_schema=False,
            ),
            create_static_files_router(
                path=ASSETS_PATH,
                directories=[ASSETS_DIRECTORY],
                guards=[public],
                include_in_schema=False,
            ),
        ],
        before_send=[add_security_headers],
        middleware=[DefineMiddleware(AuthMiddleware)],
        request_class=BodyRequest,
        exception_handlers={Exception: problem_response},
        after_exception=[record_skipped_second_factor],
        # The scheduler stops, and the rooms close, before the pool closes: lifespans end in
        # reverse order.
        lifespan=[
            database_lifespan,
            signaling.lifespan,
            scheduler_lifespan(
                waves.resume,
                reminders.resume,
                expiry.resume,
                background_checks.resume,
                outbox.resume,
            ),
        ],
        request_max_body_size=settings.max_upload_bytes,
        openapi_config=OpenAPIConfig(
            title="Regional interpreter bank",
            version="1",
            render_plugins=[ApiDocsPage()],
            openapi_router=Router(
                path="/schema", route_handlers=[], guards=[public], include_in_schema=False
            ),
        ),
    )

"""Domain errors and their one mapping to RFC 9457 problem details."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from pydantic import ValidationError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """A rule of the domain refused the request; `status` says how HTTP reports it."""

    status = 400
    title = "Invalid request"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = [FieldError(field, message)] if field else []


class InvalidInput(DomainError):
    """Bad input; may carry several field errors at once (a CSV file, a form)."""

    @classmethod
    def with_errors(cls, message: str, errors: list[FieldError]) -> InvalidInput:
        error = cls(message)
        error.errors = errors
        return error


class NotAuthenticated(DomainError):
    status = 401
    title = "Not signed in"


class Forbidden(DomainError):
    status = 403
    title = "Not allowed"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


def _problem(status: int, title: str, detail: str, errors: list[FieldError]) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return body


def _validation_errors(exc: ValidationException) -> list[FieldError]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            field = str(item.get("key") or item.get("source") or "body")
            errors.append(FieldError(field, str(item.get("message", "invalid value"))))
    return errors


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        status, title, detail, errors = exc.status, exc.title, exc.message, exc.errors
    elif isinstance(exc, ValidationError):
        errors = [
            FieldError(
                ".".join(str(p) for p in e["loc"]) or "body", e["msg"].removeprefix("Value error, ")
            )
            for e in exc.errors()
        ]
        status, title = 400, "Invalid request"
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
    elif isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        status, title = 400, "Invalid request"
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or str(exc.detail)
    elif isinstance(exc, HTTPException):
        status, title, detail, errors = exc.status_code, str(exc.detail), str(exc.detail), []
        headers = dict(exc.headers or {})
    else:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        status, title = HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error"
        detail, errors = "The server could not complete the request.", []
    return Response(
        content=_problem(status, title, detail, errors),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )

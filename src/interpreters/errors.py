"""Domain errors and their one mapping to RFC 9457 problem details."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from asyncpg.exceptions import UniqueViolationError
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


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ")


def _validation_errors(exc: ValidationException) -> list[FieldError]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            field = str(item.get("key") or item.get("source") or "body")
            message = _clean(str(item.get("message", "invalid value")))
            if message.startswith("Unsupported type"):
                message = "missing or malformed"
            errors.append(FieldError(field, message))
    return errors


def _is_unique_violation(exc: Exception) -> bool:
    if isinstance(exc, UniqueViolationError):
        return True
    return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)


def _unique_field(exc: Exception) -> str | None:
    """The column a unique constraint names (`interpreter_email_key` -> `email`)."""
    text = str(getattr(exc, "constraint_name", None) or exc)
    for column in ("email", "token_hash", "interpreter"):
        if column in text:
            return column
    return None


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        status, title, detail, errors = exc.status, exc.title, exc.message, exc.errors
    elif isinstance(exc, ValidationError):
        errors = [
            FieldError(".".join(str(p) for p in e["loc"]) or "body", _clean(e["msg"]))
            for e in exc.errors()
        ]
        status, title = 400, "Invalid request"
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
    elif isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        status, title = 400, "Invalid request"
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or str(exc.detail)
    elif _is_unique_violation(exc):
        # A check in a service lost a race with a concurrent request; the database held.
        field = _unique_field(exc)
        status, title = 409, "Conflict"
        detail = "This value is already used by another record."
        errors = [FieldError(field, detail)] if field else []
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

"""Domain errors and their one mapping to RFC 9457 problem details, in the client's language."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asyncpg.exceptions import ExclusionViolationError, UniqueViolationError
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from pydantic import ValidationError

from interpreters.i18n import SPANISH, Language, choose_language, render, render_pydantic

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True, slots=True)
class Text:
    """One message in both languages of the interface."""

    en: str
    es: str

    def __call__(self, language: Language) -> str:
        return self.es if language == "es" else self.en


def text(template: str, **params: object) -> Text:
    return Text(render(template, params, "en"), render(template, params, "es"))


def pydantic_text(error: Mapping[str, Any]) -> Text:
    english = str(error["msg"]).removeprefix("Value error, ")
    ctx = error.get("ctx") or {}
    # Our own validators raise errors whose type is their English template (validation.py).
    if error["type"] in SPANISH:
        return text(error["type"], **ctx)
    return Text(english, render_pydantic(error["type"], english, ctx, "es"))


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    text: Text

    @classmethod
    def of(cls, field: str, template: str, **params: object) -> FieldError:
        return cls(field, text(template, **params))


def field_errors(error: ValidationError, prefix: str = "") -> list[FieldError]:
    return [
        FieldError(prefix + (".".join(str(p) for p in e["loc"]) or "body"), pydantic_text(e))
        for e in error.errors()
    ]


class DomainError(Exception):
    """A rule of the domain refused the request; `status` says how HTTP reports it.

    The message is an English template with named parameters, translated in i18n.py.
    """

    status = 400
    title = "Invalid request"

    def __init__(self, template: str, field: str | None = None, **params: object) -> None:
        self.text = text(template, **params)
        super().__init__(self.text.en)
        self.message = self.text.en
        self.errors = [FieldError(field, self.text)] if field else []
        self.headers: dict[str, str] = {}


class InvalidInput(DomainError):
    """Bad input; may carry several field errors at once (a CSV file, a form)."""

    @classmethod
    def with_errors(cls, template: str, errors: list[FieldError], **params: object) -> InvalidInput:
        error = cls(template, None, **params)
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


class TooManyAttempts(DomainError):
    status = 429
    title = "Too many requests"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            "Too many sign-in attempts; try again in {seconds} seconds.",
            seconds=retry_after_seconds,
        )
        self.headers = {"retry-after": str(retry_after_seconds)}


def _litestar_errors(exc: ValidationException) -> list[FieldError]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            field = str(item.get("key") or item.get("source") or "body")
            message = str(item.get("message", "invalid value")).removeprefix("Value error, ")
            if message.startswith("Unsupported type"):
                message = "missing or malformed"
            errors.append(FieldError(field, _framework_text(message)))
    return errors


# The bound in msgspec's words for a bad parameter ("Expected `int` >= 1").
_BOUND = re.compile(r"-?\d+")


def _framework_text(message: str) -> Text:
    bound = _BOUND.search(message)
    template = _BOUND.sub("{n}", message, count=1)
    if template in SPANISH:
        return text(template, n=bound.group() if bound else "")
    return Text(message, message)


def _pydantic_cause(exc: BaseException) -> ValidationError | None:
    """Litestar wraps a body's pydantic errors; the originals keep the type that i18n needs."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, ValidationError):
        cause = cause.__cause__
    return cause


def _is_unique_violation(exc: Exception) -> bool:
    if isinstance(exc, UniqueViolationError):
        return True
    return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)


def _double_booked(exc: Exception) -> str | None:
    """What the database refused to hold twice at once (see the migrations): the
    interpreter, the facility, or None for any other error."""
    if isinstance(exc, ExclusionViolationError):
        name = str(exc.constraint_name or "")
    elif isinstance(exc, sqlite3.IntegrityError):
        name = str(exc)
    else:
        return None
    if "facility_no_overlap" in name:
        return "facility"
    return "interpreter" if "booking_no_overlap" in name else None


def _unique_field(exc: Exception) -> str | None:
    """The column a unique constraint names (`interpreter_email_key` -> `email`)."""
    name = str(getattr(exc, "constraint_name", None) or exc)
    for column in ("email", "token_hash", "interpreter"):
        if column in name:
            return column
    return None


# Titles of the answers Litestar gives itself (unknown route, wrong method, body too large…).
_FRAMEWORK_TITLES = {
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    429: "Too many requests",
}


def _classify(exc: Exception) -> tuple[int, Text, Text, list[FieldError], dict[str, str]]:
    """Status, title, detail, field errors and headers for any exception."""
    if isinstance(exc, DomainError):
        return exc.status, text(exc.title), exc.text, exc.errors, exc.headers
    if isinstance(exc, ValidationError | ValidationException):
        pydantic_error = _pydantic_cause(exc)
        if pydantic_error is not None:
            errors = field_errors(pydantic_error)
        else:
            assert isinstance(exc, ValidationException)  # a pydantic error is its own cause
            errors = _litestar_errors(exc)
        detail = Text(
            "; ".join(f"{e.field}: {e.text.en}" for e in errors) or "Invalid request",
            "; ".join(f"{e.field}: {e.text.es}" for e in errors) or "Solicitud no válida",
        )
        return 400, text("Invalid request"), detail, errors, {}
    held = _double_booked(exc)
    if held is not None:
        if held == "facility":
            detail = text("The room was booked for that time meanwhile.")
        else:
            detail = text("The interpreter was booked for that time meanwhile.")
        return 409, text("Conflict"), detail, [FieldError(held, detail)], {}
    if _is_unique_violation(exc):
        # A check in a service lost a race with a concurrent request; the database held.
        field = _unique_field(exc)
        detail = text("This value is already used by another record.")
        return 409, text("Conflict"), detail, [FieldError(field, detail)] if field else [], {}
    if isinstance(exc, HTTPException):
        title = text(_FRAMEWORK_TITLES.get(exc.status_code, "Invalid request"))
        if str(exc.detail) in SPANISH:
            detail = text(str(exc.detail))
        elif exc.status_code == 400:
            # The framework's own 400s are bodies it could not read; its English message
            # (a parser's byte offset) helps nobody.
            detail = text("The request body is malformed: send well-formed JSON.")
        else:
            detail = title
        return exc.status_code, title, detail, [], dict(exc.headers or {})
    return (
        HTTP_500_INTERNAL_SERVER_ERROR,
        text("Internal server error"),
        text("The server could not complete the request."),
        [],
        {},
    )


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status, title, detail, errors, headers = _classify(exc)
    if status >= 500:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    language = choose_language(request.headers.get("accept-language", ""))
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title(language),
        "status": status,
        "detail": detail(language),
    }
    if errors:
        body["errors"] = [{"field": e.field, "message": e.text(language)} for e in errors]
    return Response(
        content=body,
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={**headers, "content-language": language},
    )

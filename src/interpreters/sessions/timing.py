"""When a session starts: inside its request's window, never in the past."""

from __future__ import annotations

from datetime import UTC, datetime

from interpreters.availability import aware
from interpreters.errors import InvalidInput
from interpreters.sessions.records import RequestRecord


def session_start(
    request: RequestRecord, asked: datetime | None, booked: datetime | None = None
) -> datetime:
    """The start asked for (the institution's local time without an offset), inside the
    request's window of starts; when none is asked, the session's booked start or else the
    request's earliest start."""
    if asked is not None:
        start = aware(asked, request.timezone).astimezone(UTC)
    else:
        start = booked or request.earliest_start
    if not request.earliest_start <= start <= request.latest_start:
        raise InvalidInput("The start lies outside the request's window of starts.", "start")
    if start <= datetime.now(UTC):
        raise InvalidInput("The session starts in the past.", "start")
    return start.replace(microsecond=0)

"""Each user's calendar feed: a secret address that calendar apps subscribe to.

The token is shown once, when made; only its SHA-256 is kept, so a copy of the database
opens no feed. Events are built like invitations (`session_event`), published without
attendees: a feed names nobody but its reader's sessions.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import vDuration

from interpreters import audit, db
from interpreters.calendar.invitations import (
    calendar,
    default_organizer,
    session_event,
    zone_vtimezone,
)
from interpreters.calendar.schemas import FeedOut, FeedState
from interpreters.calendar.session import Recipient, RecipientRole, Session, session_from_request
from interpreters.calendar.tables import CalendarFeed
from interpreters.errors import NotFound
from interpreters.principal import Principal, Role
from interpreters.sessions import listed_bookings
from interpreters.settings import get_settings

# secrets.token_urlsafe(32): anything else is refused before the database is asked.
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
PAST = timedelta(days=30)
AHEAD = timedelta(days=365)
FEED_ROLES: dict[str, RecipientRole] = {
    Role.INTERPRETER.value: "interpreter",
    Role.PROSECUTOR.value: "requester",
    Role.COURT.value: "requester",
    Role.COORDINATOR.value: "coordinator",
}
CALENDAR_NAME = "Banco regional de intérpretes"
# Calendar apps poll a subscription at their own pace; this asks for about hourly.
REFRESH = timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _urls(token: str) -> FeedOut:
    url = f"{get_settings().public_url}/calendar/feed/{token}.ics"
    return FeedOut(url=url, webcal_url="webcal://" + url.split("://", 1)[1])


async def _revoke_all(user_id: int) -> list[int]:
    revoked = await (
        CalendarFeed.update(revoked_at=datetime.now(UTC))
        .where(CalendarFeed.user == user_id, CalendarFeed.revoked_at.is_null())
        .returning(CalendarFeed.id)
    )
    return [row["id"] for row in revoked]


async def create(actor: Principal) -> FeedOut:
    """A new feed address for the actor; any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    async with db.transaction():
        for feed_id in await _revoke_all(actor.user_id):
            await audit.record(actor, "revoke_calendar_feed", "calendar_feed", feed_id)
        feed = CalendarFeed(user=actor.user_id, token_hash=_hash(token))
        await feed.save()
        await audit.record(actor, "create_calendar_feed", "calendar_feed", int(feed.id))
    return _urls(token)


async def state(actor: Principal) -> FeedState:
    row = (
        await CalendarFeed.select(CalendarFeed.created_at)
        .where(CalendarFeed.user == actor.user_id, CalendarFeed.revoked_at.is_null())
        .order_by(CalendarFeed.id, ascending=False)
        .first()
    )
    return FeedState(active=row is not None, created_at=row["created_at"] if row else None)


async def revoke(actor: Principal) -> None:
    async with db.transaction():
        revoked = await _revoke_all(actor.user_id)
        if not revoked:
            raise NotFound("You have no active calendar feed.")
        for feed_id in revoked:
            await audit.record(actor, "revoke_calendar_feed", "calendar_feed", feed_id)


async def _sessions(user: dict[str, Any]) -> list[Session]:
    """The sessions the user's feed lists: an interpreter's own, an institution's, or those
    of a coordinator's countries."""
    now = datetime.now(UTC)
    since, until = now - PAST, now + AHEAD
    role = user["role"]
    if role == Role.INTERPRETER.value and user["interpreter"]:
        listed = await listed_bookings(since, until, interpreter=user["interpreter"])
    elif role in {Role.PROSECUTOR.value, Role.COURT.value} and user["institution"]:
        listed = await listed_bookings(since, until, institution=user["institution"])
    elif role == Role.COORDINATOR.value:
        countries = [c for c in user["countries"].split(",") if c]
        listed = await listed_bookings(since, until, countries=countries)
    else:
        return []
    sessions: dict[int, Session] = {}
    for booking, request in listed:
        session = session_from_request(request, booking.starts_at, request.calendar_sequence)
        # An interpreter's leg of a relay is in a pair of its own.
        if role == Role.INTERPRETER.value and booking.language:
            language, working = booking.language, booking.working_language
            session = replace(session, language=language, working_language=working)
        # A team's two bookings are one session to the institution and coordinators.
        sessions.setdefault(session.request_id, session)
    return list(sessions.values())


async def feed_file(token: str) -> bytes:
    """The iCalendar file of the feed behind `token`. NotFound with the same words whether
    the token is malformed, unknown or revoked, or its user was deactivated."""
    missing = NotFound("No calendar feed at this address.")
    if not TOKEN.fullmatch(token):
        raise missing
    user = (
        await CalendarFeed.select(
            CalendarFeed.user.email.as_alias("email"),
            CalendarFeed.user.display_name.as_alias("display_name"),
            CalendarFeed.user.role.as_alias("role"),
            CalendarFeed.user.language.as_alias("language"),
            CalendarFeed.user.institution.as_alias("institution"),
            CalendarFeed.user.interpreter.as_alias("interpreter"),
            CalendarFeed.user.countries.as_alias("countries"),
        )
        .where(
            CalendarFeed.token_hash == _hash(token),
            CalendarFeed.revoked_at.is_null(),
            CalendarFeed.user.active == True,  # noqa: E712 (a query, not a comparison)
        )
        .first()
    )
    if user is None or user["role"] not in FEED_ROLES:
        raise missing
    role = FEED_ROLES[user["role"]]
    reader = Recipient(user["email"], user["display_name"], role, user["language"])
    return publish(await _sessions(user), reader)


def publish(sessions: list[Session], reader: Recipient) -> bytes:
    """A METHOD:PUBLISH file of `sessions` as `reader` sees them, one VTIMEZONE a zone."""
    organizer = default_organizer()
    domain = get_settings().calendar_domain
    file = calendar("PUBLISH")
    file.add("X-WR-CALNAME", CALENDAR_NAME)
    file.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    # As a DURATION ("PT1H"): a plain timedelta would be written as "1:00:00".
    file.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    starts: dict[str, list[datetime]] = defaultdict(list)
    for session in sessions:
        starts[session.timezone].append(session.starts_at)
    for tzid in sorted(starts):
        file.add_component(zone_vtimezone(tzid, starts[tzid]))
    stamp = datetime.now(UTC)
    for session in sessions:
        file.add_component(session_event(session, reader, (), organizer, domain, stamp))
    return bytes(file.to_ical())

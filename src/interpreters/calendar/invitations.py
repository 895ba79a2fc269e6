"""One participant's copy of a session's invitation: RFC 5545 text with iTIP (RFC 5546).

Every change of a session sends each participant a new copy with the same UID and a
higher SEQUENCE; a cancellation is METHOD:CANCEL. Times are written in the session's zone
with that zone's VTIMEZONE, so any client shows the same instant whatever its own zone.

Each copy is personal: its texts are in the recipient's language, only the recipient's own
join link is in it, and only the recipient's own address. Other participants are listed by
name behind a stable alias at the calendar domain: interpreters' addresses are restricted
identity data, and a guest (the victim, perhaps) appears in no copy but their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress

from interpreters.availability import PRODID
from interpreters.calendar import texts
from interpreters.calendar.session import Recipient, Session
from interpreters.calendar.zones import vtimezone
from interpreters.i18n import Language
from interpreters.settings import get_settings

# The reminder each copy carries: a display alarm this long before the start.
ALARM_BEFORE = timedelta(minutes=15)
# RFC 5545 ROLE of each kind of participant: the requester leads the session, interpreters,
# courts and guests take part, a coordinator is told for information only.
ATTENDEE_ROLES = {
    "requester": "CHAIR",
    "interpreter": "REQ-PARTICIPANT",
    "court": "REQ-PARTICIPANT",
    "guest": "REQ-PARTICIPANT",
    "coordinator": "NON-PARTICIPANT",
}


@dataclass(frozen=True, slots=True)
class Organizer:
    """Who sends the invitations, and whom calendars answer."""

    email: str
    name: str


def default_organizer() -> Organizer:
    settings = get_settings()
    return Organizer(settings.mail_from, settings.mail_from_name)


def session_uid(request_id: int, domain: str | None = None) -> str:
    """The UID of a request's session: the same in every copy, update and cancellation."""
    return f"request-{request_id}@{domain or get_settings().calendar_domain}"


def attendee_alias(uid: str, email: str, domain: str) -> str:
    """The address under which a participant appears in other people's copies.

    Derived from the session's UID and the real address, it stays the same in every update
    (so calendars keep matching the attendee) and differs between sessions (so copies of
    two sessions cannot be joined up by it).
    """
    digest = hashlib.sha256(f"{uid}\n{email.casefold()}".encode()).hexdigest()[:16]
    return f"participant-{digest}@{domain}"


def session_vtimezone(session: Session) -> Timezone:
    """The VTIMEZONE of the session's zone, covering the session's year and the next:
    enough for its start and end whatever their DST rules, small enough for any client."""
    return zone_vtimezone(session.timezone, [session.starts_at])


def zone_vtimezone(tzid: str, starts: Sequence[datetime]) -> Timezone:
    """The VTIMEZONE of `tzid` from the year of the first of `starts` to the end of the
    year after the last."""
    years = [start.astimezone(ZoneInfo(tzid)).year for start in starts]
    return vtimezone(tzid, date(min(years), 1, 1), date(max(years) + 2, 1, 1))


def _address(
    session: Session, uid: str, person: Recipient, recipient: Recipient, domain: str
) -> vCalAddress:
    own = person.same_person(recipient)
    email = person.email if own else attendee_alias(uid, person.email, domain)
    cancelled = session.status == "cancelled"
    return vCalAddress.new(
        email,
        cn=person.name,
        cutype="INDIVIDUAL",
        role=ATTENDEE_ROLES[person.role],
        partstat=person.answer,
        # A reply is asked for only while the session stands and the person takes part.
        rsvp=not cancelled and person.role != "coordinator",
    )


def _listed(recipient: Recipient, attendees: Sequence[Recipient]) -> list[Recipient]:
    """Who this copy lists: the recipient always, guests only in their own copy."""
    listed: list[Recipient] = []
    for person in attendees:
        if any(person.same_person(seen) for seen in listed):
            continue
        if person.role == "guest" and not person.same_person(recipient):
            continue
        listed.append(person)
    if not any(recipient.same_person(person) for person in listed):
        listed.append(recipient)
    return listed


def _alarm(summary: str, language: Language) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", -ALARM_BEFORE)
    alarm.add("DESCRIPTION", texts.say("reminder", language, summary=summary))
    return alarm


def calendar(method: str) -> Calendar:
    """An empty iCalendar object with the iTIP `method`, to which zones and events are added."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    return calendar


def session_event(
    session: Session,
    recipient: Recipient,
    attendees: Sequence[Recipient],
    organizer: Organizer,
    domain: str,
    stamp: datetime | None = None,
) -> Event:
    """The VEVENT of `session` as `recipient` sees it; `attendees` are listed as in
    `invitation` (none in a published feed). Its times need the session's VTIMEZONE."""
    uid = session_uid(session.request_id, domain)
    cancelled = session.status == "cancelled"
    summary = texts.summary(session, recipient)
    event = Event()
    event.add("UID", uid)
    event.add("SEQUENCE", session.sequence)
    event.add("DTSTAMP", (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0))
    event.add("DTSTART", session.starts_at.astimezone(session.zone))
    event.add("DTEND", session.ends_at.astimezone(session.zone))
    event.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", texts.description(session, recipient))
    where = texts.location(session, recipient)
    if where:
        event.add("LOCATION", where)
    if session.is_video and recipient.join_url and not cancelled:
        event.add("URL", recipient.join_url)
    # Shared or delegated calendars show only "busy" for a private event.
    event.add("CLASS", "PRIVATE")
    event.add("TRANSP", "OPAQUE")
    event.add("ORGANIZER", vCalAddress.new(organizer.email, cn=organizer.name))
    if attendees:
        for person in _listed(recipient, attendees):
            event.add("ATTENDEE", _address(session, uid, person, recipient, domain))
    # A cancelled session must not ring.
    if not cancelled:
        event.add_component(_alarm(summary, recipient.speaks))
    return event


def invitation(
    session: Session,
    recipient: Recipient,
    attendees: Sequence[Recipient],
    organizer: Organizer | None = None,
    *,
    domain: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The iCalendar file of `session` for `recipient`, among `attendees`.

    METHOD:REQUEST while the session stands (created or changed: the caller raises
    `session.sequence`), METHOD:CANCEL with STATUS:CANCELLED once it is cancelled.
    `organizer` and `domain` default to the settings (MAIL_FROM, CALENDAR_DOMAIN);
    `stamp` (DTSTAMP) to now.
    """
    organizer = organizer or default_organizer()
    domain = domain or get_settings().calendar_domain
    file = calendar("CANCEL" if session.status == "cancelled" else "REQUEST")
    file.add_component(session_vtimezone(session))
    file.add_component(session_event(session, recipient, attendees, organizer, domain, stamp))
    return bytes(file.to_ical())

"""iCalendar invitations, calendar feeds and answers to invitations for booked sessions.

For other packages: `invitation` builds one participant's copy of a session's invitation
from a `Session` (see `session_from_request`) and `Recipient`s, without the database;
`participants` and `booked_participants` list whom a session's invitations are for (and
refuse an address that cannot receive mail), `answer_url` gives the link by
which each accepts or declines, and `answers_of` the answers given (PARTSTAT).
"""

from interpreters.calendar.answers import answer_url, answers_of, forget_answers
from interpreters.calendar.invitation import (
    Organizer,
    default_organizer,
    invitation,
    session_uid,
)
from interpreters.calendar.participants import Participant, booked_participants, participants
from interpreters.calendar.session import (
    Recipient,
    Session,
    recipient_language,
    session_from_request,
)

__all__ = [
    "Organizer",
    "Participant",
    "Recipient",
    "Session",
    "answer_url",
    "answers_of",
    "booked_participants",
    "default_organizer",
    "forget_answers",
    "invitation",
    "participants",
    "recipient_language",
    "session_from_request",
    "session_uid",
]

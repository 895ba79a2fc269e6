"""iCalendar invitations, calendar feeds and answers to invitations for booked sessions.

For other packages: `invitation` builds one participant's copy of a session's invitation
from a `Session` (see `session_from_request`) and `Recipient`s, without the database;
`participants` lists whom a session's invitations are for, `answer_url` gives the link by
which each accepts or declines, and `answers_of` the answers given (PARTSTAT).
"""

from interpreters.calendar.answers import answer_url, answers_of
from interpreters.calendar.invitation import (
    Organizer,
    default_organizer,
    invitation,
    session_uid,
)
from interpreters.calendar.participants import participants
from interpreters.calendar.session import (
    Recipient,
    Session,
    recipient_language,
    session_from_request,
)

__all__ = [
    "Organizer",
    "Recipient",
    "Session",
    "answer_url",
    "answers_of",
    "default_organizer",
    "invitation",
    "participants",
    "recipient_language",
    "session_from_request",
    "session_uid",
]

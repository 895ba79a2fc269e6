"""iCalendar invitations, calendar feeds and answers to invitations for booked sessions.

For other packages: `invitation` builds one participant's copy of a session's invitation
from a `Session` (see `session_from_request`) and `Recipient`s, without the database;
`participants` and `booked_participants` list whom a session's invitations are for (and
refuse an address that cannot receive mail), `answer_url` gives the link by
which each accepts or declines, `answers_of` the answers given (PARTSTAT), and
`on_decline` lets a package above act on a decline (notifications tells the requester);
the texts an invitation is made of (`session_summary`, `session_description`,
`calendar_says`, `kind_words`) serve the emails that carry it.

Floor: above sessions; below video, notifications, matching and bookings.
"""

from interpreters.calendar.answers import Link as AnswerLink
from interpreters.calendar.answers import answer_url, answers_of, forget_answers, on_decline
from interpreters.calendar.attendees import Participant, booked_participants, participants
from interpreters.calendar.invitations import (
    Organizer,
    default_organizer,
    invitation,
    session_uid,
)
from interpreters.calendar.session import (
    Recipient,
    Session,
    recipient_language,
    session_from_request,
)
from interpreters.calendar.texts import description as session_description
from interpreters.calendar.texts import kind_words
from interpreters.calendar.texts import say as calendar_says
from interpreters.calendar.texts import summary as session_summary

__all__ = [
    "AnswerLink",
    "Organizer",
    "Participant",
    "Recipient",
    "Session",
    "answer_url",
    "answers_of",
    "booked_participants",
    "calendar_says",
    "default_organizer",
    "forget_answers",
    "invitation",
    "kind_words",
    "on_decline",
    "participants",
    "recipient_language",
    "session_description",
    "session_from_request",
    "session_summary",
    "session_uid",
]

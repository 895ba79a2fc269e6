"""iCalendar invitations for booked sessions (feeds come later).

For other packages: `invitation` builds one participant's copy of a session's invitation
from a `Session` (see `session_from_request`) and `Recipient`s; nothing here touches the
database.
"""

from interpreters.calendar.invitation import (
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

__all__ = [
    "Organizer",
    "Recipient",
    "Session",
    "default_organizer",
    "invitation",
    "recipient_language",
    "session_from_request",
    "session_uid",
]

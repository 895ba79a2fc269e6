"""Telling people: in-app notices, the outbox that delivers email and webhooks with retries
(its transports: SMTP, the mailbox of the demo, HTTP), institutions' webhooks, the emails
and invitations each change to a session sends, session reminders and credential-expiry
alerts.

Floor: above calendar and video, whose invitations and join links it sends; below matching
and bookings. For other packages: `announce` with a `SessionChange` (what a change to a
session sends, in its transaction), `kick_outbox` (deliver what the transaction wrote
without waiting for the next poll), `notify` (in-app notices) with `NoticeKind`,
`mail_account_link` (an invitation's or a reset's email), `flag_unvetted` (a booked
interpreter's vetting was withdrawn: notice and email to the session's people).
"""

from interpreters.notifications.account_mail import mail_account_link
from interpreters.notifications.flags import flag_unvetted
from interpreters.notifications.invitations import SessionChange, announce
from interpreters.notifications.outbox import kick as kick_outbox
from interpreters.notifications.schemas import NoticeKind
from interpreters.notifications.service import notify

__all__ = [
    "NoticeKind",
    "SessionChange",
    "announce",
    "flag_unvetted",
    "kick_outbox",
    "mail_account_link",
    "notify",
]

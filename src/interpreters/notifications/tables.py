"""Notices in each user's in-app inbox, the outbox of everything sent out of the system,
the institutions' webhooks, and the reminders and credential-expiry alerts to send."""

from typing import TYPE_CHECKING

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.auth.tables import Institution, User
from interpreters.registry.tables import Credential
from interpreters.sessions.tables import InterpretationRequest


class Notice(Table):
    """One thing one user must be told: a kind and the parameters of its template, so that it
    reads in the reader's language and can be sent by email later. Never a victim's
    pseudonym or community: a notice may leave the system."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    recipient = ForeignKey(references=User, index=True)
    request = ForeignKey(references=InterpretationRequest, null=True, default=None, index=True)
    kind = Varchar(length=32)
    params = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)


class OutboxMessage(Table):
    """One email or webhook call to send, written in the transaction of the change that
    causes it and sent afterwards by the dispatcher, at least once.

    `body` is the whole message as it goes out (an RFC 5322 email, or a webhook's JSON),
    so a retry sends exactly the same bytes under the same `message_id`, by which a
    receiver recognises a message it already has.
    """

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    # email or webhook
    channel = Varchar(length=16)
    # What caused it: invitation, reminder, credential_expiry, booking.changed, …
    topic = Varchar(length=32)
    # An email address, or a webhook's URL.
    recipient = Varchar(length=500)
    request = ForeignKey(references=InterpretationRequest, null=True, default=None, index=True)
    message_id = Varchar(length=200, unique=True)
    body = Text()
    # A webhook's own headers (its signature); an email carries its headers in `body`.
    headers = JSON(default={})
    # pending until delivered (sent) or refused for good (failed).
    status = Varchar(length=16, default="pending")
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    # A dispatcher sending it holds it until then; after a crash it is due again.
    claimed_until = Timestamptz(null=True, default=None)
    last_error = Varchar(length=500, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)


class Webhook(Table):
    """A URL of an institution's own system told of its bookings (created, changed,
    cancelled). Deactivated, never deleted: the audit log keeps naming it."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    institution = ForeignKey(references=Institution, index=True)
    # As long as an outbox message's recipient, where it is copied.
    url = Varchar(length=500)
    # Kept in clear: every delivery is signed with it (HMAC-SHA256), and the receiver holds
    # the same; shown once, when the webhook is created.
    secret = Varchar(length=64)
    active = Boolean(default=True)
    created_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class Reminder(Table):
    """One reminder of a confirmed session, `minutes_before` its start.

    pending until sent, void when the session moved or was cancelled first (a moved session
    gets new rows), missed when the session had begun before any process could send it. A
    request has at most one pending reminder per `minutes_before` (see the migration).
    """

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, index=True)
    minutes_before = Integer()
    starts_at = Timestamptz()
    due_at = Timestamptz()
    status = Varchar(length=16, default="pending")
    sent_at = Timestamptz(null=True, default=None)


class CredentialAlert(Table):
    """A credential-expiry alert sent: its row is the claim, unique per credential, threshold
    and expiry date (see the migration), so a renewed credential is alerted again."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    credential = ForeignKey(references=Credential, on_delete=OnDelete.cascade)
    days_before = Integer()
    expires_on = Date()
    sent_at = Timestamptz(default=TimestamptzNow())


class BackgroundCheckAlert(Table):
    """An alert sent that a booked interpreter's background check expires before the
    session: its row is the claim. `claim` names the booking, the threshold and the expiry
    date, so that two processes, or a restart, never send one twice, and a renewed check
    that still expires too early is alerted again."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    claim = Varchar(length=64, unique=True)
    booking = Integer(index=True)
    sent_at = Timestamptz(default=TimestamptzNow())

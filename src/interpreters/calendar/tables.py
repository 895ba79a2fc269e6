"""Calendar feeds and the answers participants give to their invitations."""

from typing import TYPE_CHECKING

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.auth.tables import User
from interpreters.sessions.tables import InterpretationRequest


class CalendarFeed(Table):
    """A user's secret feed address; only the SHA-256 of its token is kept."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    user = ForeignKey(references=User, index=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class SessionAnswer(Table):
    """A participant's answer to a session's invitation (RFC 5545 PARTSTAT); one per
    participant and request (a unique index in the migration), the latest answer kept."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, index=True)
    # Casefolded: the address as invitations and answer links compare it.
    email = Varchar(length=254)
    # ACCEPTED, DECLINED or TENTATIVE
    answer = Varchar(length=16)
    answered_at = Timestamptz(default=TimestamptzNow())

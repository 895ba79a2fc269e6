"""What bookings keep beside the session's own rows: credential rules, room holds, offers and
each request's history."""

from typing import TYPE_CHECKING

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.registry.tables import Interpreter
from interpreters.sessions import HoldStatus, OfferStatus
from interpreters.sessions.tables import Facility, InterpretationRequest


class CredentialRule(Table):
    """A country's own credential requirements for one session kind (defaults in rules.py)."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    country = Varchar(length=2)
    session_kind = Varchar(length=32)
    required_credentials = JSON(default=[])
    updated_by = Integer()
    updated_at = Timestamptz(default=TimestamptzNow())


class FacilityBooking(Table):
    """A room held for a request's session; never two active holds of a room at once."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    facility = ForeignKey(references=Facility, on_delete=OnDelete.restrict)
    request = ForeignKey(references=InterpretationRequest, index=True)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    status = Varchar(length=16, default=HoldStatus.CONFIRMED.value, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Offer(Table):
    """Work offered to one interpreter in a wave; the first acceptances fill the seats."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, index=True)
    interpreter = ForeignKey(references=Interpreter, index=True)
    wave = Integer()
    # Place in the ranking when sent: 1 is the best candidate.
    rank = Integer()
    starts_at = Timestamptz()
    # open, accepted, declined, withdrawn (the request was filled or cancelled) or expired.
    status = Varchar(length=16, default=OfferStatus.OPEN.value, index=True)
    reason = Varchar(length=500, default="")
    sent_at = Timestamptz(default=TimestamptzNow())
    answered_at = Timestamptz(null=True, default=None)


class RequestEvent(Table):
    """Every change of a request's status: who, when, why."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, index=True)
    status = Varchar(length=16)
    by_user = Integer()
    at = Timestamptz(default=TimestamptzNow())
    note = Varchar(length=500, default="")
    # A cancellation closer to the start than the configured hours.
    late = Boolean(default=False)

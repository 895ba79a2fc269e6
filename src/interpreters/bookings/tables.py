"""What prosecutors and courts ask for, and the credentials each kind of session needs."""

from typing import TYPE_CHECKING

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.auth.tables import Institution
from interpreters.registry.tables import Interpreter


class InterpretationRequest(Table):
    """One session to interpret. Names no victim: a pseudonym and a case reference only."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    institution = ForeignKey(references=Institution)
    requested_by = Integer()
    # The institution's country and zone when asked: the rules and the times it was asked in.
    country = Varchar(length=2, index=True)
    timezone = Varchar(length=64)
    case_reference = Varchar(length=64, index=True)
    victim_pseudonym = Varchar(length=64)
    session_kind = Varchar(length=32)
    language = Varchar(length=3)
    variety = Varchar(length=100, default="")
    working_language = Varchar(length=3)
    modality = Varchar(length=16)
    place = Varchar(length=200, default="")
    # A fixed start has earliest == latest; otherwise any start in between will do.
    earliest_start = Timestamptz()
    latest_start = Timestamptz()
    duration_minutes = Integer()
    min_proficiency = Integer()
    # Credential kinds required, as groups of alternatives: [["court_certified", "sworn_expert"]].
    required_credentials = JSON(default=[])
    preferred_gender = Varchar(length=16, default="")
    same_interpreter = Boolean(default=True)
    urgency = Varchar(length=8, default="normal")
    status = Varchar(length=16, default="requested", index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class CredentialRule(Table):
    """A country's own credential requirements for one session kind (defaults in rules.py)."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    country = Varchar(length=2)
    session_kind = Varchar(length=32)
    required_credentials = JSON(default=[])
    updated_by = Integer()
    updated_at = Timestamptz(default=TimestamptzNow())


class Booking(Table):
    """An interpreter booked for a request's session.

    The interpreter is blocked from the start until the end plus their buffer; the database
    refuses two active bookings of one interpreter whose blocked times overlap (an exclusion
    constraint on PostgreSQL, a trigger on SQLite: see the migration).
    """

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest)
    interpreter = ForeignKey(references=Interpreter)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    blocked_until = Timestamptz()
    status = Varchar(length=16, default="confirmed", index=True)
    booked_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


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

"""A session's rows: what prosecutors and courts ask for, the rooms it may be held in and the
interpreters booked for it."""

from typing import TYPE_CHECKING

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.auth.tables import Institution
from interpreters.registry.tables import Interpreter
from interpreters.sessions.status import BookingStatus, RequestStatus, Urgency


class Facility(Table):
    """A video-equipped room of a country (a Cámara Gesell, a hearing room), bookable with a
    session; the database refuses two active bookings of one room at once (see the migration)."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    country = Varchar(length=2, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=32)
    city = Varchar(length=100, default="")
    timezone = Varchar(length=64)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


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
    # consecutive or simultaneous: with the duration it decides whether a team is needed.
    mode = Varchar(length=20, default="consecutive")
    modality = Varchar(length=16)
    place = Varchar(length=200, default="")
    # Rooms are retired (active = false), never deleted while a request names them.
    facility = ForeignKey(references=Facility, null=True, default=None, on_delete=OnDelete.restrict)
    # The victim's community, matched against interpreters' declared conflicts; no address.
    community = Varchar(length=200, default="")
    # A fixed start has earliest == latest; otherwise any start in between will do.
    earliest_start = Timestamptz()
    latest_start = Timestamptz()
    duration_minutes = Integer()
    min_proficiency = Integer()
    # Credential kinds required, as groups of alternatives: [["court_certified", "sworn_expert"]].
    required_credentials = JSON(default=[])
    preferred_gender = Varchar(length=16, default="")
    same_interpreter = Boolean(default=True)
    urgency = Varchar(length=8, default=Urgency.NORMAL.value)
    # Two for a team (long consecutive or simultaneous sessions) or a relay through a pivot.
    interpreters_needed = Integer(default=1)
    # Raised under the row's lock by each acceptance: the last seat confirms the request.
    seats_filled = Integer(default=0)
    status = Varchar(length=16, default=RequestStatus.REQUESTED.value, index=True)
    # Offers in waves: how many per wave, the last wave sent and when the next one is due.
    wave_size = Integer(default=0)
    wave = Integer(default=0)
    next_wave_at = Timestamptz(null=True, default=None, index=True)
    # The SEQUENCE of the session's calendar invitations (RFC 5546): 0 when first confirmed,
    # raised by every change its participants are sent afterwards, the cancellation included.
    calendar_sequence = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


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
    # interpreter (alone or leading), team (the second of a team) or relay (the pivot leg).
    role = Varchar(length=16, default="interpreter")
    # The pair this interpreter covers: the request's, or one leg of a relay.
    language = Varchar(length=3, default="")
    working_language = Varchar(length=3, default="")
    # The request's, copied: matching counts an interpreter's sessions of each kind from the
    # bookings' index alone, without a lookup of every booking's request.
    session_kind = Varchar(length=32, default="")
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    blocked_until = Timestamptz()
    status = Varchar(length=16, default=BookingStatus.CONFIRMED.value, index=True)
    booked_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())

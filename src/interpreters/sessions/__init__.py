"""A session to interpret: its request, the interpreters booked for it and its room, as
typed records, with every status and the rules all its users share.

Floor: above availability; below calendar, video, notifications, matching and bookings.
For other packages: `RequestRecord` and `BookingRecord` (never rows); the reads
`visible_request` (the one visibility-checked read of a request), `request_record`,
`locked_request`, `standing_bookings`, `bookings_following`, `session_times`,
`booked_start`, `listed_bookings` and `institutions_of`; `session_start`; eligibility
(`require_eligible`); the status enums with their named sets (`STANDING`, `TAKES_TIME`,
…) and `status_values` for a query. The tables are exported for bookings, which writes
them, and for the raw statements a benchmark asks for (matching's histories); other
packages reach them only through `tables.py` foreign keys.
"""

# Imported for its effect: bookings that take time count as busy in free/busy.
from interpreters.sessions import commitments as commitments
from interpreters.sessions.eligibility import require_eligible
from interpreters.sessions.reads import (
    booked_start,
    bookings_following,
    institutions_of,
    listed_bookings,
    locked_request,
    raise_calendar_sequence,
    request_record,
    session_times,
    standing_bookings,
    visible_request,
)
from interpreters.sessions.records import BookingRecord, RequestRecord
from interpreters.sessions.status import (
    MAX_DURATION_MINUTES,
    REPLACED,
    ROOM_TAKEN,
    STANDING,
    STANDING_HOLD,
    TAKES_TIME,
    UNFILLED,
    Amendment,
    BookingStatus,
    HoldStatus,
    OfferStatus,
    RequestStatus,
    Urgency,
)
from interpreters.sessions.status import values as status_values
from interpreters.sessions.tables import Booking, Facility, InterpretationRequest
from interpreters.sessions.timing import session_start

__all__ = [
    "MAX_DURATION_MINUTES",
    "REPLACED",
    "ROOM_TAKEN",
    "STANDING",
    "STANDING_HOLD",
    "TAKES_TIME",
    "UNFILLED",
    "Amendment",
    "Booking",
    "BookingRecord",
    "BookingStatus",
    "Facility",
    "HoldStatus",
    "InterpretationRequest",
    "OfferStatus",
    "RequestRecord",
    "RequestStatus",
    "Urgency",
    "booked_start",
    "bookings_following",
    "institutions_of",
    "listed_bookings",
    "locked_request",
    "raise_calendar_sequence",
    "request_record",
    "require_eligible",
    "session_start",
    "session_times",
    "standing_bookings",
    "status_values",
    "visible_request",
]

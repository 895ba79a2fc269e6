"""Every status a session's rows take, and one named set for each thing a status decides."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

# No session lasts longer.
MAX_DURATION_MINUTES = 8 * 60


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    OFFERED = "offered"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


# Changes in a request's history that keep its status. A Literal, not an enum: Litestar
# fails to build the API schema of a field that holds one of two enums.
Amendment = Literal["rescheduled", "reassigned"]


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class BookingStatus(StrEnum):
    """A booking follows its request (confirmed, completed, cancelled, no_show) until a
    coordinator replaces its interpreter (reassigned) or, for the moment a reschedule takes,
    it stops blocking time (moving)."""

    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    REASSIGNED = "reassigned"
    MOVING = "moving"


class HoldStatus(StrEnum):
    """A room's hold follows its request's session."""

    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class OfferStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    # The request was filled or cancelled.
    WITHDRAWN = "withdrawn"
    # Nobody accepted by the last wave's deadline and nobody was left to offer it to.
    EXPIRED = "expired"


# Still to be filled: nobody is booked yet.
UNFILLED = frozenset({RequestStatus.REQUESTED, RequestStatus.OFFERED})
# The bookings that make up the session as it stands: they move, end or are cancelled with
# it, and hold their interpreters' time now.
STANDING = frozenset({BookingStatus.CONFIRMED})
# The bookings that take (or took) their interpreter's time: busy in free/busy, and what
# matching counts as experience with a kind of session or a victim.
TAKES_TIME = frozenset({BookingStatus.CONFIRMED, BookingStatus.COMPLETED})
# A booking whose interpreter was taken off the session: it never was the session's.
REPLACED = frozenset({BookingStatus.REASSIGNED})
# The bookings a calendar feed lists: every one but a booking whose interpreter was
# replaced (that session is no longer theirs) or one being moved.
LISTED = frozenset(
    {
        BookingStatus.CONFIRMED,
        BookingStatus.COMPLETED,
        BookingStatus.CANCELLED,
        BookingStatus.NO_SHOW,
    }
)
# Room holds that occupy their room, as the database's no-overlap rule counts them.
ROOM_TAKEN = frozenset({HoldStatus.CONFIRMED, HoldStatus.COMPLETED})
# The hold that stands for the session now, moved or released with it.
STANDING_HOLD = frozenset({HoldStatus.CONFIRMED})


def values(statuses: frozenset[StrEnum]) -> list[str]:
    """The plain values of `statuses` in a stable order, for a query's `IN (…)`."""
    return sorted(status.value for status in statuses)

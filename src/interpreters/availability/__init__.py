"""When interpreters can work, and their free/busy.

Floor: above registry and auth, below sessions. For other packages: `openings` (when each
of many interpreters can start a session of a given length, with notice, buffers and
fatigue limits: the basis of matching and booking) and its `Openings`;
`register_commitments` (how bookings make their sessions count as busy) with the
`Interval`s it returns;
`DEFAULT_LIMITS`, and `buffers` (each interpreter's rest after a session); the wall-clock
conversions `aware`, `epoch`, `instant` and `zone`; `Moment` (a local time as the API
takes it) and `PRODID` (the service's iCalendar product id).
"""

from interpreters.availability.commitments import register as register_commitments
from interpreters.availability.freebusy import DEFAULT_LIMITS
from interpreters.availability.ics import PRODID
from interpreters.availability.intervals import Interval
from interpreters.availability.loading import buffers
from interpreters.availability.query import Openings, openings
from interpreters.availability.schemas import Moment
from interpreters.availability.wallclock import aware, epoch, instant, zone

__all__ = [
    "DEFAULT_LIMITS",
    "PRODID",
    "Interval",
    "Moment",
    "Openings",
    "aware",
    "buffers",
    "epoch",
    "instant",
    "openings",
    "register_commitments",
    "zone",
]

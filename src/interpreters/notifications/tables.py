"""Notices in each user's in-app inbox."""

from typing import TYPE_CHECKING

from piccolo.columns import JSON, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.auth.tables import User
from interpreters.bookings.tables import InterpretationRequest


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

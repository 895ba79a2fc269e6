"""The audit log: who did what to which record, and who read restricted fields."""

from typing import TYPE_CHECKING

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEntry(Table):
    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    at = Timestamptz(default=TimestamptzNow(), index=True)
    # Plain ids, not foreign keys: the log outlives what it describes.
    actor_id = Integer(null=True, index=True)
    actor_email = Varchar(length=254, default="")
    action = Varchar(length=64)
    record_type = Varchar(length=32)
    record_id = Integer(null=True)
    # Field names only, never their values: the log must not copy restricted data.
    fields = Text(default="")
    client_address = Varchar(length=64, default="")

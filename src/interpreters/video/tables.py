"""Who may enter each video session's room, how it ended, and its recordings with their
chain of custody."""

from typing import TYPE_CHECKING

from piccolo.columns import BigInt, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.sessions.tables import InterpretationRequest


class RoomParticipant(Table):
    """One person's place in a session's room; their join link is signed over its id and nonce.

    The requester (the host) and a court's user are linked by `user_id`, a booked
    interpreter by `interpreter` (their registry record, with or without an account). Guests
    (the victim, defence counsel, an observer) have no account and no contact data here: the
    host passes their link on. A new nonce or `revoked_at` voids every link made before.
    """

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, index=True)
    # host, interpreter, court, victim, defence or observer.
    role = Varchar(length=16)
    display_name = Varchar(length=120)
    # What follows the name on the participant's tile: "Intérprete K'iche'".
    label = Varchar(length=120, default="")
    user_id = Integer(null=True, default=None, index=True)
    interpreter = Integer(null=True, default=None)
    nonce = Varchar(length=32)
    revoked_at = Timestamptz(null=True, default=None)
    created_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class RoomClosure(Table):
    """A room its host ended for everyone: no link of its session opens it again."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, unique=True)
    ended_by = Integer()
    ended_at = Timestamptz(default=TimestamptzNow())


class Recording(Table):
    """A recording of a session (anticipated evidence), written under DATA_DIR/recordings."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    request = ForeignKey(references=InterpretationRequest, index=True)
    file_name = Varchar(length=200)
    # recording, complete, or failed (the file could not be finished).
    status = Varchar(length=16, default="recording")
    sha256 = Varchar(length=64, default="")
    size_bytes = BigInt(default=0)
    started_at = Timestamptz(default=TimestamptzNow())
    stopped_at = Timestamptz(null=True, default=None)


class CustodyEvent(Table):
    """One link of a recording's chain of custody: a consent given, the start, the stop, each
    download; who (a room participant or a signed-in user), when and from where."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    recording = ForeignKey(references=Recording, index=True)
    # consented, started, stopped, downloaded.
    action = Varchar(length=16)
    participant = Integer(null=True, default=None)
    user_id = Integer(null=True, default=None)
    actor_name = Varchar(length=120, default="")
    actor_role = Varchar(length=16, default="")
    client_address = Varchar(length=64, default="")
    sha256 = Varchar(length=64, default="")
    at = Timestamptz(default=TimestamptzNow())

"""No interpreter is ever booked twice at once: the database itself refuses it.

PostgreSQL: an exclusion constraint over the interpreter and the blocked time range of
active bookings (btree_gist). SQLite: triggers that abort an insert or update whose
blocked time overlaps an active booking of the same interpreter; SQLite stores
timestamps as UTC text of one format, which compares in time order.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-22T09:26:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "no double booking"

ACTIVE = "('confirmed', 'completed')"
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist"
    " (interpreter WITH =, tstzrange(starts_at, blocked_until) WITH &&)"
    f" WHERE (status IN {ACTIVE})",
]
OVERLAP = (
    "SELECT RAISE(ABORT, 'booking_no_overlap') WHERE NEW.status IN {active} AND EXISTS ("
    " SELECT 1 FROM booking WHERE interpreter = NEW.interpreter AND id IS NOT NEW.id"
    " AND status IN {active} AND starts_at < NEW.blocked_until"
    " AND blocked_until > NEW.starts_at)"
).format(active=ACTIVE)
SQLITE = [
    f"CREATE TRIGGER booking_no_overlap_{event.lower()} BEFORE {event} ON booking"
    f" BEGIN {OVERLAP}; END"
    for event in ("INSERT", "UPDATE")
]
INDEXES = ["CREATE INDEX booking_interpreter ON booking (interpreter, starts_at)"]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def refuse_overlaps() -> None:
        engine = engine_finder()
        guard = POSTGRES if isinstance(engine, PostgresEngine) else SQLITE
        for statement in [*INDEXES, *guard]:
            await engine.run_ddl(statement)

    manager.add_raw(refuse_overlaps)
    return manager

"""Each booking's session kind, filled in from its request, and in the bookings' index.

Matching counts a candidate's completed sessions of the request's kind; with the kind in
the index on (interpreter, status, …) the count is read from the index alone instead of
looking up the request of every completed booking (about half the time of the query that
reads candidates' histories, in bench/matching_bench.py).

Plain SQL that PostgreSQL and SQLite both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T09:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "booking session kind in the index"

STATEMENTS = [
    "UPDATE booking SET session_kind = (SELECT r.session_kind FROM interpretation_request r"
    " WHERE r.id = booking.request)",
    "DROP INDEX booking_interpreter",
    "CREATE INDEX booking_interpreter"
    " ON booking (interpreter, status, starts_at, ends_at, request, session_kind)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def fill_and_index() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(fill_and_index)
    return manager

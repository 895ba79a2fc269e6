"""Indexes for matching: an interpreter's bookings and what scoring reads of their requests.

Matching reads each candidate's active bookings in a time range (commitments) and all of
them (history); with the end and the request in the index neither visits the table. The
status comes second so that SQLite, which keeps no statistics, prefers this index to the
one on the status alone (which made it read every active booking). It replaces the index
on (interpreter, starts_at). Each booking's request is looked up for its kind and
duration: the second index answers without the table on PostgreSQL (SQLite finds rows by
id in the table's own tree).

Plain SQL that PostgreSQL and SQLite both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T05:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "matching indexes"

STATEMENTS = [
    "DROP INDEX booking_interpreter",
    "CREATE INDEX booking_interpreter"
    " ON booking (interpreter, status, starts_at, ends_at, request)",
    "CREATE INDEX interpretation_request_history"
    " ON interpretation_request (id, session_kind, duration_minutes)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager

"""Availability lookups by interpreter and date; one override per interpreter and date.

Plain SQL that PostgreSQL and SQLite both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-22T07:48:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "availability indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX date_override_unique ON date_override (interpreter, day)",
    "CREATE INDEX time_off_lookup ON time_off (interpreter, last_day, first_day)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager

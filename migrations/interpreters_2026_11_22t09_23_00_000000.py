"""One credential rule per country and kind of session; requests listed by institution.

Plain SQL that PostgreSQL and SQLite both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-22T09:23:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "request indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX credential_rule_unique ON credential_rule (country, session_kind)",
    "CREATE INDEX interpretation_request_institution"
    " ON interpretation_request (institution, earliest_start)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager

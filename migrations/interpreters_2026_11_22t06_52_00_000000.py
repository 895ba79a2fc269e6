"""Lookup indexes for registry search, and uniqueness Piccolo columns cannot express.

Plain SQL that PostgreSQL and SQLite both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-22T06:52:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "lookup indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX interpreter_tag_unique ON interpreter_tag (interpreter, kind, value)",
    "CREATE INDEX interpreter_tag_lookup ON interpreter_tag (kind, value, interpreter)",
    "CREATE INDEX language_skill_lookup"
    " ON language_skill (language, working_language, proficiency, interpreter)",
    "CREATE INDEX language_skill_interpreter ON language_skill (interpreter)",
    "CREATE INDEX credential_lookup ON credential (kind, interpreter)",
    "CREATE INDEX credential_interpreter ON credential (interpreter)",
    "CREATE INDEX interpreter_vetting ON interpreter (vetting_status, background_check_expires_on)",
    "CREATE INDEX interpreter_display_name ON interpreter (display_name)",
    "CREATE INDEX vetting_event_interpreter ON vetting_event (interpreter)",
    "CREATE INDEX conflict_of_interest_interpreter ON conflict_of_interest (interpreter)",
    'CREATE INDEX auth_session_user ON auth_session ("user")',
    "CREATE INDEX audit_entry_record ON audit_entry (record_type, record_id)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager

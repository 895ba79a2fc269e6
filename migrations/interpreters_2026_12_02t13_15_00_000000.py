"""One answer per participant of a session: answering again replaces the answer.

Piccolo declares no unique constraint over two columns; plain SQL that PostgreSQL and SQLite
both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T13:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one answer per participant"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def index() -> None:
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX session_answer_request_email ON session_answer (request, email)"
        )

    manager.add_raw(index)
    return manager

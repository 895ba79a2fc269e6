"""The dispatcher's index: the outbox's pending messages by when they are next due.

Partial, so that the delivered messages (nearly all of them, in time) cost it nothing.
Plain SQL that PostgreSQL and SQLite both accept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T13:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox due index"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def index() -> None:
        await engine_finder().run_ddl(
            "CREATE INDEX outbox_message_due ON outbox_message (next_attempt_at)"
            " WHERE status = 'pending'"
        )

    manager.add_raw(index)
    return manager

"""Fill the search name of existing records; one account per interpreter record.

A separate migration: Piccolo runs a migration's raw steps before its column changes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

from interpreters.reference import fold

ID = "2026-11-22T07:21:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search name backfill; one account per interpreter record"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def backfill_and_constrain() -> None:
        engine = engine_finder()
        rows = await engine.run_querystring(QueryString("SELECT id, display_name FROM interpreter"))
        for row in rows:
            await engine.run_querystring(
                QueryString(
                    "UPDATE interpreter SET search_name = {} WHERE id = {}",
                    fold(row["display_name"]),
                    row["id"],
                )
            )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX app_user_interpreter_unique ON app_user (interpreter)"
        )

    manager.add_raw(backfill_and_constrain)
    return manager

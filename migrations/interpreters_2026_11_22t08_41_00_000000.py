"""A counter raised by the database on every change to availability profiles.

Processes keep a snapshot of all profiles for large free/busy requests and compare this
counter to know when it is stale (availability/loading.py). Triggers raise it, so that no
write path, cascade or manual statement can be missed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-22T08:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "availability revision counter"

COUNTER = [
    "CREATE TABLE IF NOT EXISTS availability_revision"
    " (id INTEGER PRIMARY KEY, revision BIGINT NOT NULL)",
    "INSERT INTO availability_revision (id, revision) VALUES (1, 0) ON CONFLICT DO NOTHING",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION availability_revised() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN UPDATE availability_revision SET revision = revision + 1; RETURN NULL; END $$",
    "CREATE TRIGGER availability_profile_revised"
    " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON availability_profile"
    " FOR EACH STATEMENT EXECUTE FUNCTION availability_revised()",
]
SQLITE = [
    f"CREATE TRIGGER availability_profile_{event.lower()} AFTER {event} ON availability_profile"
    " BEGIN UPDATE availability_revision SET revision = revision + 1; END"
    for event in ("INSERT", "UPDATE", "DELETE")
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def create_counter() -> None:
        engine = engine_finder()
        triggers = POSTGRES if isinstance(engine, PostgresEngine) else SQLITE
        for statement in [*COUNTER, *triggers]:
            await engine.run_ddl(statement)

    manager.add_raw(create_counter)
    return manager

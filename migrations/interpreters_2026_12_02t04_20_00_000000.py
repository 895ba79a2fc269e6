"""No room is ever held twice at once; one offer per interpreter and request; one block
per interpreter and case.

PostgreSQL: an exclusion constraint over the facility and the time range of active holds
(btree_gist, created by the booking migration). SQLite: triggers that abort an insert or
update overlapping an active hold of the same room (timestamps are UTC text of one format,
which compares in time order).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-02T04:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "no double booking of rooms; unique offers and case blocks"

ACTIVE = "('confirmed', 'completed')"
POSTGRES = [
    "ALTER TABLE facility_booking ADD CONSTRAINT facility_no_overlap EXCLUDE USING gist"
    " (facility WITH =, tstzrange(starts_at, ends_at) WITH &&)"
    f" WHERE (status IN {ACTIVE})",
]
OVERLAP = (
    "SELECT RAISE(ABORT, 'facility_no_overlap') WHERE NEW.status IN {active} AND EXISTS ("
    " SELECT 1 FROM facility_booking WHERE facility = NEW.facility AND id IS NOT NEW.id"
    " AND status IN {active} AND starts_at < NEW.ends_at AND ends_at > NEW.starts_at)"
).format(active=ACTIVE)
SQLITE = [
    f"CREATE TRIGGER facility_no_overlap_{event.lower()} BEFORE {event} ON facility_booking"
    f" BEGIN {OVERLAP}; END"
    for event in ("INSERT", "UPDATE")
]
INDEXES = [
    "CREATE INDEX facility_booking_facility ON facility_booking (facility, starts_at)",
    "CREATE UNIQUE INDEX offer_unique ON offer (request, interpreter)",
    "CREATE UNIQUE INDEX case_block_unique ON case_block (interpreter, case_reference)",
    "CREATE INDEX booking_request ON booking (request)",
    # Matching looks skills up from either side of the pair.
    "CREATE INDEX language_skill_working_language"
    " ON language_skill (working_language, language, proficiency, interpreter)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def refuse_overlaps() -> None:
        engine = engine_finder()
        guard = POSTGRES if isinstance(engine, PostgresEngine) else SQLITE
        for statement in [*INDEXES, *guard]:
            await engine.run_ddl(statement)

    manager.add_raw(refuse_overlaps)
    return manager

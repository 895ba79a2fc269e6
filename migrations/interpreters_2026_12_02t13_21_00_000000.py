"""What the reminders and credential-expiry alerts rely on, in plain SQL that PostgreSQL and
SQLite both accept.

- At most one pending reminder per request and minutes before: planning twice, or two
  processes planning at once, cannot leave two reminders to send.
- The sweep's index: pending reminders by when they fall due (partial, so that the sent
  ones, nearly all of them in time, cost it nothing).
- One alert per credential, threshold and expiry date: inserting it is the claim.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T13:21:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "reminder and credential alert indexes"

STATEMENTS = (
    "CREATE UNIQUE INDEX reminder_one_pending ON reminder (request, minutes_before)"
    " WHERE status = 'pending'",
    "CREATE INDEX reminder_due ON reminder (due_at) WHERE status = 'pending'",
    "CREATE UNIQUE INDEX credential_alert_once"
    " ON credential_alert (credential, days_before, expires_on)",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    async def indexes() -> None:
        for statement in STATEMENTS:
            await engine_finder().run_ddl(statement)

    manager.add_raw(indexes)
    return manager

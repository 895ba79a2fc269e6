from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-22T08:41:00:628300"
VERSION = "1.38.0"
DESCRIPTION = "availability profile revision"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    manager.add_column(
        table_class_name="AvailabilityProfile",
        tablename="availability_profile",
        column_name="revision",
        db_column_name="revision",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager

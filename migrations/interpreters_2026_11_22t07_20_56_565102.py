from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-22T07:20:56:565102"
VERSION = "1.38.0"
DESCRIPTION = "accent-free search name"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Interpreter",
        tablename="interpreter",
        column_name="search_name",
        db_column_name="search_name",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager

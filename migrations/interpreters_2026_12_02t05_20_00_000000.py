"""Notices: each user's in-app inbox (hand-written; the same on PostgreSQL and SQLite).

Written as Piccolo's auto-migrations are, so that later auto-migrations know the table.
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class User(Table, tablename="app_user", schema=None):
    id = Serial(null=False, primary_key=True, db_column_name="id")


class InterpretationRequest(Table, tablename="interpretation_request", schema=None):
    id = Serial(null=False, primary_key=True, db_column_name="id")


ID = "2026-12-02T05:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notices"


def _params(**given: Any) -> dict[str, Any]:
    return {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **given,
    }


def _reference(table: type[Table], null: bool) -> dict[str, Any]:
    return _params(
        references=table,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
        null=null,
        index=True,
    )


COLUMNS: list[tuple[str, type, dict[str, Any]]] = [
    ("recipient", ForeignKey, _reference(User, null=True)),
    ("request", ForeignKey, _reference(InterpretationRequest, null=True)),
    ("kind", Varchar, _params(length=32, default="")),
    ("params", JSON, _params(default="{}")),
    ("created_at", Timestamptz, _params(default=TimestamptzNow())),
    ("read_at", Timestamptz, _params(default=None, null=True)),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="interpreters", description=DESCRIPTION)
    manager.add_table(class_name="Notice", tablename="notice", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="Notice",
            tablename="notice",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager

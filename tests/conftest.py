"""Test set-up: a real database (SQLite by default, PostgreSQL when DATABASE_URL says so),
migrated once per run and emptied before each test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

_scratch = Path(tempfile.mkdtemp(prefix="interpreters-tests-"))
os.environ.setdefault("DATA_DIR", str(_scratch))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch / 'test.sqlite'}")
os.environ.setdefault("PICCOLO_CONF", "interpreters.piccolo_conf")

# The helpers of the factories modules assert too: pytest explains their failures as it does
# those of test modules (it rewrites test modules and conftests only, unless told).
pytest.register_assert_rewrite(
    "tests.factories",
    "tests.bookings.factories",
    "tests.calendar.factories",
    "tests.e2e.factories",
    "tests.matching.factories",
    "tests.notifications.factories",
    "tests.registry.factories",
    "tests.video.factories",
)

import httpx  # noqa: E402
from piccolo.apps.migrations.commands.forwards import run_forwards  # noqa: E402

from interpreters.db import database_lifespan, engine  # noqa: E402
from interpreters.piccolo_app import APP_CONFIG  # noqa: E402
from interpreters.principal import Role  # noqa: E402
from interpreters.settings import get_settings  # noqa: E402
from tests.factories import (  # noqa: E402
    Account,
    app_client,
    empty_all_tables,
    make_account,
    make_institution,
)


async def _reset_schema() -> None:
    db = engine()
    if get_settings().is_postgres:
        await db.run_ddl("DROP SCHEMA public CASCADE")
        await db.run_ddl("CREATE SCHEMA public")
    else:
        for name in [*(t._meta.tablename for t in APP_CONFIG.table_classes), "migration"]:
            await db.run_ddl(f'DROP TABLE IF EXISTS "{name}"')


@pytest.fixture(scope="session", autouse=True)
async def migrated_database() -> AsyncIterator[None]:
    await _reset_schema()
    result = await run_forwards(app_name="all")
    assert result.success, result.message
    # The tests' event loop owns the pool; the app under test shares it (see `client`).
    async with database_lifespan(None):
        yield


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read again from the environment (after monkeypatch.setenv), and after."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
async def empty_tables(migrated_database: None) -> None:
    await empty_all_tables()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with app_client() as test_client:
        yield test_client


@pytest.fixture
async def coordinator() -> Account:
    return await make_account(Role.COORDINATOR, "coord@example.org")


@pytest.fixture
async def prosecutor() -> Account:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    return await make_account(Role.PROSECUTOR, "fiscal@example.org", institution_id=office)


@pytest.fixture
async def court() -> Account:
    court_id = await make_institution("CR", "court", "America/Costa_Rica")
    return await make_account(Role.COURT, "court@example.org", institution_id=court_id)

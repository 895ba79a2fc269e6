"""Test set-up: a real database (SQLite by default, PostgreSQL when DATABASE_URL says so),
migrated once per run and emptied before each test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

_scratch = Path(tempfile.mkdtemp(prefix="interpreters-tests-"))
os.environ.setdefault("DATA_DIR", str(_scratch))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch / 'test.sqlite'}")
os.environ.setdefault("PICCOLO_CONF", "interpreters.piccolo_conf")

import httpx  # noqa: E402
import pytest  # noqa: E402
from piccolo.apps.migrations.commands.forwards import run_forwards  # noqa: E402

from interpreters.app import create_app  # noqa: E402
from interpreters.auth import service as auth_service  # noqa: E402
from interpreters.auth.passwords import hash_password  # noqa: E402
from interpreters.auth.tables import Institution, User  # noqa: E402
from interpreters.db import database_lifespan, engine  # noqa: E402
from interpreters.piccolo_app import APP_CONFIG  # noqa: E402
from interpreters.principal import Principal, Role  # noqa: E402
from interpreters.settings import get_settings  # noqa: E402

PASSWORD = "correct horse battery"
TEST_OUTPUT = Path(__file__).resolve().parents[1] / "test-output"


async def _reset_schema() -> None:
    db = engine()
    if get_settings().is_postgres:
        await db.run_ddl("DROP SCHEMA public CASCADE")
        await db.run_ddl("CREATE SCHEMA public")
    else:
        for table in [*APP_CONFIG.table_classes, "migration"]:
            name = table if isinstance(table, str) else table._meta.tablename
            await db.run_ddl(f'DROP TABLE IF EXISTS "{name}"')


@pytest.fixture(scope="session", autouse=True)
async def migrated_database() -> AsyncIterator[None]:
    await _reset_schema()
    result = await run_forwards(app_name="all")
    assert result.success, result.message
    # The tests' event loop owns the pool; the app under test shares it (see `client`).
    async with database_lifespan(None):
        yield


async def empty_all_tables() -> None:
    db = engine()
    names = [t._meta.tablename for t in APP_CONFIG.table_classes]
    if get_settings().is_postgres:
        quoted = ", ".join(f'"{n}"' for n in names)
        await db.run_ddl(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        for name in reversed(names):
            await db.run_ddl(f'DELETE FROM "{name}"')  # noqa: S608 (our own table names)


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read again from the environment (after monkeypatch.setenv), and after."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
async def empty_tables(migrated_database: None) -> None:
    await empty_all_tables()


def app_client(base_url: str = "http://testserver.local") -> httpx.AsyncClient:
    """The app in this event loop, without its lifespan: the session fixture holds the pool.

    (Litestar's AsyncTestClient runs the app in a thread with its own loop, where an asyncpg
    pool opened by the tests cannot be used.)
    """
    transport = httpx.ASGITransport(app=create_app(), client=("127.0.0.1", 50000))
    # English messages, which the assertions quote; tests/test_i18n.py covers Spanish.
    headers = {"accept-language": "en"}
    return httpx.AsyncClient(transport=transport, base_url=base_url, headers=headers)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with app_client() as test_client:
        yield test_client


@dataclass
class Account:
    role: Role
    email: str
    user_id: int
    token: str
    principal: Principal
    institution_id: int | None = None
    interpreter_id: int | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


async def make_institution(country: str, kind: str, timezone: str) -> int:
    institution = Institution(
        name=f"{kind} {country}", kind=kind, country=country, timezone=timezone
    )
    await institution.save()
    return int(institution.id)


async def make_account(
    role: Role,
    email: str,
    institution_id: int | None = None,
    interpreter_id: int | None = None,
    countries: str = "",
) -> Account:
    user = User(
        email=email,
        password_hash=hash_password(PASSWORD),
        role=role.value,
        display_name=email.split("@")[0],
        institution=institution_id,
        interpreter=interpreter_id,
        countries=countries,
    )
    await user.save()
    issued = await auth_service.login(email, PASSWORD, auth_service.API, "127.0.0.1")
    return Account(
        role, email, int(user.id), issued.token, issued.principal, institution_id, interpreter_id
    )


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

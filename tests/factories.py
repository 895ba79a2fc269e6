"""Helpers every package's tests share: accounts and institutions, the app in the tests' event
loop, an empty database. The fixtures built on them live in tests/conftest.py.

Shared helpers live in factories modules: this one, and tests/<package>/factories.py for each
package's. A test module imports helpers from factories modules only, never from another test
module or from a conftest (pytest hands it the fixtures)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from interpreters.app import create_app
from interpreters.auth import service as auth_service
from interpreters.auth.passwords import hash_password
from interpreters.auth.tables import Institution, User
from interpreters.db import engine
from interpreters.piccolo_app import APP_CONFIG
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings

PASSWORD = "correct horse battery"
TEST_OUTPUT = Path(__file__).resolve().parents[1] / "test-output"


async def empty_all_tables() -> None:
    db = engine()
    names = [t._meta.tablename for t in APP_CONFIG.table_classes]
    if get_settings().is_postgres:
        quoted = ", ".join(f'"{n}"' for n in names)
        await db.run_ddl(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        for name in reversed(names):
            await db.run_ddl(f'DELETE FROM "{name}"')  # noqa: S608 (our own table names)


def app_client(base_url: str = "http://testserver.local") -> httpx.AsyncClient:
    """The app in this event loop, without its lifespan: the session fixture holds the pool.

    (Litestar's AsyncTestClient runs the app in a thread with its own loop, where an asyncpg
    pool opened by the tests cannot be used.)
    """
    # An ASGI app: Litestar types its scopes and events with TypedDicts, httpx with mappings.
    app: Callable[..., Awaitable[None]] = create_app()
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    # English messages, which the assertions quote; tests/test_i18n.py covers Spanish.
    headers = {"accept-language": "en"}
    return httpx.AsyncClient(transport=transport, base_url=base_url, headers=headers)


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

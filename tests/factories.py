"""Helpers every package's tests share: accounts and institutions, the app in the tests' event
loop, an empty database. The fixtures built on them live in tests/conftest.py.

Shared helpers live in factories modules: this one, and tests/<package>/factories.py for each
package's. A test module imports helpers from factories modules only, never from another test
module or from a conftest (pytest hands it the fixtures)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pyotp

from interpreters.app import create_app
from interpreters.auth import service as auth_service
from interpreters.auth.passwords import hash_password
from interpreters.auth.second_factor import seal
from interpreters.auth.tables import AuthSession, Institution, TotpFactor, User
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


def app_client(
    base_url: str = "http://testserver.local", address: str = "127.0.0.1"
) -> httpx.AsyncClient:
    """The app in this event loop, without its lifespan: the session fixture holds the pool.

    (Litestar's AsyncTestClient runs the app in a thread with its own loop, where an asyncpg
    pool opened by the tests cannot be used.)
    """
    # An ASGI app: Litestar types its scopes and events with TypedDicts, httpx with mappings.
    app: Callable[..., Awaitable[None]] = create_app()
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
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


# The last 30-second step whose code each secret handed out: a code is good once.
_SPENT_STEPS: dict[str, int] = {}


def next_code(secret: str) -> str:
    """A code of the app with `secret` that the service has not seen yet: the current step's,
    or the next one's (which the service also accepts); waits for a new step when both are
    spent."""
    totp = pyotp.TOTP(secret)
    while True:
        now = totp.timecode(datetime.now(UTC))
        step = max(_SPENT_STEPS.get(secret, 0) + 1, now)
        if step <= now + 1:
            _SPENT_STEPS[secret] = step
            return totp.generate_otp(step)
        time.sleep(1)


# Each test account's app secret by email, as its owner's phone would hold it.
SECRETS: dict[str, str] = {}


def code_of(email: str) -> str:
    """A fresh code of the authenticator app of the account with `email`."""
    return next_code(SECRETS[email])


async def make_account(
    role: Role,
    email: str,
    institution_id: int | None = None,
    interpreter_id: int | None = None,
    countries: str = "",
    second_factor: bool = True,
) -> Account:
    """An account with the test password and, unless `second_factor` is false, an
    authenticator app; signed in as a script (a bearer token, made here as sign-in would)."""
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
    if second_factor:
        secret = pyotp.random_base32()
        SECRETS[email] = secret
        await TotpFactor.insert(
            TotpFactor(user=user.id, secret=seal(secret), confirmed_at=datetime.now(UTC))
        )
    token = secrets.token_urlsafe(32)
    await AuthSession.insert(
        AuthSession(
            token_hash=auth_service.token_hash(token),
            user=user.id,
            kind=auth_service.API,
            csrf_token="",
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
    )
    found = await auth_service.authenticate(token, auth_service.API, "127.0.0.1")
    assert found is not None
    return Account(
        role,
        email,
        int(user.id),
        token,
        found[0],
        institution_id,
        interpreter_id,
    )


async def browser_sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    """Signs `client` in as a browser does: the password, then the app's code. The session's
    CSRF token."""
    first = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert first.status_code == 200, first.text
    assert first.json()["user"]["stage"] == "second_factor"
    done = await client.post(
        "/api/v1/auth/second-factor/verify",
        json={"code": code_of(email)},
        headers={"x-csrf-token": first.json()["csrf_token"]},
    )
    assert done.status_code == 200, done.text
    csrf: str = done.json()["csrf_token"]
    return csrf


async def script_token(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    """A bearer token as a script gets one: password and the app's code together."""
    response = await client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password, "issue_token": True, "code": code_of(email)},
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token

"""The database engine chosen by DATABASE_URL, and the pool lifespan."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar, overload

from piccolo.columns.combination import WhereRaw
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.query import Select

from interpreters.settings import get_settings


def create_engine() -> Engine[Any]:
    settings = get_settings()
    if settings.is_postgres:
        return PostgresEngine(config={"dsn": settings.database_url})
    path = settings.sqlite_path
    path.parent.mkdir(parents=True, exist_ok=True)
    # With IMMEDIATE transactions (below) a writer waits up to this long for another.
    return SQLiteEngine(path=str(path), timeout=30)


def engine() -> Engine[Any]:
    found = engine_finder()
    if found is None:
        raise RuntimeError("Piccolo found no engine; is PICCOLO_CONF importable?")
    return found


def transaction() -> Any:
    """One explicit transaction for a service method (never from a Litestar dependency).

    On SQLite it takes the write lock at BEGIN: a DEFERRED transaction that reads and then
    writes cannot upgrade its lock while another writer holds it and fails with "database is
    locked" instead of waiting, and reads made inside it could not be trusted by the write.
    """
    db = engine()
    if isinstance(db, SQLiteEngine):
        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()


A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


@overload
async def together(first: Awaitable[A], second: Awaitable[B], /) -> tuple[A, B]: ...
@overload
async def together(
    first: Awaitable[A], second: Awaitable[B], third: Awaitable[C], /
) -> tuple[A, B, C]: ...
async def together(*reads: Awaitable[Any]) -> tuple[Any, ...]:
    """Independent reads side by side, each on a connection of its own: one round trip's
    wait instead of one per read. Inside a transaction, whose one connection runs one
    statement at a time, one after the other."""
    if engine().transaction_exists():
        return tuple([await read for read in reads])
    tasks = [asyncio.ensure_future(read) for read in reads]
    try:
        return tuple(await asyncio.gather(*tasks))
    except BaseException:
        # The first failure is the answer: the other reads are not left running.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def check_database() -> None:
    await engine().run_ddl("SELECT 1")


async def _keep_session(_: object) -> None:
    """A connection goes back to the pool as it is (asyncpg still rolls back a transaction
    left open). The default reset is one more round trip per query, clearing session state
    (settings, LISTEN, session advisory locks) that this service never sets."""


@asynccontextmanager
async def database_lifespan(_: object) -> AsyncIterator[None]:
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.start_connection_pool(min_size=1, max_size=10, reset=_keep_session)
    # Fail loudly at start rather than on the first request.
    await check_database()
    try:
        yield
    finally:
        if isinstance(db, PostgresEngine):
            await db.close_connection_pool()


def for_update(query: Select[Any]) -> Select[Any]:
    """`query` locking the rows it reads until the transaction ends, on PostgreSQL; SQLite's
    write lock, taken when the transaction begins, already keeps every other writer out."""
    return query.lock_rows("NO KEY UPDATE") if get_settings().is_postgres else query


def where_interpreter_in(ids: Sequence[int]) -> WhereRaw:
    """`interpreter` among `ids`, all of them in one parameter, for Piccolo's where()."""
    return WhereRaw(*ids_in(ids))


def ids_in(ids: Sequence[int], column: str = "interpreter") -> tuple[str, Any]:
    """A condition on `column` with every id in one parameter, and that parameter; the
    column name comes from our own code, never from input."""
    if get_settings().is_postgres:
        return f"{column} = ANY({{}}::int[])", list(ids)
    return f"{column} IN (SELECT value FROM json_each({{}}))", json.dumps(list(ids))  # noqa: S608

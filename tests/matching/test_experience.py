"""Experience in the ranking: completed sessions of the same kind, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.bookings.factories import ask, book, interpreter, move_session, post
from tests.factories import Account
from tests.matching.factories import SESSION_DAY, candidates


async def completed(
    client: httpx.AsyncClient, account: Account, interpreter_id: int, n: int, **changes: str
) -> None:
    """A session of this interpreter's, weeks ago (another month, no rest lost), completed."""
    earlier = (
        await ask(
            client,
            account,
            case_reference=f"OTHER-{n}",
            start=f"{SESSION_DAY}T{8 + 2 * n:02d}:00",
            **changes,
        )
    ).json()
    assert (
        await book(client, account, earlier["id"], interpreter=interpreter_id)
    ).status_code == 201
    await move_session(earlier["id"], datetime.now(UTC) - timedelta(days=40 + n))
    done = await post(client, account, f"{earlier['id']}/complete")
    assert done.status_code == 200, done.text


async def test_completed_sessions_of_the_same_kind_rank_first(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    seasoned, newcomer = await interpreter(1), await interpreter(2)
    await completed(client, prosecutor, seasoned, 0)
    await completed(client, prosecutor, seasoned, 1)
    await completed(client, prosecutor, newcomer, 2, session_kind="psychological_assessment")
    # A confirmed session that has not happened yet is no experience either.
    upcoming = (await ask(client, prosecutor, case_reference="OTHER-3")).json()
    assert (await book(client, prosecutor, upcoming["id"], interpreter=newcomer)).status_code == 201
    request = (await ask(client, prosecutor, start=f"{SESSION_DAY}T15:00")).json()
    answer = (await candidates(client, prosecutor, request["id"])).json()
    assert [c["interpreter"] for c in answer["candidates"]] == [seasoned, newcomer]
    first, second = ([r["text"] for r in c["reasons"]] for c in answer["candidates"])
    assert "2 completed session(s) of this kind" in first
    assert not any("completed session" in text for text in second)

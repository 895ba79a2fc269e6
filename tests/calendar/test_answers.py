"""Answer links: a page that describes the session and posts the answer; a GET changes
nothing; a forged link, a former participant or a cancelled session get a clear page."""

from __future__ import annotations

import html

import httpx
import pytest

from interpreters.audit.tables import AuditEntry
from interpreters.calendar import answer_url, answers_of, booked_participants
from interpreters.calendar.tables import SessionAnswer
from interpreters.notifications.tables import Notice
from interpreters.principal import Role
from interpreters.sessions import request_record
from tests.bookings.factories import assign, booked, interpreter, post
from tests.calendar.factories import SECRET
from tests.factories import PASSWORD, Account, empty_all_tables, make_account

EMAIL = "interpreter1@example.org"


@pytest.fixture(autouse=True)
async def empty_tables(migrated_database: None) -> None:
    """These tests use the database, unlike the rest of tests/calendar."""
    await empty_all_tables()


def path(request_id: int, email: str = EMAIL) -> str:
    return httpx.URL(answer_url(request_id, email)).path


async def session(client: httpx.AsyncClient, prosecutor: Account) -> int:
    """A confirmed session of interpreter 1, asked with a distinctive victim and case."""
    request_id: int = (await booked(client, prosecutor, interpreter=await interpreter(), **SECRET))[
        "id"
    ]
    return request_id


async def answer(client: httpx.AsyncClient, link: str, given: str) -> httpx.Response:
    return await client.post(link, data={"answer": given})


async def test_accepting_then_declining_is_kept_and_a_decline_is_told_to_the_requesters(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    request_id = await session(client, prosecutor)
    link = path(request_id, EMAIL.upper())
    assert answer_url(request_id, EMAIL).startswith("http://127.0.0.1:8000/calendar/answer/")
    page = await client.get(link)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'data-answer="NEEDS-ACTION"' in page.text
    assert "Victim interview" in page.text
    assert "K'iche' (quc)–Spanish (spa)" in html.unescape(page.text)
    # A mail scanner's prefetch (GET, HEAD) answers nothing.
    await client.head(link)
    assert await answers_of(request_id) == {}

    accepted = await answer(client, link, "ACCEPTED")
    assert accepted.status_code == 200, accepted.text
    assert 'data-answer="ACCEPTED"' in accepted.text
    assert await answers_of(request_id) == {EMAIL: "ACCEPTED"}
    assert await Notice.count() == 0
    declined = await answer(client, link, "DECLINED")
    assert 'data-answer="DECLINED"' in declined.text
    assert await answers_of(request_id) == {EMAIL: "DECLINED"}
    assert await SessionAnswer.count() == 1
    # The requesting office and the coordinators are told, once.
    await answer(client, link, "DECLINED")
    notices = await Notice.select(Notice.recipient, Notice.kind, Notice.params)
    assert sorted(n["recipient"] for n in notices) == [prosecutor.user_id, coordinator.user_id]
    assert {n["kind"] for n in notices} == {"session_declined"}
    inbox = await client.get("/api/v1/notices", headers=prosecutor.headers)
    assert inbox.json()[0]["text"].startswith(f"Interpreter 1 declined session {request_id}")
    assert SECRET["victim_pseudonym"] not in inbox.text
    entries = await AuditEntry.select(AuditEntry.action, AuditEntry.actor_email).where(
        AuditEntry.action == "answer_session"
    )
    assert entries == [{"action": "answer_session", "actor_email": EMAIL}] * 3


async def test_the_requester_answers_too_in_spanish_by_default(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    link = path(request_id, prosecutor.email)
    page = await client.get(link, headers={"accept-language": "es-HN,es;q=0.9"})
    assert "¿Participará en esta sesión?" in page.text
    assert "Entrevista a la víctima" in page.text
    assert page.headers["content-language"] == "es"
    given = await client.post(link, data={"answer": "TENTATIVE"}, headers={"accept-language": ""})
    assert "Gracias: su respuesta quedó registrada." in given.text
    assert await answers_of(request_id) == {prosecutor.email: "TENTATIVE"}


async def test_pages_show_nothing_of_the_victim_or_the_case(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    link = path(request_id)
    bodies = [
        (await client.get(link)).text,
        (await answer(client, link, "ACCEPTED")).text,
        (await client.get(link, headers={"accept-language": "es"})).text,
    ]
    await post(client, prosecutor, f"{request_id}/cancel", reason="Moved")
    bodies.append((await client.get(link)).text)
    for body in bodies:
        for secret in SECRET.values():
            assert secret not in body
        assert prosecutor.email not in body
        assert EMAIL not in body


async def test_forged_garbled_or_foreign_links_get_the_not_valid_page(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    good = path(request_id)
    token = good.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    other = path(request_id + 1).rsplit("/", 1)[1].split(".")[0]
    forged = [
        f"/calendar/answer/{payload}.{signature[:-2]}AA",
        f"/calendar/answer/{other}.{signature}",
        f"/calendar/answer/{payload}",
        f"/calendar/answer/{token[:20]}",
        "/calendar/answer/%E2%9C%93.x",
        path(request_id, "stranger@example.org"),
        path(request_id + 50),
    ]
    for link in forged:
        for response in (await client.get(link), await answer(client, link, "ACCEPTED")):
            assert response.status_code == 404, link
            assert "This link is not valid" in response.text
    assert await answers_of(request_id) == {}
    # Replaced on the session, the first interpreter's link stops working.
    coordinator = await make_account(Role.COORDINATOR, "c@example.org")
    replaced = await assign(client, coordinator, request_id, interpreter=await interpreter(2))
    assert replaced.status_code == 200, replaced.text
    assert (await client.get(good)).status_code == 404
    assert (await client.get(path(request_id, "interpreter2@example.org"))).status_code == 200


async def test_a_cancelled_session_says_so_and_takes_no_answer(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    link = path(request_id)
    await post(client, prosecutor, f"{request_id}/cancel", reason="Hearing postponed")
    for response in (await client.get(link), await answer(client, link, "ACCEPTED")):
        assert response.status_code == 410
        assert "This session has been cancelled" in response.text
        assert "<form" not in response.text
    assert await answers_of(request_id) == {}


async def test_a_signed_in_browser_answers_without_a_csrf_token(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    signed_in = await client.post(
        "/api/v1/auth/login", json={"email": prosecutor.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 200
    given = await answer(client, path(request_id, prosecutor.email), "ACCEPTED")
    assert given.status_code == 200, given.text
    assert await answers_of(request_id) == {prosecutor.email: "ACCEPTED"}


async def test_an_answer_that_is_not_a_button_is_refused(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    refused = await answer(client, path(request_id), "NEEDS-ACTION")
    assert refused.status_code == 400
    assert await answers_of(request_id) == {}


async def test_the_participants_are_the_booked_interpreters_and_the_requester(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    request_id = await session(client, prosecutor)
    request = await request_record(request_id)
    assert request is not None
    found = [(p.email, p.role, p.language) for p in await booked_participants(request)]
    assert found == [(prosecutor.email, "requester", "es"), (EMAIL, "interpreter", "es")]

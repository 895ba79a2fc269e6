"""Calendar feeds and answer links in the browser: an interpreter subscribes from their
profile, renews and revokes the address; a prosecutor subscribes from the requests page and
answers an invitation's link while signed in (no CSRF token in a plain form). Real server,
Debian's chromium."""

from __future__ import annotations

import re

import httpx
import pytest
from icalendar import Calendar
from playwright.async_api import Page, expect

from interpreters.calendar.answers import answer_url, answers_of
from interpreters.principal import Role
from tests.bookings.factories import interpreter
from tests.e2e.factories import (
    SCREENSHOTS,
    PageOpener,
    Server,
    api,
    ask,
    open_as,
    prosecutor_in_tegucigalpa,
)
from tests.factories import Account, make_account

pytestmark = pytest.mark.browser

PSEUDONYM = "Garza-Silenciosa-3131"


async def confirmed_session(server: Server, prosecutor: Account, interpreter_id: int) -> int:
    request = await ask(server, prosecutor, victim_pseudonym=PSEUDONYM)
    path = f"/api/v1/requests/{request['id']}/booking"
    booked = await api(server, prosecutor, "POST", path, {"interpreter": interpreter_id})
    assert booked.status_code == 201, booked.text
    request_id: int = request["id"]
    return request_id


async def feed(server: Server, url: str) -> httpx.Response:
    # The address as the page shows it names PUBLIC_URL; the test server has its own port.
    async with httpx.AsyncClient(base_url=server.url) as http:
        return await http.get(httpx.URL(url).path)


async def shown_url(page: Page) -> str:
    field = page.get_by_label("Dirección https (Google Calendar, Outlook)")
    await expect(field).to_have_value(re.compile(r"/calendar/feed/[\w-]{43}\.ics$"))
    return await field.input_value()


async def test_an_interpreter_subscribes_renews_and_revokes_from_the_profile(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    interpreter_id = await interpreter(1, display_name="Ana Tzul")
    ana = await make_account(Role.INTERPRETER, "ana@example.org", interpreter_id=interpreter_id)
    request_id = await confirmed_session(server, prosecutor, interpreter_id)
    page = await open_as(open_page, ana, f"/ui/profile.html?id={interpreter_id}")

    section = page.locator("#calendar-section")
    await expect(section.get_by_role("heading", name="Calendario")).to_be_visible()
    await expect(section).to_contain_text("No tiene ninguna suscripción activa.")
    await section.get_by_role("button", name="Suscribirme a mi calendario").click()
    first = await shown_url(page)
    webcal = section.get_by_label("Dirección webcal (Apple Calendar y otros)")
    await expect(webcal).to_have_value("webcal://" + first.split("://", 1)[1])
    await expect(section.get_by_role("button", name="Copiar")).to_have_count(2)
    await page.screenshot(path=str(SCREENSHOTS / "calendar-feed.png"), full_page=True)

    subscribed = await feed(server, first)
    assert subscribed.status_code == 200
    [event] = Calendar.from_ical(subscribed.content).events
    assert str(event["UID"]).startswith(f"request-{request_id}@")
    assert PSEUDONYM.encode() not in subscribed.content

    await section.get_by_role("button", name="Renovar la dirección").click()
    await expect(page.get_by_label("Dirección https (Google Calendar, Outlook)")).not_to_have_value(
        first
    )
    second = await shown_url(page)
    assert (await feed(server, first)).status_code == 404
    assert (await feed(server, second)).status_code == 200

    await section.get_by_role("button", name="Revocar la suscripción").click()
    await expect(section).to_contain_text("No tiene ninguna suscripción activa.")
    assert (await feed(server, second)).status_code == 404
    # Back on the page later: active or not, and never the address again.
    await section.get_by_role("button", name="Suscribirme a mi calendario").click()
    await shown_url(page)
    await page.reload()
    await expect(page.locator("#calendar-state")).to_contain_text("suscripción activa desde")
    await expect(page.locator("#calendar-url")).to_have_count(0)


async def test_a_prosecutor_subscribes_from_the_requests_page_and_answers_a_link(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    request_id = await confirmed_session(server, prosecutor, await interpreter(1))
    page = await open_as(open_page, prosecutor, "/ui/requests.html")
    section = page.locator("#calendar-section")
    await section.get_by_role("button", name="Suscribirme a mi calendario").click()
    assert (await feed(server, await shown_url(page))).status_code == 200

    # Signed in in the same browser: the form posts without a CSRF token and still counts.
    await page.goto(httpx.URL(answer_url(request_id, prosecutor.email)).path)
    await expect(page.get_by_role("heading", name="Su participación en una sesión")).to_be_visible()
    await expect(page.locator("dl.facts")).to_contain_text("Entrevista a la víctima")
    await expect(page.locator("#answer")).to_have_text("Aún no ha respondido.")
    assert await answers_of(request_id) == {}
    await page.get_by_role("button", name="Acepto").click()
    await expect(page.get_by_role("status")).to_have_text("Gracias: su respuesta quedó registrada.")
    await expect(page.locator("#answer")).to_have_text("Ha aceptado esta sesión.")
    assert await answers_of(request_id) == {prosecutor.email: "ACCEPTED"}
    await page.get_by_role("button", name="Rechazo").click()
    await expect(page.locator("#answer")).to_have_text("Ha rechazado esta sesión.")
    assert await answers_of(request_id) == {prosecutor.email: "DECLINED"}
    assert PSEUDONYM not in await page.content()
    await page.screenshot(path=str(SCREENSHOTS / "calendar-answer.png"), full_page=True)

    await page.goto("/calendar/answer/forged.token")
    await expect(page.get_by_role("heading", name="Enlace no válido")).to_be_visible()

"""The availability page (weekly grid, free-window preview) and the next free windows on the
profile, against the real server with Debian's chromium. Expected times are computed with
zoneinfo for whatever the current date is, so DST and the day of the week never matter."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import Locator, Page, expect

from interpreters.principal import Role
from tests.e2e.factories import SCREENSHOTS, PageOpener, Server, sign_in
from tests.factories import Account, make_account, make_institution
from tests.registry.factories import add_interpreter

pytestmark = pytest.mark.browser

MADRID = ZoneInfo("Europe/Madrid")
TEGUCIGALPA = ZoneInfo("America/Tegucigalpa")
WEDNESDAY = 3
# Windows that begin sooner than this could already have begun when the page asks.
MARGIN = timedelta(minutes=10)
# Without a minimum notice the next free window is predictable whatever the time of day.
NO_NOTICE = {
    "notice_hours": 0,
    "buffer_minutes": 15,
    "max_hours_per_day": 6,
    "max_hours_per_week": 30,
    "on_call": False,
}


def next_window(weekdays: set[int], start: time, end: time) -> tuple[datetime, datetime]:
    """The first Madrid window on one of the ISO `weekdays` that begins after now + MARGIN."""
    now = datetime.now(UTC)
    day: date = now.astimezone(MADRID).date()
    while True:
        begins = datetime.combine(day, start, MADRID)
        if day.isoweekday() in weekdays and begins > now + MARGIN:
            return begins, datetime.combine(day, end, MADRID)
        day += timedelta(days=1)


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


def span(begins: datetime, ends: datetime) -> str:
    return f"{begins:%H:%M}–{ends:%H:%M}"


async def madrid_interpreter(server: Server, n: int, email: str) -> Account:
    interpreter_id = await add_interpreter(
        n,
        display_name="Lucía Ferrer",
        country="ES",
        timezone="Europe/Madrid",
        skills=[{"language": "wol", "proficiency": 5}],
    )
    account = await make_account(Role.INTERPRETER, email, interpreter_id=interpreter_id)
    await call(server, account, "PUT", "/limits", NO_NOTICE)
    return account


async def call(
    server: Server, account: Account, method: str, rest: str, body: Any = None
) -> dict[str, Any]:
    """The availability API as a script would use it (bearer token, no CSRF)."""
    url = f"{server.url}/api/v1/interpreters/{account.interpreter_id}/availability{rest}"
    async with httpx.AsyncClient(headers=account.headers) as http:
        response = await http.request(method, url, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def drag(page: Page, source: Locator, target: Locator) -> None:
    """Presses the mouse in the middle of `source`, moves in steps to `target`, releases."""
    await source.scroll_into_view_if_needed()
    start = await source.bounding_box()
    end = await target.bounding_box()
    assert start is not None
    assert end is not None
    await page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    await page.mouse.down()
    await page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=8)
    await page.mouse.up()


def cell(page: Page, weekday: int, hour: int, minute: int = 0) -> Locator:
    """The grid's 30-minute cell of a weekday (1 is Monday) starting at hour:minute."""
    slot = (hour * 60 + minute) // 30
    return page.locator(f'.week-day[data-weekday="{weekday}"] .week-cell[data-slot="{slot}"]')


async def test_interpreter_drags_a_window_saves_it_and_previews_it_elsewhere(
    page: Page, server: Server
) -> None:
    account = await madrid_interpreter(server, 1, "lucia@example.org")
    await sign_in(page, account.email)
    await expect(page).to_have_url(re.compile(r"/ui/profile\.html\?id=\d+$"))
    await expect(page.get_by_role("link", name="Mi disponibilidad", exact=True)).to_be_visible()
    await page.get_by_role("link", name="Gestionar mi disponibilidad").click()
    await expect(page).to_have_url(re.compile(r"/ui/availability\.html$"))
    await expect(page.locator("#a-zone")).to_contain_text("Europe/Madrid")
    state = page.locator("#weekly-state")
    await expect(state).to_be_hidden()

    # A window drawn by dragging, then one drawn, moved to another day and time, and removed.
    await drag(page, cell(page, WEDNESDAY, 9), cell(page, WEDNESDAY, 12, 30))
    wednesday = page.get_by_role("group", name="miércoles 09:00–13:00")
    await expect(wednesday).to_be_visible()
    await expect(state).to_have_text("Cambios sin guardar")
    await drag(page, cell(page, 5, 15), cell(page, 5, 15, 30))
    await expect(page.get_by_role("group", name="viernes 15:00–16:00")).to_be_visible()
    await drag(page, cell(page, 5, 15), cell(page, 4, 16))
    moved = page.get_by_role("group", name="jueves 16:00–17:00")
    await expect(moved).to_be_visible()
    await expect(page.get_by_role("group", name="viernes 15:00–16:00")).to_have_count(0)
    await moved.get_by_role("button", name="Quitar la ventana del jueves 16:00–17:00").click()
    await expect(moved).to_have_count(0)

    async with page.expect_response(
        lambda r: r.request.method == "PUT" and r.url.endswith("/availability/weekly")
    ) as put:
        await page.get_by_role("button", name="Guardar horario").click()
    response = await put.value
    assert response.status == 200
    assert response.request.post_data_json == [
        {"weekday": WEDNESDAY, "start": "09:00", "end": "13:00"}
    ]
    await expect(page.locator("#weekly-message")).to_have_text("Horario guardado.")
    await expect(state).to_be_hidden()

    await page.reload()
    await expect(wednesday).to_be_visible()
    await expect(page.locator(".week .block")).to_have_count(1)
    await expect(state).to_be_hidden()
    stored = await call(server, account, "GET", "")
    assert stored["weekly"] == [{"weekday": WEDNESDAY, "start": "09:00", "end": "13:00"}]

    # The preview: first in the interpreter's own zone, then in Tegucigalpa (UTC-6, no DST).
    begins, ends = next_window({WEDNESDAY}, time(9), time(13))
    preview = page.locator("#preview")
    await expect(preview.locator("caption")).to_have_text("Europe/Madrid")
    await expect(preview.locator(f'tr[data-date="{begins.date()}"]')).to_contain_text("09:00–13:00")
    await page.get_by_label("Mostrar en la zona horaria").select_option("America/Tegucigalpa")
    await expect(preview.locator("caption")).to_have_text("America/Tegucigalpa")
    there = local(begins, TEGUCIGALPA)
    row = preview.locator(f'tr[data-date="{there.date()}"]')
    await expect(row).to_contain_text(span(there, local(ends, TEGUCIGALPA)))
    await expect(row).to_contain_text("miércoles")
    await expect(row).not_to_contain_text("09:00–13:00")
    await page.screenshot(path=str(SCREENSHOTS / "availability.png"), full_page=True)


async def test_a_prosecutor_sees_the_next_free_windows_in_their_own_zone(
    open_page: PageOpener, server: Server
) -> None:
    interpreter = await madrid_interpreter(server, 2, "lucia@example.org")
    every_day = [{"weekday": d, "start": "09:00", "end": "13:00"} for d in range(1, 8)]
    await call(server, interpreter, "PUT", "/weekly", every_day)
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    prosecutor = await make_account(Role.PROSECUTOR, "fiscal@example.org", institution_id=office)

    page = await open_page(timezone_id="America/Tegucigalpa")
    await sign_in(page, prosecutor.email)
    await expect(page).to_have_url(re.compile(r"/ui/search\.html(\?.*)?$"))
    async with page.expect_response(lambda r: "/api/v1/freebusy?" in r.url) as asked:
        await page.goto(f"/ui/profile.html?id={interpreter.interpreter_id}")
    response = await asked.value
    assert response.status == 200
    params = parse_qs(urlsplit(response.url).query)
    assert params["tz"] == ["America/Tegucigalpa"]
    assert params["interpreter"] == [str(interpreter.interpreter_id)]

    section = page.locator("#free-section")
    await expect(section.get_by_role("heading", name="Próximas ventanas libres")).to_be_visible()
    await expect(section).to_contain_text("America/Tegucigalpa")
    begins, ends = next_window(set(range(1, 8)), time(9), time(13))
    there = local(begins, TEGUCIGALPA)
    item = section.locator(f'li[data-start="{there:%Y-%m-%dT%H:%M}"]')
    await expect(item).to_contain_text(span(there, local(ends, TEGUCIGALPA)))
    # Only coordinators are offered the editor; the interpreter's limits stay private.
    await expect(section.get_by_role("link")).to_have_count(0)
    await page.screenshot(path=str(SCREENSHOTS / "profile-free-windows.png"), full_page=True)

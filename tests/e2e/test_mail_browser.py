"""The embedded default has no SMTP server: a coordinator reads on the Mail page what the
service sent when a session was booked. Real server (its dispatcher writes .eml files),
Debian's chromium."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from interpreters.principal import Role
from interpreters.settings import get_settings
from tests.bookings.factories import interpreter
from tests.e2e.factories import (
    KICHE_BEST,
    SCREENSHOTS,
    PageOpener,
    Server,
    api,
    ask,
    open_as,
    prosecutor_in_tegucigalpa,
)
from tests.factories import make_account

pytestmark = pytest.mark.browser


async def test_a_coordinator_reads_the_invitations_of_a_booking(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    ixchel = await interpreter(1, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    request = await ask(server, prosecutor)
    booked = await api(
        server,
        prosecutor,
        "POST",
        f"/api/v1/requests/{request['id']}/booking",
        {"interpreter": ixchel},
    )
    assert booked.status_code == 201, booked.text
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    page = await open_as(open_page, coordinator, "/ui/index.html")
    await page.get_by_role("navigation").get_by_role("link", name="Correo").click()
    await expect(page.get_by_role("heading", name="Correo enviado")).to_be_visible()
    rows = page.locator("#mail-list tbody tr")
    await expect(rows).to_have_count(2)
    # The server's dispatcher delivered both, to files: nothing is left pending.
    await page.get_by_label("Estado").select_option("sent")
    await page.get_by_role("button", name="Actualizar").click()
    await expect(rows).to_have_count(2)
    await expect(page.locator("#mail-list")).to_contain_text("interpreter1@example.org")
    await expect(page.locator("#mail-list")).to_contain_text("Invitación: Entrevista a la víctima")
    await page.screenshot(path=str(SCREENSHOTS / "mail-sent.png"), full_page=True)
    written = sorted(get_settings().mail_dir.glob("*.eml"))
    assert any("interpreter1@example.org" in path.read_text() for path in written)

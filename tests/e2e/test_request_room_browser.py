"""A confirmed video session's room on the request page, in the browser: the prosecutor sees
the participants, adds a victim under a pseudonym and copies the link, is told next to the
field that a phone number is no name, renews a link and withdraws one; the recordings are
listed in the institution's zone. A request that is no confirmed video session has no room
section. Against the real server (sharing the tests' database) and Debian's chromium."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

import httpx
import pytest
from playwright.async_api import Dialog, Page, expect

from interpreters.video.tables import Recording
from tests.bookings.factories import ask
from tests.e2e.factories import SCREENSHOTS, PageOpener, Server, sign_in
from tests.factories import Account
from tests.video.factories import video_session

pytestmark = pytest.mark.browser

ROOM_LINK = re.compile(r"/ui/room\.html#.+")
VICTIM = "Testigo Ceiba"
OBSERVER = "Observación ONG"


async def open_as(open_page: PageOpener, account: Account, path: str) -> Page:
    # The browser lives in Madrid: the recordings' times must still be Tegucigalpa's.
    page = await open_page(
        timezone_id="Europe/Madrid", permissions=["clipboard-read", "clipboard-write"]
    )
    await sign_in(page, account.email)
    await expect(page).not_to_have_url(re.compile(r"/ui/(index\.html)?$"))
    await page.goto(path)
    return page


async def accept(dialog: Dialog) -> None:
    await dialog.accept()


async def test_a_prosecutor_adds_renews_and_withdraws_guest_links(
    open_page: PageOpener, server: Server, client: httpx.AsyncClient, prosecutor: Account
) -> None:
    session = await video_session(client, prosecutor)
    digest = hashlib.sha256(b"webm").hexdigest()
    # 15:00 UTC: 09:00 in Tegucigalpa, 17:00 in the browser's Madrid.
    await Recording.insert(
        Recording(
            request=session.request_id,
            file_name="r.webm",
            status="complete",
            sha256=digest,
            size_bytes=4,
            started_at=datetime(2026, 5, 14, 15, 0, tzinfo=UTC),
            stopped_at=datetime(2026, 5, 14, 15, 40, tzinfo=UTC),
        )
    )
    page = await open_as(open_page, prosecutor, f"/ui/request.html?id={session.request_id}")
    section = page.locator("#room-section")
    await expect(section.get_by_role("heading", name="Sala de video")).to_be_visible()
    rows = section.locator("#room-participants tbody tr")
    # The host's own seat and the booked interpreter, whose link is in their invitation.
    await expect(rows).to_have_count(2)
    await expect(rows.filter(has_text="Intérprete")).to_contain_text("Lo recibe en su invitación")
    enter = section.get_by_role("link", name="Entrar a la sala")
    await expect(enter).to_have_attribute("href", ROOM_LINK)
    await expect(enter).to_have_attribute("target", "_blank")

    # The court user's account is asked for a court guest only.
    email = section.get_by_label("Cuenta de usuario del tribunal (opcional)")
    await section.get_by_label("Papel").select_option(label="Tribunal")
    await expect(email).to_be_visible()
    await section.get_by_label("Papel").select_option(label="Víctima")
    await expect(email).to_be_hidden()

    # A phone number is no name: refused, and said next to the field.
    name = section.get_by_label("Nombre que verán los demás")
    await name.fill("Llamar al 9876-5432")
    await section.get_by_role("button", name="Añadir y crear su enlace").click()
    await expect(name).to_have_attribute("aria-invalid", "true")
    error = page.locator("#guest-form .field:has(#g-name) .field-error")
    await expect(error).to_contain_text("Parece un dato de contacto")
    await expect(page.locator("#guest-problem")).to_be_visible()
    await expect(rows).to_have_count(2)

    await name.fill(VICTIM)
    await section.get_by_role("button", name="Añadir y crear su enlace").click()
    await expect(page.locator("#room-message")).to_contain_text(f"{VICTIM} añadido/a")
    await expect(page.locator("#guest-form .field-error")).to_have_count(0)
    await expect(name).to_have_value("")
    await expect(rows).to_have_count(3)
    victim = rows.filter(has_text=VICTIM)
    await expect(victim).to_contain_text("Víctima")
    link = section.get_by_role("textbox", name=f"Enlace de {VICTIM}", exact=True)
    await expect(link).to_have_value(ROOM_LINK)
    first = await link.input_value()

    await section.get_by_role("button", name=f"Copiar enlace de {VICTIM}").click()
    await expect(page.locator("#room-message")).to_have_text(f"Enlace de {VICTIM} copiado.")
    assert await page.evaluate("navigator.clipboard.readText()") == first

    await section.get_by_role("button", name=f"Nuevo enlace para {VICTIM}").click()
    await expect(page.locator("#room-message")).to_contain_text(f"Nuevo enlace para {VICTIM}")
    await expect(link).to_have_value(ROOM_LINK)
    await expect(link).not_to_have_value(first)
    renewed = await link.input_value()

    # The recordings, in the institution's zone, the hash shortened with the whole in a title.
    recordings = section.locator("#room-recordings")
    recording = recordings.locator("tbody tr")
    await expect(recording).to_have_count(1)
    await expect(recording).to_contain_text("09:00")
    await expect(recording).to_contain_text("09:40")
    await expect(recording).not_to_contain_text("17:00")
    await expect(recording).to_contain_text("Completa")
    await expect(recording.locator("code")).to_have_text(f"{digest[:12]}…")
    await expect(recording.locator("code")).to_have_attribute("title", digest)
    await expect(recording.get_by_role("link", name="Descargar")).to_have_attribute(
        "href", re.compile(r"/api/v1/recordings/\d+/file$")
    )
    await expect(recordings).to_contain_text("America/Tegucigalpa")
    await section.screenshot(path=str(SCREENSHOTS / "request-room.png"))

    # Withdrawn (after a confirmation): marked so, its link gone and refused by the room.
    await section.get_by_label("Papel").select_option(label="Observador/a")
    await name.fill(OBSERVER)
    await section.get_by_role("button", name="Añadir y crear su enlace").click()
    await expect(rows).to_have_count(4)
    page.once("dialog", accept)
    await section.get_by_role("button", name=f"Retirar el enlace de {VICTIM}").click()
    await expect(page.locator("#room-message")).to_have_text(f"Enlace de {VICTIM} retirado.")
    await expect(victim).to_contain_text("Enlace retirado")
    await expect(
        section.get_by_role("textbox", name=f"Enlace de {VICTIM}", exact=True)
    ).to_have_count(0)
    await expect(
        section.get_by_role("button", name=f"Retirar el enlace de {VICTIM}")
    ).to_have_count(0)
    await expect(
        section.get_by_role("textbox", name=f"Enlace de {OBSERVER}", exact=True)
    ).to_have_value(ROOM_LINK)
    async with httpx.AsyncClient(base_url=server.url) as http:
        checked = await http.post("/api/v1/video/check", json={"token": renewed.partition("#")[2]})
    assert checked.status_code == 403, checked.text


async def test_no_room_section_for_a_request_that_is_no_confirmed_video_session(
    open_page: PageOpener, client: httpx.AsyncClient, prosecutor: Account
) -> None:
    created = await ask(client, prosecutor)
    assert created.status_code == 201, created.text
    request = created.json()
    assert (request["modality"], request["status"]) == ("video", "requested")
    page = await open_as(open_page, prosecutor, f"/ui/request.html?id={request['id']}")
    await expect(
        page.get_by_role("heading", name=f"Solicitud {request['case_reference']}")
    ).to_be_visible()
    await expect(page.locator("#q-badge")).to_have_text("Pendiente")
    # Drawn with the room section, once the page has settled.
    await expect(page.locator("#candidates-summary")).not_to_be_empty()
    await expect(page.get_by_role("heading", name="Sala de video")).to_have_count(0)
    await expect(page.locator("#room-section")).to_be_hidden()
    await expect(page.get_by_role("link", name="Entrar a la sala")).to_have_count(0)

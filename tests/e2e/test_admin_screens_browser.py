"""The coordinators' institutions and rooms pages in the browser: a coordinator registers a
court and gives it a webhook, whose secret shows once; adds, changes, retires and uses again a
room and sees the session holding it in the browser's zone; a prosecutor gets neither page.
Spanish and English, axe-core on every screen."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Page, expect

from interpreters.audit.tables import AuditEntry
from interpreters.notifications.tables import Webhook
from interpreters.principal import Role
from interpreters.sessions.tables import Facility
from tests.bookings.factories import NEXT_WEEK, interpreter
from tests.e2e.factories import (
    KICHE,
    SCREENSHOTS,
    PageOpener,
    Server,
    api,
    ask,
    assert_accessible,
    open_as,
    prosecutor_in_tegucigalpa,
)
from tests.factories import make_account

pytestmark = pytest.mark.browser

COURT = "Juzgado de Letras Penal de Quetzaltenango"
RECEIVER = "https://sistema.juzgado.example.org/avisos"


async def expect_error_beside(page: Page, label: str, message: str) -> None:
    """The field with `label` is marked invalid and `message` is written beside it, named by
    the label in the summary above the buttons."""
    field = page.get_by_label(label, exact=True)
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    await expect(page.get_by_role("alert").get_by_role("link", name=label)).to_be_visible()


async def test_a_coordinator_registers_a_court_and_gives_it_a_webhook(
    open_page: PageOpener, server: Server
) -> None:
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    page = await open_as(open_page, coordinator, "/ui/index.html")
    await page.get_by_role("navigation").get_by_role("link", name="Instituciones").click()
    await expect(page.get_by_role("heading", name="Registrar una institución")).to_be_visible()
    await expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
    await assert_accessible(page)

    await page.get_by_label("Nombre de la institución").fill("J")
    await page.get_by_role("button", name="Registrar la institución").click()
    await expect_error_beside(page, "Nombre de la institución", "Debe tener al menos 2 caracteres")
    await assert_accessible(page)

    await page.get_by_label("Nombre de la institución").fill(COURT)
    await page.get_by_label("Tipo").select_option(label="Tribunal")
    # The zone follows the country: Mexico has several, Guatemala one.
    await page.get_by_label("País").select_option(label="México")
    await expect(page.get_by_label("Zona horaria")).to_have_value("America/Mexico_City")
    await page.get_by_label("País").select_option(label="Guatemala")
    await expect(page.get_by_label("Zona horaria")).to_have_value("America/Guatemala")
    await page.get_by_role("button", name="Registrar la institución").click()
    await expect(page.get_by_role("status").filter(has_text="registrada")).to_contain_text(COURT)
    await expect(page.get_by_label("Nombre de la institución")).not_to_have_attribute(
        "aria-invalid", "true"
    )
    row = page.get_by_role("row").filter(has_text=COURT)
    await expect(row).to_contain_text("Tribunal")
    await expect(row).to_contain_text("Guatemala")
    await expect(row).to_contain_text("America/Guatemala")

    await page.get_by_role("button", name=f"Ver los webhooks de {COURT}").click()
    await expect(page.get_by_role("heading", name=f"Webhooks de {COURT}")).to_be_visible()
    await expect(page.locator("#webhooks")).to_contain_text("no tiene webhooks")
    await assert_accessible(page)
    await page.get_by_label("Dirección (URL) que recibe los avisos").fill(
        "ftp://juzgado.example.org"
    )
    await page.get_by_role("button", name="Añadir el webhook").click()
    await expect_error_beside(
        page, "Dirección (URL) que recibe los avisos", "Indique una dirección http:// o https://"
    )
    await assert_accessible(page)

    await page.get_by_label("Dirección (URL) que recibe los avisos").fill(RECEIVER)
    await page.get_by_role("button", name="Añadir el webhook").click()
    notice = page.get_by_role("status").filter(has=page.locator("code"))
    await expect(notice).to_contain_text("Esta es su clave secreta")
    await expect(notice).to_contain_text("No se volverá a mostrar")
    [stored] = await Webhook.select(Webhook.secret, Webhook.active)
    await expect(notice.locator("code")).to_have_text(stored["secret"])
    hook = page.get_by_role("row").filter(has_text=RECEIVER)
    await expect(hook).to_contain_text("Activo")
    await assert_accessible(page)
    await page.screenshot(path=str(SCREENSHOTS / "institution-webhook.png"), full_page=True)

    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Registered institutions")).to_be_visible()
    await expect(row).to_contain_text("Court")
    await expect(page.get_by_role("heading", name=f"Webhooks of {COURT}")).to_be_visible()
    await expect(notice).to_contain_text("It will not be shown again")
    await expect(hook).to_contain_text("Active")
    await assert_accessible(page)

    # The secret is in the answer that made the webhook, and nowhere afterwards.
    await page.reload()
    await page.get_by_role("button", name=f"See the webhooks of {COURT}").click()
    await expect(hook).to_contain_text("Active")
    await expect(page.locator("#webhooks")).not_to_contain_text(stored["secret"])
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name=f"Stop the webhook {RECEIVER}").click()
    await expect(page.get_by_role("status").filter(has_text="stopped")).to_contain_text(RECEIVER)
    await expect(hook).to_contain_text("Stopped")
    await expect(hook.get_by_role("button")).to_have_count(0)
    assert await Webhook.select(Webhook.active) == [{"active": False}]
    await assert_accessible(page)


async def test_a_coordinator_adds_changes_and_retires_a_room_and_sees_what_holds_it(
    open_page: PageOpener, server: Server
) -> None:
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    prosecutor = await prosecutor_in_tegucigalpa()
    page = await open_as(open_page, coordinator, "/ui/index.html")
    await page.get_by_role("navigation").get_by_role("link", name="Salas").click()
    await expect(page.get_by_role("heading", name="Añadir una sala")).to_be_visible()
    await expect(page.locator("#list")).to_contain_text("No hay ninguna sala")
    await assert_accessible(page)

    await page.get_by_label("País").select_option(label="Honduras")
    await page.get_by_role("button", name="Añadir la sala").click()
    await expect_error_beside(page, "Nombre de la sala", "Debe tener al menos 2 caracteres")
    await assert_accessible(page)

    await page.get_by_label("Nombre de la sala").fill("Cámara Gesell 1")
    await page.get_by_label("Tipo de sala").select_option(label="Cámara Gesell")
    await page.get_by_label("Ciudad (opcional)").fill("San Pedro Sula")
    await expect(page.get_by_label("Zona horaria")).to_have_value("America/Tegucigalpa")
    await page.get_by_role("button", name="Añadir la sala").click()
    await expect(page.get_by_role("status").filter(has_text="añadida")).to_contain_text(
        "Cámara Gesell 1"
    )
    row = page.get_by_role("row").filter(has_text="San Pedro Sula")
    await expect(row).to_contain_text("Cámara Gesell")
    await expect(row).to_contain_text("Honduras")
    await expect(row).to_contain_text("En uso")

    [room] = await Facility.select(Facility.id)
    asked = await ask(server, prosecutor, facility=room["id"])
    lead = await interpreter(1, skills=KICHE)
    booked = await api(
        server, prosecutor, "POST", f"/api/v1/requests/{asked['id']}/booking", {"interpreter": lead}
    )
    assert booked.status_code == 201, booked.text
    # 09:00 in Tegucigalpa, shown in the coordinator's own zone (the browser is in Madrid).
    starts = datetime.combine(NEXT_WEEK, time(9), ZoneInfo("America/Tegucigalpa"))
    in_madrid = starts.astimezone(ZoneInfo("Europe/Madrid")).strftime("%H:%M")

    await page.get_by_role("button", name="Ver las reservas de la sala Cámara Gesell 1").click()
    await expect(
        page.get_by_role("heading", name="Reservas de la sala Cámara Gesell 1")
    ).to_be_visible()
    hold = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"Solicitud {asked['id']}")
    )
    await expect(hold).to_contain_text(in_madrid)
    await expect(page.locator("#holds")).to_contain_text("Europe/Madrid")
    await assert_accessible(page)
    await page.get_by_label("Número de días").fill("0")
    await page.get_by_role("button", name="Mostrar").click()
    await expect_error_beside(page, "Número de días", "Debe ser mayor o igual que 1")
    await assert_accessible(page)
    await page.get_by_label("Número de días").fill("14")
    await page.get_by_role("button", name="Mostrar").click()
    await expect(hold).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "facility-holds.png"), full_page=True)

    await page.get_by_role("button", name="Cambiar la sala Cámara Gesell 1").click()
    await expect(
        page.get_by_role("heading", name="Cambiar la sala Cámara Gesell 1")
    ).to_be_visible()
    await expect(page.get_by_label("País")).to_be_disabled()
    await page.get_by_label("Nombre de la sala").fill("Cámara Gesell A")
    await page.get_by_role("button", name="Guardar los cambios").click()
    await expect(page.get_by_role("status").filter(has_text="guardada")).to_contain_text(
        "Cámara Gesell A"
    )
    await expect(page.get_by_role("heading", name="Añadir una sala")).to_be_visible()
    await expect(row).to_contain_text("Cámara Gesell A")
    await expect(
        page.get_by_role("heading", name="Reservas de la sala Cámara Gesell A")
    ).to_be_visible()
    # Only what the form changed is sent, so the audit names only that.
    updates = await AuditEntry.select(AuditEntry.fields).where(
        AuditEntry.record_type == "facility", AuditEntry.action == "update"
    )
    assert updates == [{"fields": "name"}]

    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Registered rooms")).to_be_visible()
    await expect(row).to_contain_text("Gesell chamber")
    await expect(row).to_contain_text("In use")
    await expect(
        page.get_by_role("heading", name="Bookings of the room Cámara Gesell A")
    ).to_be_visible()
    await expect(
        page.get_by_role("row").filter(has=page.get_by_role("link", name=f"Request {asked['id']}"))
    ).to_contain_text(in_madrid)
    await assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Retire the room Cámara Gesell A").click()
    await expect(page.get_by_role("status").filter(has_text="retired")).to_contain_text(
        "Cámara Gesell A"
    )
    await expect(row).to_contain_text("Retired")
    assert await Facility.select(Facility.active) == [{"active": False}]
    await assert_accessible(page)
    await page.get_by_role("button", name="Reuse the room Cámara Gesell A").click()
    await expect(row).to_contain_text("In use")
    assert await Facility.select(Facility.active) == [{"active": True}]


async def test_a_prosecutor_gets_neither_page_nor_its_data(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    await Facility(
        country="HN",
        name="Cámara Gesell 1",
        kind="gesell_chamber",
        city="Tegucigalpa",
        timezone="America/Tegucigalpa",
    ).save()
    page = await open_as(open_page, prosecutor, "/ui/search.html")
    nav = page.get_by_role("navigation")
    await expect(nav.get_by_role("link", name="Búsqueda")).to_be_visible()
    await expect(nav.get_by_role("link", name="Instituciones")).to_have_count(0)
    await expect(nav.get_by_role("link", name="Salas")).to_have_count(0)
    for path, heading in [("institutions.html", "Instituciones"), ("facilities.html", "Salas")]:
        await page.goto(f"/ui/{path}")
        await expect(page.get_by_role("alert")).to_have_text(
            "Su cuenta no tiene acceso a esta página."
        )
        await expect(page.get_by_role("heading", name=heading)).to_have_count(0)
        await expect(page.locator("main")).not_to_contain_text("prosecutor_office HN")
        await expect(page.locator("main")).not_to_contain_text("Cámara Gesell 1")
        await expect(page.locator("table")).to_have_count(0)
        await assert_accessible(page)

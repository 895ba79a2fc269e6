"""Accounts in the browser: a coordinator invites a person, who chooses a password through
the mailed link and signs in; a coordinator deactivates an account and its open page stops
working; a person ends a session and changes their password on their account page; a
forgotten password is reset by email. Spanish and English, axe-core on every screen."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import expect

from interpreters.auth.tables import TotpFactor
from interpreters.principal import Role
from tests.e2e.factories import (
    SCREENSHOTS,
    PageOpener,
    Server,
    assert_accessible,
    open_as,
    prosecutor_in_tegucigalpa,
    sign_in,
)
from tests.factories import PASSWORD, code_of, make_account, make_institution, next_code
from tests.notifications.factories import mails

pytestmark = pytest.mark.browser

CHOSEN = "ceiba quetzal 2026 río"


async def mailed_link() -> str:
    """The path and fragment of the newest account email's link."""
    [*_, message] = await mails("account")
    text = message.get_body(("plain",))
    assert text is not None
    [url] = [word for word in text.get_content().split() if "/ui/password.html#" in word]
    parsed = httpx.URL(url)
    return f"{parsed.path}#{parsed.fragment}"


async def test_an_invited_prosecutor_chooses_a_password_and_signs_in(
    open_page: PageOpener, server: Server
) -> None:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    page = await open_as(open_page, coordinator, "/ui/index.html")
    await page.get_by_role("navigation").get_by_role("link", name="Cuentas").click()
    await expect(page.get_by_role("heading", name="Invitar a una persona")).to_be_visible()
    await assert_accessible(page)
    await page.get_by_label("Correo electrónico").fill("ana.lopez@example.org")
    await page.get_by_label("Nombre").fill("Ana López")
    await page.get_by_label("Rol").select_option("prosecutor")
    # Only the fields of the chosen role show.
    await expect(page.get_by_label("Número de intérprete en el registro")).to_be_hidden()
    await page.get_by_label("Institución").select_option(str(office))
    await page.get_by_role("button", name="Enviar la invitación").click()
    await expect(page.get_by_role("status").filter(has_text="Invitación enviada")).to_contain_text(
        "ana.lopez@example.org"
    )
    row = page.get_by_role("row").filter(has_text="Ana López")
    await expect(row).to_contain_text("Invitada")
    await assert_accessible(page)
    await page.screenshot(path=str(SCREENSHOTS / "accounts-invited.png"), full_page=True)

    person = await open_page()
    await person.goto(await mailed_link())
    await expect(person.get_by_role("heading", name="Elija su contraseña")).to_be_visible()
    # The token leaves the address bar as soon as the page has read it.
    assert "#" not in person.url
    await assert_accessible(person)
    await person.get_by_role("button", name="English").click()
    await expect(person.get_by_role("heading", name="Choose your password")).to_be_visible()
    await person.get_by_label("New password", exact=True).fill("password1234")
    await person.get_by_label("Repeat the new password").fill("password1234")
    await person.get_by_role("button", name="Save the password").click()
    await expect(person.get_by_role("alert")).to_contain_text("most common")
    await expect(person.get_by_label("New password", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    await assert_accessible(person)
    await person.get_by_label("New password", exact=True).fill(CHOSEN)
    await person.get_by_label("Repeat the new password").fill(CHOSEN)
    await person.get_by_role("button", name="Save the password").click()
    await expect(person.get_by_role("status")).to_contain_text("Your password is saved")
    await person.get_by_role("button", name="Español").click()
    await person.get_by_role("link", name="Ir a iniciar sesión").click()
    await person.get_by_label("Correo electrónico").fill("ana.lopez@example.org")
    await person.get_by_label("Contraseña").fill(CHOSEN)
    await person.get_by_role("button", name="Entrar").click()

    # A prosecutor sets up a second factor before anything else.
    await expect(person).to_have_url(re.compile(r"/ui/second-factor\.html"))
    await expect(person.get_by_role("img", name="Código QR")).to_be_visible()
    await assert_accessible(person)
    await person.goto("/ui/search.html")
    await expect(person).to_have_url(re.compile(r"/ui/second-factor\.html"))
    # The page made a new key as it loaded again: the one shown now is the one to use.
    await expect(person.locator("#secret")).not_to_be_empty()
    key = (await person.locator("#secret").inner_text()).replace(" ", "")
    await person.get_by_label("Escriba el código de 6 cifras").fill("000000")
    await person.get_by_role("button", name="Confirmar").click()
    await expect(person.get_by_role("alert")).to_contain_text("no es válido")
    await person.get_by_label("Escriba el código de 6 cifras").fill(next_code(key))
    await person.get_by_role("button", name="Confirmar").click()
    await expect(person.get_by_role("heading", name="Sus códigos de recuperación")).to_be_visible()
    await expect(person.locator("#code-list li")).to_have_count(10)
    await assert_accessible(person)
    await person.get_by_role("button", name="English").click()
    await expect(person.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    await person.get_by_role("button", name="Español").click()
    await person.get_by_role("link", name="Ya guardé mis códigos").click()
    await expect(person).to_have_url(re.compile(r"/ui/search\.html"))

    # The next sign-in asks for a code of the app.
    await person.get_by_role("button", name="Cerrar sesión").click()
    await person.get_by_label("Correo electrónico").fill("ana.lopez@example.org")
    await person.get_by_label("Contraseña").fill(CHOSEN)
    await person.get_by_role("button", name="Entrar").click()
    await expect(person.get_by_role("heading", name="Segundo paso: su código")).to_be_visible()
    await assert_accessible(person)
    await person.get_by_label("Código de verificación").fill(next_code(key))
    await person.get_by_role("button", name="Verificar").click()
    await expect(person).to_have_url(re.compile(r"/ui/search\.html"))

    await page.reload()
    await expect(page.get_by_role("row").filter(has_text="Ana López")).to_contain_text("Activa")


async def test_a_coordinator_deactivates_an_account_and_its_open_page_stops_working(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    theirs = await open_as(open_page, prosecutor, "/ui/requests.html")
    await expect(theirs.get_by_role("heading", level=1)).to_be_visible()
    page = await open_as(open_page, coordinator, "/ui/accounts.html")
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Desactivar la cuenta de fiscal").click()
    await expect(page.get_by_role("status").filter(has_text="desactivada")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text="fiscal@example.org")).to_contain_text(
        "Desactivada"
    )
    await assert_accessible(page)
    await theirs.reload()
    await expect(theirs).to_have_url(re.compile(r"/ui/index\.html\?next="))
    async with httpx.AsyncClient(base_url=server.url, headers=prosecutor.headers) as http:
        assert (await http.get("/api/v1/auth/me")).status_code == 401

    await page.get_by_role("button", name="English").click()
    await page.get_by_role("button", name="Reactivate the account of fiscal").click()
    await expect(page.get_by_role("row").filter(has_text="fiscal@example.org")).to_contain_text(
        "Active"
    )
    await page.get_by_role("button", name="Edit the account of fiscal").click()
    await expect(page.get_by_role("heading", name="Change the account of fiscal")).to_be_visible()
    await page.get_by_label("Name").fill("Fiscal Uno")
    await page.get_by_role("button", name="Save the changes").click()
    await expect(page.get_by_role("status").filter(has_text="updated")).to_contain_text(
        "Fiscal Uno"
    )
    await assert_accessible(page)
    # A lost phone: the coordinator resets the second factor, after checking who asks.
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Reset the second factor of Fiscal Uno").click()
    await expect(page.get_by_role("status").filter(has_text="Second factor")).to_contain_text(
        "Fiscal Uno"
    )
    assert await TotpFactor.count().where(TotpFactor.user == prosecutor.user_id) == 0


async def test_a_person_ends_a_session_and_changes_their_password(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    page = await open_as(open_page, prosecutor, "/ui/index.html")
    await page.get_by_role("navigation").get_by_role("link", name="Mi cuenta").click()
    await expect(page.get_by_role("heading", name="Mis sesiones")).to_be_visible()
    rows = page.locator("#sessions tbody tr")
    # The script's API token of the fixture, and this browser.
    await expect(rows).to_have_count(2)
    await expect(rows.filter(has_text="Esta sesión")).to_contain_text("Navegador")
    await expect(page.locator("#factor")).to_contain_text(
        "Aplicación de autenticación: configurada."
    )
    await assert_accessible(page)
    # Recovery codes used up or lost: a new set, shown once, and the count follows.
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Generar códigos de recuperación nuevos").click()
    await expect(page.locator("#new-code-list li")).to_have_count(10)
    await expect(page.locator("#factor")).to_contain_text("Códigos de recuperación sin usar: 10.")
    await assert_accessible(page)
    await page.get_by_role("button", name="Cerrar la sesión de Dispositivo desconocido").click()
    await expect(page.get_by_role("status").filter(has_text="Sesión cerrada")).to_be_visible()
    await expect(rows).to_have_count(1)
    async with httpx.AsyncClient(base_url=server.url, headers=prosecutor.headers) as http:
        assert (await http.get("/api/v1/auth/me")).status_code == 401

    await page.get_by_label("Contraseña actual").fill("not my password")
    await page.get_by_label("Nueva contraseña", exact=True).fill(CHOSEN)
    await page.get_by_label("Repita la nueva contraseña").fill(CHOSEN)
    await page.get_by_role("button", name="Cambiar la contraseña").click()
    await expect(page.get_by_role("alert")).to_contain_text("La contraseña actual no es correcta")
    await assert_accessible(page)
    await page.get_by_label("Contraseña actual").fill(PASSWORD)
    await page.get_by_label("Nueva contraseña", exact=True).fill(CHOSEN)
    await page.get_by_label("Repita la nueva contraseña").fill(CHOSEN)
    # With a second factor, changing the password takes its code too.
    await page.get_by_label("Código de verificación").fill(code_of(prosecutor.email))
    await page.get_by_role("button", name="Cambiar la contraseña").click()
    await expect(page.get_by_role("status").filter(has_text="Contraseña cambiada")).to_be_visible()
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="My sessions")).to_be_visible()
    await expect(rows.filter(has_text="This session")).to_contain_text("Browser")
    await assert_accessible(page)
    await page.screenshot(path=str(SCREENSHOTS / "account.png"), full_page=True)


async def test_a_forgotten_password_is_reset_through_the_mailed_link(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    page = await open_page()
    await page.goto("/ui/")
    await page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    await expect(page.get_by_role("heading", name="Restablecer la contraseña")).to_be_visible()
    await assert_accessible(page)
    await page.get_by_label("Correo electrónico").fill(prosecutor.email)
    await page.get_by_role("button", name="Enviar el enlace").click()
    await expect(page.get_by_role("status")).to_contain_text("Si existe una cuenta")
    await page.goto(await mailed_link())
    await page.get_by_label("Nueva contraseña", exact=True).fill(CHOSEN)
    await page.get_by_label("Repita la nueva contraseña").fill(CHOSEN + "x")
    await page.get_by_role("button", name="Guardar la contraseña").click()
    await expect(page.get_by_role("alert")).to_contain_text("no coinciden")
    await page.get_by_label("Repita la nueva contraseña").fill(CHOSEN)
    await page.get_by_role("button", name="Guardar la contraseña").click()
    await expect(page.get_by_role("status")).to_contain_text("Su contraseña quedó guardada")
    await sign_in(page, prosecutor.email, CHOSEN)
    await expect(page).to_have_url(re.compile(r"/ui/search\.html"))

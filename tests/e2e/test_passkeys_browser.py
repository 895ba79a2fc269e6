"""Passkeys in chromium through its virtual authenticator (DevTools protocol, WebAuthn
domain): a prosecutor sets one up as their second factor at first sign-in, then signs in
with it alone and as the step after the password; in English, the account page lists it and
refuses to remove the only factor the role needs. axe-core on every screen."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.async_api import Page, expect

from interpreters.audit.tables import AuditEntry
from interpreters.auth.tables import Passkey
from interpreters.principal import Role
from tests.e2e.factories import (
    CHROMIUM,
    SCREENSHOTS,
    PageOpener,
    Server,
    assert_accessible,
    running_servers,
)
from tests.factories import PASSWORD, make_account, make_institution

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """Reached as localhost: browsers refuse passkeys for an IP address."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_servers(1, SCREENSHOTS / "server-passkeys.log", host_name="localhost") as [
        running
    ]:
        yield Server(running.url)


async def with_authenticator(page: Page) -> None:
    """A platform authenticator that verifies the user (as a fingerprint would) at once."""
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("WebAuthn.enable")
    await cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


async def sign_in_by_password(page: Page, email: str) -> None:
    await page.goto("/ui/")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar", exact=True).click()


async def sign_out(page: Page) -> None:
    await page.get_by_role("button", name="Cerrar sesión").click()
    await expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()


async def test_a_passkey_set_up_at_first_sign_in_then_signs_the_person_in(
    open_page: PageOpener,
) -> None:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    person = await make_account(
        Role.PROSECUTOR, "nueva@example.org", institution_id=office, second_factor=False
    )
    page = await open_page()
    await with_authenticator(page)
    await sign_in_by_password(page, person.email)
    await expect(page).to_have_url(re.compile(r"second-factor\.html$"))
    await expect(
        page.get_by_role("heading", name="Con una llave de acceso (recomendado)")
    ).to_be_visible()
    await assert_accessible(page)
    await page.get_by_label("Nombre de la llave").fill("Portátil de la fiscalía")
    await page.get_by_role("button", name="Crear la llave de acceso").click()
    await expect(page.get_by_role("heading", name="Sus códigos de recuperación")).to_be_visible()
    await expect(page.locator("#code-list li")).to_have_count(10)
    await assert_accessible(page)
    [stored] = await Passkey.select(Passkey.name)
    assert stored["name"] == "Portátil de la fiscalía"
    await page.get_by_role("link", name="Ya guardé mis códigos: continuar").click()
    await expect(page).not_to_have_url(re.compile(r"second-factor\.html$"))

    # The passkey alone: no email, no password.
    await sign_out(page)
    await assert_accessible(page)
    await page.get_by_role("button", name="Entrar con una llave de acceso").click()
    await expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    await expect(page).not_to_have_url(re.compile(r"/ui/(index\.html)?$"))
    logins = await AuditEntry.select().where(AuditEntry.action == "login_passkey")
    assert [entry["actor_id"] for entry in logins] == [person.user_id]

    # After the password, the passkey is the second step.
    await sign_out(page)
    await sign_in_by_password(page, person.email)
    await expect(page.get_by_role("heading", name="Segundo paso: su código")).to_be_visible()
    await assert_accessible(page)
    await page.get_by_role("button", name="Usar mi llave de acceso").click()
    await expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    await expect(page).not_to_have_url(re.compile(r"/ui/(index\.html)?$"))

    await page.goto("/ui/account.html")
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="My passkeys")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Portátil de la fiscalía")
    await expect(row).to_be_visible()
    await expect(page.get_by_text("Authenticator app: not set up.")).to_be_visible()
    await assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    await row.get_by_role("button", name="Remove the passkey Portátil de la fiscalía").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "Your role needs a second factor: set up another before removing this one."
    )
    await expect(row).to_be_visible()
    await assert_accessible(page)
    await page.screenshot(path=str(SCREENSHOTS / "account-passkeys.png"), full_page=True)
    assert await Passkey.count() == 1


async def test_without_a_passkey_on_the_device_the_sign_in_says_so(
    open_page: PageOpener,
) -> None:
    page = await open_page()
    await with_authenticator(page)
    await page.goto("/ui/")
    await page.get_by_role("button", name="English").click()
    await page.get_by_role("button", name="Sign in with a passkey").click()
    await expect(page.get_by_role("alert")).to_contain_text("No passkey was used")
    await assert_accessible(page)

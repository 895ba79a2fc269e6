"""The browser UI against the real server (uvicorn in a subprocess) with Debian's chromium."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.async_api import Page, expect

from interpreters.principal import Role
from tests.e2e.factories import SCREENSHOTS, Server, sign_in
from tests.factories import make_account, make_institution
from tests.registry.factories import TODAY, add_interpreter, credential

pytestmark = pytest.mark.browser


async def test_prosecutor_finds_an_interpreter_and_sees_no_identity(page: Page) -> None:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    prosecutor = await make_account(Role.PROSECUTOR, "fiscal@example.org", institution_id=office)
    court_certificate = credential(
        "court_certified", TODAY - timedelta(days=365), None, language="quc"
    )
    kiche = await add_interpreter(
        1,
        display_name="Ixchel Tzul",
        legal_name="Ixchel Marisol Tzul Ajpop",
        email="ixchel.tzul@example.org",
        phone="+502 5555 0101",
        national_id="GT-1234567890101",
        skills=[
            {"language": "quc", "variety": "Totonicapán", "proficiency": 5},
            {"language": "eng", "proficiency": 3, "modes": ["consecutive", "simultaneous"]},
        ],
        credentials=[court_certificate],
    )
    await add_interpreter(
        2, display_name="Benedicto Caal", skills=[{"language": "kek", "proficiency": 4}]
    )
    await add_interpreter(3, display_name="Rosa Applicant", vetted=False)

    await sign_in(page, prosecutor.email)
    await expect(page).to_have_url(re.compile(r"/ui/search\.html(\?.*)?$"))
    await expect(page.get_by_role("heading", name="Buscar intérpretes")).to_be_visible()

    await page.get_by_label("Idioma (código ISO 639-3)").fill("quc")
    await page.get_by_role("button", name="Buscar", exact=True).click()
    results = page.locator("#results table")
    await expect(page.locator("#results-summary")).to_have_text("1 intérprete.")
    await expect(results.get_by_role("link", name="Ixchel Tzul")).to_be_visible()
    await expect(results).not_to_contain_text("Benedicto Caal")
    # Prosecutors only ever see interpreters they could book.
    await expect(results).not_to_contain_text("Rosa Applicant")

    async with page.expect_response(
        lambda r: r.request.method == "GET" and r.url.endswith(f"/api/v1/interpreters/{kiche}")
    ) as fetched:
        await results.get_by_role("link", name="Ixchel Tzul").click()
    record = await (await fetched.value).json()
    # Not merely hidden by the page: the API never sent it.
    assert record["identity"] is None
    assert record["conflicts"] is None
    await expect(page).to_have_url(re.compile(rf"/ui/profile\.html\?id={kiche}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ixchel Tzul")
    skills = page.locator("#p-skills table")
    await expect(skills).to_contain_text("K'iche' (quc)")
    await expect(skills).to_contain_text("Totonicapán")
    await expect(skills).to_contain_text("5 / 5")
    await expect(page.locator("#p-credentials table")).to_contain_text("Certificación judicial")

    await expect(page.locator("#identity-section")).to_be_hidden()
    await expect(page.locator("#edit-section")).to_be_hidden()
    text = await page.locator("body").inner_text()
    for restricted in (
        "Ixchel Marisol Tzul Ajpop",
        "ixchel.tzul@example.org",
        "5555 0101",
        "GT-1234567890101",
    ):
        assert restricted not in text
    await page.screenshot(path=str(SCREENSHOTS / "profile.png"), full_page=True)


async def test_interpreter_edits_their_phone(page: Page) -> None:
    own = await add_interpreter(7, display_name="Tomasa Mam", phone="+502 4000 0000")
    await make_account(Role.INTERPRETER, "tomasa@example.org", interpreter_id=own)

    await sign_in(page, "tomasa@example.org")
    await expect(page).to_have_url(re.compile(rf"/ui/profile\.html\?id={own}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Tomasa Mam")
    # Her own restricted data is shown to her.
    await expect(page.locator("#p-identity")).to_contain_text("+502 4000 0000")

    # By role: "Teléfono" also names the phone modality's checkbox.
    phone = page.get_by_role("textbox", name="Teléfono", exact=True)
    await expect(phone).to_have_value("+502 4000 0000")
    await phone.fill("+502 7777 1234")
    async with page.expect_response(
        lambda r: r.request.method == "PATCH" and r.url.endswith(f"/interpreters/{own}")
    ) as patched:
        await page.locator("#edit-form").get_by_role("button", name="Guardar").click()
    response = await patched.value
    assert response.status == 200
    assert response.request.post_data_json == {"phone": "+502 7777 1234"}
    await expect(page.locator("#edit-message")).to_have_text("Guardado.")

    await page.reload()
    await expect(page.get_by_role("textbox", name="Teléfono", exact=True)).to_have_value(
        "+502 7777 1234"
    )
    await expect(page.locator("#p-identity")).to_contain_text("+502 7777 1234")
    await page.screenshot(path=str(SCREENSHOTS / "own-profile.png"), full_page=True)


async def test_the_api_page_works_from_the_service_alone_under_its_policy(
    page: Page, server: Server
) -> None:
    """Swagger UI's files come from the service (no CDN), and nothing on the page breaks the
    content security policy (a violation is a console error, which fails the test)."""
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server.url) else elsewhere.append(r.url))
    await page.goto("/schema")
    await expect(page.get_by_role("heading", name="Regional interpreter bank")).to_be_visible()
    await expect(page.get_by_text("/api/v1/auth/login", exact=True)).to_be_visible()
    assert elsewhere == []

"""The coordinators' record screens in the browser: a country's required credentials, an
interpreter's case exclusions on their profile, and the audit log with its filters; what a
prosecutor does not get. Spanish and English, axe-core on every screen, Madrid's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.async_api import Locator, Page, expect

from interpreters.audit.tables import AuditEntry
from interpreters.principal import Role
from tests.e2e.factories import (
    CASE,
    SCREENSHOTS,
    PageOpener,
    Server,
    api,
    assert_accessible,
    open_as,
    prosecutor_in_tegucigalpa,
)
from tests.factories import make_account
from tests.registry.factories import add_interpreter

pytestmark = pytest.mark.browser


def beside(page: Page, label: str) -> Locator:
    """The field (its label, control and error) of the control labelled `label`."""
    return page.locator(".field").filter(has=page.get_by_label(label, exact=True))


async def test_a_coordinator_sets_a_countrys_required_credentials_and_returns_to_the_default(
    open_page: PageOpener, server: Server
) -> None:
    coordinator = await make_account(Role.COORDINATOR, "hn@example.org", countries="GT,HN")
    page = await open_as(open_page, coordinator, "/ui/search.html")
    await page.get_by_role("navigation").get_by_role("link", name="Credenciales exigidas").click()
    await expect(
        page.get_by_role("heading", name="Credenciales exigidas por tipo de sesión")
    ).to_be_visible()
    # Only the countries the coordinator is scoped to.
    country = page.get_by_label("País")
    await expect(country.locator("option")).to_have_text(["Guatemala", "Honduras"])
    await country.select_option(label="Honduras")
    await expect(page).to_have_url(re.compile(r"country=HN"))
    hearing = page.get_by_role("region", name="Audiencia judicial")
    await expect(hearing).to_contain_text("Certificación judicial o Perito juramentado")
    await expect(hearing).to_contain_text("Regla por defecto")
    await assert_accessible(page)

    interview = page.get_by_role("region", name="Entrevista a la víctima")
    await interview.get_by_role(
        "button", name="Cambiar las credenciales exigidas para Entrevista a la víctima"
    ).click()
    await interview.get_by_role("button", name="Añadir un requisito").click()
    await interview.get_by_role("button", name="Guardar la regla").click()
    second = interview.get_by_role("group", name="Requisito 2: una de estas credenciales")
    await expect(second).to_contain_text("Elija al menos una credencial")
    await expect(page.get_by_role("alert")).to_contain_text("Requisito 2")
    await assert_accessible(page)
    await second.get_by_label("Perito juramentado").check()
    await second.get_by_label("Certificación judicial").check()
    # The first requirement goes; the second, as ticked, takes its place.
    await interview.get_by_role("button", name="Quitar el requisito 1").click()
    await expect(interview.get_by_role("group")).to_have_count(1)
    await interview.get_by_role("button", name="Guardar la regla").click()
    await expect(page.get_by_role("status")).to_have_text(
        "Regla guardada: Entrevista a la víctima en Honduras."
    )
    await expect(interview.get_by_role("listitem")).to_have_text(
        ["Certificación judicial o Perito juramentado"]
    )
    await expect(interview).to_contain_text("Regla propia de Honduras")
    await assert_accessible(page)
    rules = (await api(server, coordinator, "GET", "/api/v1/credential-rules/HN")).json()
    [saved] = [rule for rule in rules if rule["session_kind"] == "victim_interview"]
    assert saved["required_credentials"] == [["court_certified", "sworn_expert"]]

    await page.get_by_role("button", name="English").click()
    interview = page.get_by_role("region", name="Victim interview")
    await expect(interview).to_contain_text("Honduras's own rule")
    await expect(interview.get_by_role("listitem")).to_have_text(
        ["Court certified or Sworn expert"]
    )
    await interview.get_by_role(
        "button", name="Return to the default rule for Victim interview"
    ).click()
    await expect(page.get_by_role("status")).to_have_text(
        "Victim interview in Honduras is back to the default rule."
    )
    await expect(interview.get_by_role("listitem")).to_have_text(["Trauma-informed training"])
    await assert_accessible(page)
    await page.screenshot(path=str(SCREENSHOTS / "credential-rules.png"), full_page=True)

    # A coordinator of some countries reads their own actions in the log by default.
    await page.get_by_role("navigation").get_by_role("link", name="Audit log").click()
    await expect(page.get_by_text("As a coordinator of Guatemala, Honduras")).to_be_visible()
    changes = page.locator("tbody tr").filter(has_text="Required credentials changed")
    await expect(changes).to_have_count(2)
    await expect(changes.first).to_contain_text("Required credentials: Honduras · Victim interview")
    await expect(changes.first).to_contain_text("hn@example.org")
    await assert_accessible(page)


async def test_a_coordinator_excludes_an_interpreter_from_a_case_on_their_profile(
    open_page: PageOpener, server: Server
) -> None:
    ixchel = await add_interpreter(1, display_name="Ixchel Ajpop")
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    page = await open_as(open_page, coordinator, "/ui/vetting.html?vetting_status=vetted")
    await page.get_by_role("link", name="Ixchel Ajpop").click()
    section = page.get_by_role("region", name="Exclusiones por caso")
    await expect(section).to_contain_text("No está excluida de ningún caso.")
    await assert_accessible(page)

    await page.get_by_label("Referencia del caso").fill(CASE)
    await page.get_by_label("Motivo").fill("no")
    await page.get_by_role("button", name="Excluir de este caso").click()
    await expect(beside(page, "Motivo")).to_contain_text("Debe tener al menos 3 caracteres")
    await expect(page.get_by_label("Motivo")).to_have_attribute("aria-invalid", "true")
    await assert_accessible(page)
    await page.get_by_label("Motivo").fill("Vecina de la comunidad de la víctima")
    await page.get_by_role("button", name="Excluir de este caso").click()
    await expect(section.get_by_role("status")).to_have_text(f"Excluida del caso {CASE}.")
    row = section.get_by_role("row").filter(has_text=CASE)
    await expect(row).to_contain_text("Vecina de la comunidad de la víctima")
    await expect(page.get_by_label("Motivo")).not_to_have_attribute("aria-invalid", "true")
    blocks = await api(server, coordinator, "GET", f"/api/v1/interpreters/{ixchel}/case-blocks")
    assert [b["case_reference"] for b in blocks.json()] == [CASE]

    # The same case twice: the server says so beside the case reference.
    await page.get_by_label("Referencia del caso").fill(CASE)
    await page.get_by_label("Motivo").fill("Otra vez")
    await page.get_by_role("button", name="Excluir de este caso").click()
    await expect(beside(page, "Referencia del caso")).to_contain_text(
        "ya está excluida de este caso"
    )
    await assert_accessible(page)

    await page.get_by_role("button", name="English").click()
    section = page.get_by_role("region", name="Case exclusions")
    await expect(section.get_by_role("columnheader", name="Excluded since")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    await section.get_by_role("button", name=f"Lift the exclusion from case {CASE}").click()
    await expect(section.get_by_role("status")).to_have_text(f"Exclusion from case {CASE} lifted.")
    await expect(section).to_contain_text("Not excluded from any case.")
    await assert_accessible(page)

    await page.get_by_role("link", name="See their history in the audit log").click()
    await expect(page.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
    rows = page.locator("tbody tr")
    await expect(rows.filter(has_text="Excluded from a case")).to_have_count(1)
    await expect(rows.filter(has_text="Case exclusion lifted")).to_have_count(1)
    # The coordinator's own sign-in is not this record's.
    await expect(rows.filter(has_not_text=f"Interpreter no. {ixchel}")).to_have_count(0)


async def test_the_audit_log_narrows_to_an_action_and_to_days_of_the_readers_zone(
    open_page: PageOpener, server: Server
) -> None:
    coordinator = await make_account(Role.COORDINATOR, "coord@example.org")
    ixchel = await add_interpreter(1, display_name="Ixchel Ajpop")

    def entry(action: str, at: datetime) -> AuditEntry:
        return AuditEntry(
            actor_id=coordinator.user_id,
            actor_email=coordinator.email,
            action=action,
            record_type="interpreter",
            record_id=ixchel,
            at=at,
            client_address="203.0.113.7",
        )

    await AuditEntry.insert(
        *(entry("read_notice", datetime(2026, 2, 1, 9, n, tzinfo=UTC)) for n in range(55)),
        # 2 March, 23:30 in Madrid; then 3 March, 00:30.
        entry("verify_credential", datetime(2026, 3, 2, 22, 30, tzinfo=UTC)),
        entry("add_credential", datetime(2026, 3, 2, 23, 30, tzinfo=UTC)),
    )
    page = await open_as(open_page, coordinator, "/ui/audit.html")
    await expect(page.get_by_role("heading", name="Registro de auditoría")).to_be_visible()
    await expect(page.get_by_text("en su zona horaria (Europe/Madrid)")).to_be_visible()
    rows = page.locator("tbody tr")
    verified = rows.filter(has_text="Credencial verificada")
    await expect(verified).to_contain_text("2 mar 2026, 23:30")
    await expect(verified).to_contain_text("203.0.113.7")
    await expect(verified).to_contain_text(f"Intérprete n.º {ixchel}")
    await expect(page.locator("#list-summary")).to_contain_text("se muestran 1–50")
    await assert_accessible(page)

    await page.get_by_label("Acción").select_option(label="Aviso leído")
    await page.get_by_role("button", name="Mostrar").click()
    await expect(page.locator("#list-summary")).to_have_text("55 entradas; se muestran 1–50.")
    await expect(rows.filter(has_text="Credencial verificada")).to_have_count(0)
    await page.get_by_role("button", name="Siguiente").click()
    await expect(page.locator("#list-summary")).to_have_text("55 entradas; se muestran 51–55.")
    await expect(rows).to_have_count(5)

    await page.get_by_label("Acción").select_option("")
    await page.get_by_label("Desde el día").fill("2026-03-03")
    await page.get_by_label("Hasta el día (incluido)").fill("2026-03-03")
    await page.get_by_role("button", name="Mostrar").click()
    await expect(page.locator("#list-summary")).to_have_text("1 entrada.")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Credencial añadida")
    await expect(rows.first).to_contain_text("3 mar 2026, 0:30")
    await assert_accessible(page)

    await page.get_by_label("Desde el día").fill("2026-03-04")
    await page.get_by_role("button", name="Mostrar").click()
    await expect(beside(page, "Hasta el día (incluido)")).to_contain_text(
        "El final no es posterior al inicio"
    )
    await expect(page.get_by_role("alert")).to_contain_text("Hasta el día (incluido)")
    await assert_accessible(page)

    await page.get_by_role("button", name="English").click()
    await page.get_by_label("From the day").fill("2026-03-02")
    await page.get_by_role("button", name="Show").click()
    await expect(page.locator("#list-summary")).to_have_text("2 entries; showing 1–2.")
    await expect(page.get_by_role("columnheader")).to_have_text(
        ["When", "Who", "Action", "Record", "IP address"]
    )
    await expect(rows.nth(1)).to_contain_text("Credential verified")
    await expect(rows.nth(1)).to_contain_text("coord@example.org")
    await assert_accessible(page)
    await page.screenshot(path=str(SCREENSHOTS / "audit.png"), full_page=True)
    await rows.nth(1).get_by_role("link", name=f"Interpreter no. {ixchel}").click()
    await expect(page.get_by_role("heading", name="Ixchel Ajpop")).to_be_visible()


async def test_a_prosecutor_gets_neither_the_entries_nor_the_data(
    open_page: PageOpener, server: Server
) -> None:
    ixchel = await add_interpreter(1, display_name="Ixchel Ajpop")
    prosecutor = await prosecutor_in_tegucigalpa()
    page = await open_as(open_page, prosecutor, f"/ui/profile.html?id={ixchel}")
    await expect(page.get_by_role("heading", name="Ixchel Ajpop")).to_be_visible()
    nav = page.get_by_role("navigation")
    await expect(nav.get_by_role("link", name="Búsqueda")).to_be_visible()
    for name in ("Credenciales exigidas", "Auditoría"):
        await expect(nav.get_by_role("link", name=name)).to_have_count(0)
    await expect(page.get_by_role("heading", name="Exclusiones por caso")).to_be_hidden()
    await expect(page.get_by_role("link", name=re.compile("registro de auditoría"))).to_be_hidden()
    await assert_accessible(page)
    for path in ("/ui/credential-rules.html", "/ui/audit.html"):
        await page.goto(path)
        await expect(page.get_by_role("alert")).to_have_text(
            "Su cuenta no tiene acceso a esta página."
        )
        await expect(page.get_by_role("table")).to_have_count(0)
        await expect(page.get_by_role("region")).to_have_count(0)
        await assert_accessible(page)

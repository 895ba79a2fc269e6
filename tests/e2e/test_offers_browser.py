"""Offers in the browser: a prosecutor sends a request's offers, an interpreter accepts one on
their own clock and finds the session among the upcoming ones; an offer taken meanwhile is
explained, another declined with a reason the prosecutor reads. Real server, Debian's
chromium in Madrid; the interpreter lives in New York, the office is in Tegucigalpa."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Page, expect

from interpreters.notifications.schemas import NoticeKind
from interpreters.notifications.service import notify
from interpreters.principal import Role
from tests.bookings.factories import NEXT_WEEK, interpreter
from tests.e2e.factories import (
    CASE,
    KICHE,
    KICHE_BEST,
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

NEW_YORK = ZoneInfo("America/New_York")
TEGUCIGALPA = ZoneInfo("America/Tegucigalpa")


def in_new_york(hour: int, minutes: int) -> str:
    """A session of the next week starting at `hour` in Tegucigalpa, on a New York clock."""
    start = datetime.combine(NEXT_WEEK, time(hour), TEGUCIGALPA).astimezone(NEW_YORK)
    return f"{start:%H:%M}–{start + timedelta(minutes=minutes):%H:%M}"


async def interpreter_account(n: int, name: str, email: str, best: bool = False) -> Account:
    interpreter_id = await interpreter(
        n,
        display_name=name,
        country="US",
        timezone="America/New_York",
        skills=KICHE_BEST if best else KICHE,
    )
    return await make_account(Role.INTERPRETER, email, interpreter_id=interpreter_id)


async def offer_card(page: Page, case: str) -> None:
    await expect(page.locator("#open-offers li.offer").filter(has_text=case)).to_be_visible()


async def test_an_interpreter_accepts_an_offer_and_finds_it_among_the_upcoming_sessions(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    ixchel = await interpreter_account(1, "Ixchel Ajpop", "ixchel@example.org", best=True)
    request = await ask(server, prosecutor, case_reference=CASE)

    # The prosecutor offers the request to the best candidate only.
    office = await open_as(open_page, prosecutor, f"/ui/request.html?id={request['id']}")
    await office.get_by_label("Intérpretes por ronda").fill("1")
    await office.get_by_role("button", name="Enviar ofertas").click()
    await expect(office.locator("#request-message")).to_have_text("Ofertas enviadas.")
    await expect(office.locator("#q-badge")).to_have_text("Ofertas enviadas")
    offers = office.locator("#offers tbody tr")
    await expect(offers).to_have_count(1)
    await expect(offers).to_contain_text("Ixchel Ajpop")
    await expect(offers).to_contain_text("Abierta")
    await expect(office.locator("#offers-wave")).to_contain_text("Ronda 1 enviada")

    page = await open_as(open_page, ixchel, "/ui/profile.html")
    await page.get_by_role("link", name="Mis ofertas").click()
    await expect(page.get_by_role("heading", name="Ofertas y servicios")).to_be_visible()
    await expect(page.locator("#inbox-zone")).to_contain_text("America/New_York")
    await offer_card(page, CASE)
    card = page.locator("#open-offers li.offer")
    await expect(card).to_contain_text("Entrevista a la víctima · K'iche' (quc) ↔ Español (spa)")
    await expect(card).to_contain_text(in_new_york(9, 45))
    await expect(card).to_contain_text("prosecutor_office HN")
    # Never the victim's pseudonym.
    await expect(page.locator("main")).not_to_contain_text("Víctima A")
    await expect(page.locator("#assignments")).to_have_text("No tiene servicios próximos.")
    await page.screenshot(path=str(SCREENSHOTS / "offers.png"), full_page=True)

    await card.get_by_role("button", name=re.compile(r"^Aceptar la oferta del ")).click()
    await expect(page.locator("#inbox-message")).to_have_text(
        "Oferta aceptada: la sesión figura en sus próximos servicios."
    )
    await expect(page.locator("#open-offers")).to_have_text("No tiene ofertas abiertas.")
    upcoming = page.locator("#assignments tbody tr")
    await expect(upcoming).to_have_count(1)
    await expect(upcoming).to_contain_text(in_new_york(9, 45))
    await expect(upcoming).to_contain_text("Confirmada")
    await expect(page.locator("#past-offers")).to_contain_text("Aceptada")
    await page.screenshot(path=str(SCREENSHOTS / "offers-accepted.png"), full_page=True)

    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request['id']}")).json()
    assert stored["status"] == "confirmed"
    assert [b["interpreter"] for b in stored["bookings"]] == [ixchel.interpreter_id]
    await office.reload()
    await expect(office.locator("#q-badge")).to_have_text("Confirmada")
    await expect(office.locator("#q-bookings")).to_contain_text("Ixchel Ajpop")
    await expect(office.locator("#offers tbody tr")).to_contain_text("Aceptada")
    await expect(office.locator("#offers-form")).to_be_hidden()


async def test_an_offer_taken_meanwhile_is_explained_and_another_declined_with_a_reason(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    ana = await interpreter_account(1, "Ana Tzul", "ana@example.org")
    ixchel = await interpreter_account(2, "Ixchel Ajpop", "ixchel@example.org", best=True)
    taken = await ask(server, prosecutor, case_reference=CASE)
    later = await ask(
        server, prosecutor, case_reference="FEVCTP-2026-0999", start=f"{NEXT_WEEK}T14:00:00"
    )
    for request, size in [(taken, 2), (later, 2)]:
        sent = await api(
            server,
            prosecutor,
            "POST",
            f"/api/v1/requests/{request['id']}/offers",
            {"wave_size": size},
        )
        assert sent.status_code == 201, sent.text

    page = await open_as(open_page, ana, "/ui/offers.html")
    await offer_card(page, CASE)
    await offer_card(page, "FEVCTP-2026-0999")
    # Ixchel takes the first request while Ana's page is open.
    [offer] = [
        o
        for o in (await api(server, ixchel, "GET", "/api/v1/offers")).json()
        if o["request"] == taken["id"]
    ]
    accepted = await api(server, ixchel, "POST", f"/api/v1/offers/{offer['id']}/accept")
    assert accepted.status_code == 200, accepted.text

    first = page.locator("#open-offers li.offer").filter(has_text=CASE)
    await first.get_by_role("button", name=re.compile(r"^Aceptar la oferta del ")).click()
    problem = page.locator("#inbox-problem")
    await expect(problem).to_contain_text(re.compile(r"La oferta del .* ya no está disponible\."))
    await expect(problem).to_contain_text("ya no puede responderse")
    await expect(page.locator("#open-offers li.offer")).to_have_count(1)
    await expect(page.locator("#past-offers")).to_contain_text("Retirada")
    await expect(page.locator("#assignments")).to_have_text("No tiene servicios próximos.")
    await page.screenshot(path=str(SCREENSHOTS / "offers-gone.png"), full_page=True)

    second = page.locator("#open-offers li.offer").filter(has_text="FEVCTP-2026-0999")
    decline = second.get_by_role("button", name="Rechazar la oferta")
    await decline.click()
    reason = second.get_by_label("Motivo del rechazo")
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await reason.fill("Tengo otra audiencia esa tarde")
    await decline.click()
    await expect(page.locator("#inbox-message")).to_have_text("Oferta rechazada.")
    await expect(page.locator("#open-offers")).to_have_text("No tiene ofertas abiertas.")

    answers = (
        await api(server, prosecutor, "GET", f"/api/v1/requests/{later['id']}/offers")
    ).json()
    assert [(o["interpreter"], o["status"], o["reason"]) for o in answers] == [
        (ixchel.interpreter_id, "open", ""),
        (ana.interpreter_id, "declined", "Tengo otra audiencia esa tarde"),
    ]
    office = await open_as(open_page, prosecutor, f"/ui/request.html?id={later['id']}")
    declined = office.locator("#offers tbody tr").filter(has_text="Ana Tzul")
    await expect(declined).to_contain_text("Rechazada")
    await expect(declined).to_contain_text("Tengo otra audiencia esa tarde")
    await office.screenshot(path=str(SCREENSHOTS / "request-offers.png"), full_page=True)


async def test_the_requester_reads_that_nobody_accepted_and_marks_it_read(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    request = await ask(server, prosecutor, case_reference=CASE)
    params = {
        "request": request["id"],
        "case_reference": CASE,
        "session_kind": "victim_interview",
        "language": "quc",
        "working_language": "spa",
        "start": f"{NEXT_WEEK} 09:00 America/Tegucigalpa",
    }
    # As the last wave writes it when nobody is left to offer the request to.
    await notify([prosecutor.user_id], NoticeKind.OFFERS_EXHAUSTED, request["id"], params)

    page = await open_as(open_page, prosecutor, "/ui/requests.html")
    notices = page.locator("#notices li")
    await expect(notices).to_have_count(1)
    await expect(notices).to_contain_text(f"caso {CASE}")
    await page.screenshot(path=str(SCREENSHOTS / "requests-notice.png"), full_page=True)
    await notices.get_by_role("button", name="Marcar como leído").click()
    await expect(page.locator("#notices-section")).to_be_hidden()
    unread = (await api(server, prosecutor, "GET", "/api/v1/notices?unread=true")).json()
    assert unread == []
    await page.reload()
    await expect(page.locator("#list tbody tr")).to_have_count(1)
    await expect(page.locator("#notices-section")).to_be_hidden()

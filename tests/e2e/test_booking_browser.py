"""Requests, candidates and bookings in the browser: a prosecutor asks for an interpreter,
reads the ranked candidates with their reasons and books one (or a team); a refused booking
is explained and the candidates are reloaded. Against the real server and Debian's chromium;
the browser lives in Madrid, so every time shown must be the requester's (Tegucigalpa)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

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

pytestmark = pytest.mark.browser


async def test_a_prosecutor_asks_reads_the_reasons_and_books_the_best(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    good = await interpreter(1, display_name="Ana Tzul", skills=KICHE)
    best = await interpreter(2, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    page = await open_as(open_page, prosecutor, "/ui/search.html")

    await page.get_by_role("link", name="Solicitudes").click()
    await expect(page.get_by_role("heading", name="Solicitudes de intérprete")).to_be_visible()
    await expect(page.locator("#list-summary")).to_have_text(
        "No hay solicitudes con estos filtros."
    )
    await page.get_by_role("link", name="Nueva solicitud").click()
    await expect(page.get_by_role("heading", name="Nueva solicitud de intérprete")).to_be_visible()
    await expect(page.locator("#r-zone")).to_contain_text("America/Tegucigalpa")

    form = page.locator("#request-form")
    await page.get_by_label("Referencia del caso").fill(CASE)
    # A phone number where a pseudonym belongs: refused, and said next to the field.
    await page.get_by_label("Seudónimo de la víctima").fill("Llamar al 9876-5432")
    await page.get_by_label("Idioma de la víctima").fill("k'iche'")
    await expect(page.locator("#r-language-name")).to_have_text("Idioma elegido: K'iche' (quc)")
    await page.get_by_label("Inicio", exact=True).fill(f"{NEXT_WEEK}T09:00")
    await page.get_by_label("Duración (minutos)").fill("45")
    await page.get_by_role("button", name="Enviar la solicitud").click()
    pseudonym = page.get_by_label("Seudónimo de la víctima")
    await expect(pseudonym).to_have_attribute("aria-invalid", "true")
    error = form.locator(".field-error")
    await expect(error).to_have_count(1)
    await expect(error).to_contain_text("Parece un dato de contacto")
    await expect(page.locator("#request-problem")).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "request-new-errors.png"), full_page=True)

    await pseudonym.fill("Víctima B")
    await page.get_by_role("button", name="Enviar la solicitud").click()
    await expect(page).to_have_url(re.compile(r"/ui/request\.html\?id=\d+$"))
    request_id = int(page.url.rsplit("=", 1)[1])
    await expect(page.get_by_role("heading", name=f"Solicitud {CASE}")).to_be_visible()
    await expect(page.locator("#q-badge")).to_have_text("Pendiente")

    # Ranked, best first, each score explained reason by reason in Spanish.
    await expect(page.locator("#candidates-summary")).to_have_text(
        "2 de 2 intérpretes que cumplen los requisitos están libres."
    )
    ranked = page.locator("#candidates ol.ranked > li")
    await expect(ranked).to_have_count(2)
    await expect(ranked.nth(0).locator(".candidate-name")).to_have_text("Ixchel Ajpop")
    await expect(ranked.nth(1).locator(".candidate-name")).to_have_text("Ana Tzul")
    first = ranked.nth(0)
    await expect(first.locator(".reasons")).to_contain_text("+40 puntos: Competencia 5 de 5")
    await expect(first.locator(".reasons")).to_contain_text(
        "Empieza a las 09:00, de día para la persona intérprete"
    )
    await expect(first).to_contain_text("09:00")
    matched = (
        await api(server, prosecutor, "GET", f"/api/v1/requests/{request_id}/candidates")
    ).json()
    top = matched["candidates"][0]
    await expect(first.locator(".badge.score")).to_have_text(f"{top['score']} puntos")
    await expect(first.locator(".reasons li")).to_have_count(len(top["reasons"]))
    await page.screenshot(path=str(SCREENSHOTS / "request-candidates.png"), full_page=True)

    await page.get_by_role("button", name="Reservar a Ixchel Ajpop").click()
    await expect(page.locator("#request-message")).to_have_text("Reserva confirmada: Ixchel Ajpop.")
    await expect(page.locator("#q-badge")).to_have_text("Confirmada")
    bookings = page.locator("#q-bookings")
    await expect(bookings.get_by_role("link", name="Ixchel Ajpop")).to_be_visible()
    await expect(bookings).to_contain_text("09:00–09:45")
    await expect(page.locator("#candidates-section")).to_be_hidden()
    await expect(page.locator("#q-history")).to_contain_text("Confirmada")
    await page.screenshot(path=str(SCREENSHOTS / "request-booked.png"), full_page=True)

    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request_id}")).json()
    assert stored["status"] == "confirmed"
    assert stored["case_reference"] == CASE
    assert stored["victim_pseudonym"] == "Víctima B"
    assert stored["earliest_start"] == f"{NEXT_WEEK}T09:00:00-06:00"
    assert [(b["interpreter"], b["role"]) for b in stored["bookings"]] == [(best, "interpreter")]
    assert good not in [b["interpreter"] for b in stored["bookings"]]

    await page.get_by_role("link", name="Volver a las solicitudes").click()
    row = page.locator("#list tbody tr")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("Confirmada")
    await expect(row).to_contain_text("Ixchel Ajpop")
    await page.screenshot(path=str(SCREENSHOTS / "requests.png"), full_page=True)


async def test_a_refused_booking_is_explained_then_the_request_is_cancelled(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    await interpreter(1, display_name="Ana Tzul", skills=KICHE)
    best = await interpreter(2, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    request = await ask(server, prosecutor, case_reference=CASE)
    page = await open_as(open_page, prosecutor, f"/ui/request.html?id={request['id']}")
    ranked = page.locator("#candidates ol.ranked > li")
    await expect(ranked).to_have_count(2)

    # Another case takes the best interpreter at the same time while the page is open.
    other = await ask(server, prosecutor, case_reference="FEVCTP-2026-0999")
    taken = await api(
        server, prosecutor, "POST", f"/api/v1/requests/{other['id']}/booking", {"interpreter": best}
    )
    assert taken.status_code == 201, taken.text

    await page.get_by_role("button", name="Reservar a Ixchel Ajpop").click()
    problem = page.locator("#candidates-problem")
    await expect(problem).to_contain_text("No se pudo reservar a Ixchel Ajpop.")
    await expect(problem).to_contain_text("no está libre")
    await expect(problem).to_contain_text("La lista de candidatos se ha actualizado.")
    await expect(ranked).to_have_count(1)
    await expect(ranked.locator(".candidate-name")).to_have_text("Ana Tzul")
    await expect(page.locator("#q-badge")).to_have_text("Pendiente")
    await page.screenshot(path=str(SCREENSHOTS / "request-refused.png"), full_page=True)
    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request['id']}")).json()
    assert (stored["status"], stored["bookings"]) == ("requested", [])

    # Cancelled with a reason, which the history keeps.
    cancel = page.get_by_role("button", name="Cancelar la solicitud")
    await cancel.click()
    reason = page.get_by_label("Motivo de la cancelación")
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await reason.fill("La audiencia se suspendió")
    await cancel.click()
    await expect(page.locator("#request-message")).to_have_text("Solicitud cancelada.")
    await expect(page.locator("#q-badge")).to_have_text("Cancelada")
    await expect(page.locator("#q-history")).to_contain_text("La audiencia se suspendió")
    await expect(page.locator("#candidates-section")).to_be_hidden()
    await expect(cancel).to_be_hidden()
    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request['id']}")).json()
    assert stored["status"] == "cancelled"


async def test_a_long_session_is_booked_as_a_team_of_two_at_a_start_chosen_in_the_window(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    first = await interpreter(1, display_name="Ana Tzul", skills=KICHE)
    second = await interpreter(2, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    request = await ask(
        server,
        prosecutor,
        case_reference=CASE,
        duration_minutes=90,
        latest_start=f"{NEXT_WEEK}T15:00:00",
    )
    assert request["interpreters_needed"] == 2
    page = await open_as(open_page, prosecutor, f"/ui/request.html?id={request['id']}")

    await expect(page.get_by_role("heading", name="Equipos propuestos")).to_be_visible()
    pair = page.locator("#candidates li.pair")
    await expect(pair).to_contain_text("09:00")
    # Any start of the window will do: the prosecutor looks at 11:30 instead.
    await page.get_by_label("Inicio", exact=True).fill(f"{NEXT_WEEK}T11:30")
    await page.get_by_role("button", name="Ver candidatos").click()
    await expect(pair.locator(".candidate-facts").first).to_contain_text("11:30")
    await expect(page.get_by_text("Esta sesión necesita dos intérpretes")).to_be_visible()
    # Alone, nobody can be booked for a session that needs two.
    await expect(page.get_by_role("button", name="Reservar a Ana Tzul")).to_have_count(0)
    team = page.get_by_role("button", name="Reservar el equipo de Ixchel Ajpop y Ana Tzul")
    await expect(team).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "request-team.png"), full_page=True)
    await team.click()
    await expect(page.locator("#request-message")).to_have_text(
        "Reserva confirmada: Ixchel Ajpop, Ana Tzul."
    )
    bookings = page.locator("#q-bookings tbody tr")
    await expect(bookings).to_have_count(2)
    await expect(bookings.nth(1)).to_contain_text("Segundo del equipo")
    await expect(bookings.nth(1)).to_contain_text("11:30–13:00")

    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request['id']}")).json()
    assert stored["status"] == "confirmed"
    assert [(b["interpreter"], b["role"], b["starts_at"]) for b in stored["bookings"]] == [
        (second, "interpreter", f"{NEXT_WEEK}T17:30:00Z"),
        (first, "team", f"{NEXT_WEEK}T17:30:00Z"),
    ]


async def test_a_relay_through_english_is_proposed_and_read_in_english(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    bengali = await interpreter(
        1,
        display_name="Rafiq Hossain",
        timezone="America/New_York",
        country="US",
        skills=[{"language": "ben", "working_language": "eng", "proficiency": 4}],
    )
    belizean = await interpreter(
        2,
        display_name="Marisol Young",
        country="BZ",
        timezone="America/Belize",
        skills=[{"language": "spa", "working_language": "eng", "proficiency": 5}],
    )
    request = await ask(server, prosecutor, case_reference=CASE, language="ben")
    page = await open_as(open_page, prosecutor, f"/ui/request.html?id={request['id']}")

    await expect(page.get_by_role("heading", name="Relevos por un idioma puente")).to_be_visible()
    await expect(page.locator("#candidates-summary")).to_have_text(
        "Nadie cubre directamente este par de idiomas: se proponen relevos por un idioma puente."
    )
    await expect(page.get_by_role("heading", name="Intérpretes, del mejor al peor")).to_have_count(
        0
    )
    relay = page.locator("#candidates li.pair")
    await expect(relay).to_contain_text("Rafiq Hossain y Marisol Young, por Inglés (eng)")
    # New York is an hour ahead of Tegucigalpa: the interpreter's own clock is shown too.
    await expect(relay).to_contain_text("Empieza a las 10:00, de día para la persona intérprete")

    await page.get_by_role("button", name="English").click()
    await expect(
        page.get_by_role("heading", name="Relays through a pivot language")
    ).to_be_visible()
    await expect(relay).to_contain_text("Starts at 10:00, daytime for the interpreter")
    await expect(page.locator("#q-details")).to_contain_text("Victim interview")
    await page.screenshot(path=str(SCREENSHOTS / "request-relay-english.png"), full_page=True)
    await page.get_by_role(
        "button", name="Book the relay of Rafiq Hossain and Marisol Young through English (eng)"
    ).click()
    await expect(page.locator("#request-message")).to_have_text(
        "Booking confirmed: Rafiq Hossain, Marisol Young."
    )
    await expect(page.locator("#q-bookings tbody tr").nth(1)).to_contain_text(
        "Relay (pivot language)"
    )
    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request['id']}")).json()
    assert [
        (b["interpreter"], b["role"], b["language"], b["working_language"])
        for b in stored["bookings"]
    ] == [(bengali, "interpreter", "ben", "eng"), (belizean, "relay", "eng", "spa")]

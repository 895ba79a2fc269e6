"""Rooms, rescheduling and hand assignment in the browser: a prosecutor holds a room for the
session and later moves it; a coordinator finds the requests still to be filled, assigns an
interpreter with a reason and replaces them. Real server, Debian's chromium in Madrid."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from interpreters.principal import Role
from interpreters.sessions.tables import Facility
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
    assert_accessible,
    open_as,
    prosecutor_in_tegucigalpa,
)
from tests.factories import make_account

pytestmark = pytest.mark.browser


async def test_a_prosecutor_holds_a_room_then_moves_the_session(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    ixchel = await interpreter(1, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    room = Facility(
        country="HN",
        name="Cámara Gesell 1",
        kind="gesell_chamber",
        city="Tegucigalpa",
        timezone="America/Tegucigalpa",
    )
    await room.save()
    page = await open_as(open_page, prosecutor, "/ui/request-new.html")
    await page.get_by_label("Referencia del caso").fill(CASE)
    await page.get_by_label("Seudónimo de la víctima").fill("Víctima B")
    await page.get_by_label("Idioma de la víctima").fill("quc")
    await page.get_by_label("Sala").select_option(
        label="Cámara Gesell 1 (Cámara Gesell, Tegucigalpa)"
    )
    await page.get_by_label("Inicio", exact=True).fill(f"{NEXT_WEEK}T09:00")
    await page.get_by_label("Duración (minutos)").fill("45")
    await page.get_by_role("button", name="Enviar la solicitud").click()
    await expect(page.locator("#q-details")).to_contain_text(
        "Cámara Gesell 1 (Cámara Gesell, Tegucigalpa)"
    )
    request_id = int(page.url.rsplit("=", 1)[1])
    await page.get_by_role("button", name="Reservar a Ixchel Ajpop").click()
    await expect(page.locator("#q-badge")).to_have_text("Confirmada")

    move = page.locator("#reschedule-form")
    await move.get_by_label("Nuevo inicio").fill(f"{NEXT_WEEK}T11:00")
    await move.get_by_role("button", name="Cambiar la fecha").click()
    # The reason is required, and said so by its field.
    reason = move.get_by_label("Motivo")
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await expect(move.locator(".field-error")).to_have_count(1)
    await reason.fill("La víctima pidió otra hora")
    await move.get_by_role("button", name="Cambiar la fecha").click()
    await expect(page.locator("#request-message")).to_have_text("Fecha cambiada.")
    await expect(page.locator("#q-bookings")).to_contain_text("11:00–11:45")
    await expect(page.locator("#q-history")).to_contain_text("Cambio de fecha")
    await expect(page.locator("#q-history")).to_contain_text("La víctima pidió otra hora")
    await page.screenshot(path=str(SCREENSHOTS / "request-rescheduled.png"), full_page=True)

    stored = (await api(server, prosecutor, "GET", f"/api/v1/requests/{request_id}")).json()
    assert stored["facility"] == room.id
    assert [(b["interpreter"], b["starts_at"]) for b in stored["bookings"]] == [
        (ixchel, f"{NEXT_WEEK}T17:00:00Z")
    ]


async def test_a_coordinator_assigns_by_hand_and_then_replaces_the_interpreter(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    coordinator = await make_account(Role.COORDINATOR, "coord.hn@example.org", countries="HN")
    ana = await interpreter(1, display_name="Ana Tzul", skills=KICHE)
    ixchel = await interpreter(2, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    request = await ask(server, prosecutor, case_reference=CASE)
    booked = await ask(
        server, prosecutor, case_reference="FEVCTP-2026-0999", start=f"{NEXT_WEEK}T15:00:00"
    )
    taken = await api(
        server, prosecutor, "POST", f"/api/v1/requests/{booked['id']}/booking", {"interpreter": ana}
    )
    assert taken.status_code == 201, taken.text

    page = await open_as(open_page, coordinator, "/ui/requests.html")
    await expect(page.locator("#list tbody tr")).to_have_count(2)
    await page.get_by_label("Solo las pendientes de cubrir").check()
    await page.get_by_role("button", name="Mostrar").click()
    rows = page.locator("#list tbody tr")
    await expect(rows).to_have_count(1)
    await rows.get_by_role("link", name=CASE).click()

    await expect(page.get_by_label("Motivo de la asignación")).to_be_visible()
    await page.get_by_role("button", name="Asignar a Ana Tzul").click()
    reason = page.get_by_label("Motivo de la asignación")
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await reason.fill("Conoce la variante de la víctima")
    await page.get_by_role("button", name="Asignar a Ana Tzul").click()
    await expect(page.locator("#request-message")).to_have_text("Asignación hecha: Ana Tzul.")
    await expect(page.locator("#q-badge")).to_have_text("Confirmada")

    # Confirmed, the request can still be given to someone else, for a reason too.
    await page.get_by_label("Motivo de la asignación").fill("Ana Tzul está enferma")
    await page.get_by_role("button", name="Asignar a Ixchel Ajpop").click()
    await expect(page.locator("#request-message")).to_have_text("Asignación hecha: Ixchel Ajpop.")
    bookings = page.locator("#q-bookings tbody tr")
    await expect(bookings).to_have_count(2)
    await expect(bookings.filter(has_text="Ana Tzul")).to_contain_text("Reasignada")
    await expect(bookings.filter(has_text="Ixchel Ajpop")).to_contain_text("Confirmada")
    await expect(page.locator("#q-history")).to_contain_text("Ana Tzul está enferma")
    await page.screenshot(path=str(SCREENSHOTS / "request-assigned.png"), full_page=True)

    stored = (await api(server, coordinator, "GET", f"/api/v1/requests/{request['id']}")).json()
    assert stored["status"] == "confirmed"
    assert [(b["interpreter"], b["status"]) for b in stored["bookings"]] == [
        (ana, "reassigned"),
        (ixchel, "confirmed"),
    ]


async def test_a_prosecutor_replaces_a_suspended_interpreter_in_one_action(
    open_page: PageOpener, server: Server
) -> None:
    prosecutor = await prosecutor_in_tegucigalpa()
    coordinator = await make_account(Role.COORDINATOR, "coordinacion@example.org")
    ixchel = await interpreter(1, display_name="Ixchel Ajpop", skills=KICHE_BEST)
    await interpreter(2, display_name="Tomás Tzul", skills=KICHE)
    request = await ask(server, prosecutor, case_reference=CASE)
    path = f"/api/v1/requests/{request['id']}"
    booked = await api(server, prosecutor, "POST", f"{path}/booking", {"interpreter": ixchel})
    assert booked.status_code == 201, booked.text
    vetting = {"status": "suspended", "note": "Revisión en curso"}
    decided = await api(
        server, coordinator, "POST", f"/api/v1/interpreters/{ixchel}/vetting", vetting
    )
    assert decided.status_code == 200, decided.text

    page = await open_as(open_page, prosecutor, f"/ui/request.html?id={request['id']}")
    bookings = page.locator("#q-bookings")
    row = bookings.get_by_role("row").filter(has_text="Ixchel Ajpop")
    await expect(row).to_contain_text("Ya no puede interpretarla")
    await assert_accessible(page)
    await page.get_by_role("button", name="English").click()
    await expect(row).to_contain_text("May no longer interpret it")
    await page.get_by_role("button", name="Replace with the best one free").click()
    await expect(page.get_by_text("Interpreter replaced.")).to_be_visible()
    replacement = bookings.get_by_role("row").filter(has_text="Tomás Tzul")
    await expect(replacement).to_contain_text("Confirmed")
    await expect(page.locator("#restaff")).to_be_hidden()
    await assert_accessible(page)
    stored = (await api(server, prosecutor, "GET", path)).json()
    assert {(b["display_name"], b["status"]) for b in stored["bookings"]} == {
        ("Ixchel Ajpop", "reassigned"),
        ("Tomás Tzul", "confirmed"),
    }

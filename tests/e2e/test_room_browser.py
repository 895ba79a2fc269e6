"""The video room page in a real browser: Debian's chromium with fake camera and
microphone joins as the host through room.html, an aiortc client (tests/video/client.py)
joins as the interpreter, and each sees and hears the other through the real hub (uvicorn
in a subprocess, on loopback only)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aioice.ice
import httpx
import pytest
from playwright.async_api import Browser, Dialog, Page, async_playwright, expect

from tests.e2e.factories import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    PageOpener,
    Server,
    running_servers,
)
from tests.factories import Account
from tests.video.client import RoomClient
from tests.video.factories import VideoSession, add_guest, video_session, waiting_ids

pytestmark = pytest.mark.browser

# Chromium's synthetic camera (640×480) and tone, granted without asking.
MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
# What "the media flows" means here: a second or two of it.
FRAMES = 30
PACKETS = 50

INBOUND = """async () => {
  const call = window.__room && window.__room.call;
  if (!call || !call.pc) return null;
  const totals = {video: 0, audio: 0, samples: 0};
  (await call.pc.getStats()).forEach((s) => {
    if (s.type !== "inbound-rtp") return;
    if (s.kind === "video") totals.video += s.framesDecoded || 0;
    if (s.kind === "audio") {
      totals.audio += s.packetsReceived || 0;
      totals.samples += s.totalSamplesReceived || 0;
    }
  });
  return totals;
}"""


@pytest.fixture
def server() -> Iterator[Server]:
    """The real app, whose hub offers its loopback address (aioice never offers loopback
    by itself): one per test, so that no room outlives its test."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_servers(1, SCREENSHOTS / "room-server.log", VIDEO_HOST_ADDRESSES="127.0.0.1") as [
        running
    ]:
        yield Server(running.url)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Chromium with a fake camera and microphone (used by open_page)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture(autouse=True)
def loopback_candidates() -> Iterator[None]:
    """The aiortc client of this process offers loopback, the only network of the tests."""
    original = aioice.ice.get_host_addresses
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
    yield
    aioice.ice.get_host_addresses = original


async def inbound(page: Page, frames: int, packets: int, seconds: float = 30.0) -> dict[str, Any]:
    """The browser's received media once at least `frames` video frames were decoded and
    `packets` audio packets received (polling the peer connection's getStats)."""
    deadline = time.monotonic() + seconds
    totals: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        totals = await page.evaluate(INBOUND)
        # Samples count only audio that was decoded (for the tile's <video> to play).
        if (
            totals
            and totals["video"] >= frames
            and totals["audio"] >= packets
            and totals["samples"] > 0
        ):
            return totals
        await asyncio.sleep(0.2)
    raise AssertionError(f"the browser received too little: {totals}")


async def other_seat(client: RoomClient) -> dict[str, Any]:
    """The other participant as this client sees them, once they have mids."""
    while True:
        roster = await client.next("participants")
        others = [p for p in roster["participants"] if not p["you"]]
        if others and "video" in others[0]:
            return dict(others[0])


async def host_enters(page: Page, session: VideoSession) -> None:
    await page.goto(f"/ui/room.html#{session.host_token}")
    await expect(page.get_by_text(re.compile(r"Conexión con el servidor: correcta"))).to_be_visible(
        timeout=20_000
    )
    await page.get_by_role("button", name="Entrar", exact=True).click()
    await expect(page.get_by_role("heading", name="Dirección de la sesión")).to_be_visible()


async def interpreter_admitted(page: Page, server: Server, session: VideoSession) -> RoomClient:
    """The interpreter's aiortc client joins; the host admits it by clicking in the page."""
    interpreter = RoomClient(server.url, session.interpreter_token)
    joined = await interpreter.join()
    assert joined["state"] == "waiting"
    name = joined["you"]["name"]
    await page.get_by_role("button", name=f"Admitir a {name}").click()
    await interpreter.next("admitted")
    return interpreter


async def media_flows_both_ways(page: Page, interpreter: RoomClient) -> None:
    host = await other_seat(interpreter)
    assert host["role"] == "host"
    await interpreter.wait_frames(host["video"], FRAMES)
    await interpreter.wait_frames(host["audio"], PACKETS)
    await inbound(page, FRAMES, PACKETS)


async def test_the_host_admits_the_interpreter_sees_and_hears_them_and_ends_the_session(
    client: httpx.AsyncClient, prosecutor: Account, open_page: PageOpener, server: Server
) -> None:
    session = await video_session(client, prosecutor)
    page = await open_page(timezone_id="America/Tegucigalpa")
    await host_enters(page, session)
    tiles = page.get_by_role("list", name="Participantes").get_by_role("listitem")
    await expect(tiles).to_have_count(1)
    await expect(page.get_by_text("Nadie está esperando.")).to_be_visible()

    interpreter = await interpreter_admitted(page, server, session)
    try:
        await media_flows_both_ways(page, interpreter)
        # Two tiles; the interpreter's shows their 320×240 picture, with their name and role.
        await expect(tiles).to_have_count(2)
        other = tiles.filter(has_not=page.locator("video.mirror"))
        await expect(other).to_contain_text("Intérprete")
        await page.wait_for_function(
            """() => [...document.querySelectorAll('#tiles video:not(.mirror)')]
                 .some((v) => v.videoWidth === 320 && v.videoHeight === 240)"""
        )
        # The host's panel: the interpreter in the room, and measured connections.
        people = page.locator("#people-list")
        await expect(people.get_by_role("button", name=re.compile("^Silenciar a "))).to_be_visible()
        quality = page.locator("table.quality tbody tr")
        await expect(quality).to_have_count(2, timeout=10_000)
        await expect(quality.first).to_contain_text(re.compile(r"\d+\.\d"))
        await page.screenshot(path=str(SCREENSHOTS / "room-host.png"), full_page=True)

        async def accept(dialog: Dialog) -> None:
            assert "para todos" in dialog.message
            await dialog.accept()

        page.once("dialog", accept)
        await page.get_by_role("button", name="Terminar para todos").click()
        assert await interpreter.closed() == 4410
        await expect(page.get_by_text("La sesión ha terminado para todos.")).to_be_visible()
        state = await page.evaluate("() => window.__room.call.pc.connectionState")
        assert state == "closed"
        await expect(tiles).to_have_count(0)
        # No link opens the room again.
        again = await open_page()
        await again.goto(f"/ui/room.html#{session.interpreter_token}")
        await expect(again.get_by_role("alert")).to_contain_text("Esta sesión ha terminado.")
        await expect(again.get_by_role("button", name="Entrar", exact=True)).to_have_count(0)
    finally:
        await interpreter.close()


async def test_the_pre_join_page_checks_the_connection_and_refuses_a_forged_link(
    client: httpx.AsyncClient, prosecutor: Account, open_page: PageOpener
) -> None:
    session = await video_session(client, prosecutor)
    page = await open_page(timezone_id="America/Guatemala")
    await page.goto(f"/ui/room.html#{session.interpreter_token}")
    await expect(
        page.get_by_role("heading", name=re.compile(r" — Intérprete K'iche'"))
    ).to_be_visible()
    await expect(page.get_by_text("Horas en su zona horaria (America/Guatemala).")).to_be_visible()
    result = page.locator("#probe-result")
    await expect(result).to_have_text(
        re.compile(r"^Conexión con el servidor: correcta \(\d+ ms\)$"), timeout=20_000
    )
    # The fake camera and microphone are offered by name.
    await expect(page.get_by_label("Cámara", exact=True).locator("option")).not_to_have_count(0)
    await expect(page.get_by_label("Micrófono", exact=True).locator("option")).not_to_have_count(0)
    # The preview plays the (fake) camera.
    await page.wait_for_function("() => document.getElementById('preview').videoWidth > 0")
    await expect(page.get_by_role("button", name="Entrar", exact=True)).to_be_enabled()
    await page.screenshot(path=str(SCREENSHOTS / "room-prejoin.png"), full_page=True)
    # The page speaks English too, check result included.
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Video room")).to_be_visible()
    await expect(result).to_have_text(re.compile(r"^Connection to the server: working \(\d+ ms\)$"))
    await expect(page.get_by_role("button", name="Enter", exact=True)).to_be_visible()

    # The signature's last characters changed.
    forged = session.interpreter_token[:-8] + "x" * 8
    assert forged != session.interpreter_token
    refused = await open_page()
    await refused.goto(f"/ui/room.html#{forged}")
    alert = refused.get_by_role("alert")
    await expect(alert).to_contain_text("No puede entrar en la sala con este enlace")
    await expect(alert).to_contain_text("Este enlace para entrar no es válido.")
    await expect(refused.get_by_role("button", name="Entrar", exact=True)).to_have_count(0)
    await expect(refused.locator("#prejoin")).to_be_hidden()


async def test_recording_asks_everyone_for_consent_and_shows_while_it_runs(
    client: httpx.AsyncClient, prosecutor: Account, open_page: PageOpener, server: Server
) -> None:
    session = await video_session(client, prosecutor)
    # On a phone's screen.
    page = await open_page(viewport={"width": 390, "height": 844})
    await host_enters(page, session)
    interpreter = await interpreter_admitted(page, server, session)
    try:
        await media_flows_both_ways(page, interpreter)
        indicator = page.get_by_text("● Grabando")
        await expect(indicator).to_be_hidden()
        await page.get_by_role("button", name="Grabar", exact=True).click()

        # The interpreter and the host (in the page's dialog) both agree.
        request = await interpreter.next("consent_request")
        assert request["recording"] is False
        await interpreter.send({"type": "consent", "granted": True})
        dialog = page.get_by_role("dialog", name="Consentimiento para grabar")
        await expect(dialog).to_be_visible()
        await dialog.get_by_role("button", name="Acepto", exact=True).click()
        await expect(dialog).to_be_hidden()

        await expect(indicator).to_be_visible(timeout=10_000)
        assert (await interpreter.next("recording"))["active"] is True
        await page.screenshot(path=str(SCREENSHOTS / "room-mobile-recording.png"), full_page=True)
        await page.get_by_role("button", name="Detener la grabación").click()
        assert (await interpreter.next("recording"))["active"] is False
        await expect(indicator).to_be_hidden()
        await expect(page.get_by_role("button", name="Grabar", exact=True)).to_be_visible()

        # The host leaves: the page says so, and the interpreter is alone in the room.
        await page.get_by_role("button", name="Salir", exact=True).click()
        await expect(page.get_by_text("Ha salido de la sala.")).to_be_visible()
        while len((await interpreter.next("participants"))["participants"]) != 1:
            pass
    finally:
        await interpreter.close()


async def test_a_waiting_interpreter_is_told_when_the_host_turns_them_away(
    client: httpx.AsyncClient, prosecutor: Account, open_page: PageOpener, server: Server
) -> None:
    session = await video_session(client, prosecutor)
    host = RoomClient(server.url, session.host_token)
    try:
        await host.join()
        await host.next("admitted")
        page = await open_page()
        await page.goto(f"/ui/room.html#{session.interpreter_token}")
        await page.get_by_role("button", name="Entrar", exact=True).click()
        await expect(page.get_by_text("Esperando a que le admitan…")).to_be_visible()
        lobby = await host.next("lobby")
        while not lobby["waiting"]:
            lobby = await host.next("lobby")
        [waiting] = lobby["waiting"]
        await host.send({"type": "refuse", "participant": waiting["id"]})
        await expect(page.get_by_role("alert")).to_contain_text("No le han admitido en la sala.")
        await expect(page.get_by_text("Esperando a que le admitan…")).to_be_hidden()
    finally:
        await host.close()


async def audio_packets(page: Page) -> int:
    totals = await page.evaluate(INBOUND)
    return int(totals["audio"]) if totals else 0


async def test_the_host_mutes_the_interpreter_then_removes_them(
    client: httpx.AsyncClient, prosecutor: Account, open_page: PageOpener, server: Server
) -> None:
    session = await video_session(client, prosecutor)
    page = await open_page()
    await host_enters(page, session)
    interpreter = await interpreter_admitted(page, server, session)
    try:
        await media_flows_both_ways(page, interpreter)
        people = page.locator("#people-list")
        mute = people.get_by_role("button", name=re.compile("^Silenciar a "))
        name = (await mute.get_attribute("aria-label") or "").removeprefix("Silenciar a ")
        await mute.click()
        unmute = people.get_by_role("button", name=f"Activar el sonido de {name}")
        await expect(unmute).to_be_visible()
        await asyncio.sleep(0.5)  # packets already on their way
        heard = await audio_packets(page)
        await asyncio.sleep(1.5)
        # The hub no longer forwards their sound (50 packets a second while it did).
        assert await audio_packets(page) - heard <= 2

        async def accept(dialog: Dialog) -> None:
            assert name in dialog.message
            await dialog.accept()

        page.once("dialog", accept)
        await people.get_by_role("button", name=f"Retirar a {name}").click()
        assert await interpreter.closed() == 4410
        tiles = page.get_by_role("list", name="Participantes").get_by_role("listitem")
        await expect(tiles).to_have_count(1)
        await expect(people.get_by_role("button", name=f"Retirar a {name}")).to_have_count(0)
    finally:
        await interpreter.close()


async def test_with_the_host_gone_the_court_admits_from_its_page(
    client: httpx.AsyncClient, prosecutor: Account, open_page: PageOpener, server: Server
) -> None:
    session = await video_session(client, prosecutor)
    _, court_token = await add_guest(
        client, prosecutor, session.request_id, "court", display_name="Juzgado de Letras"
    )
    host = RoomClient(server.url, session.host_token)
    interpreter = RoomClient(server.url, session.interpreter_token)
    try:
        await host.join()
        await host.next("admitted")
        page = await open_page()
        await page.goto(f"/ui/room.html#{court_token}")
        await page.get_by_role("button", name="Entrar", exact=True).click()
        [court_id] = await waiting_ids(host, 1)
        await host.send({"type": "admit", "participant": court_id})
        await host.close()
        # The host is gone: the court's page gets the admitting panel.
        await expect(page.get_by_role("heading", name="Dirección de la sesión")).to_be_visible(
            timeout=15_000
        )
        joined = await interpreter.join()
        assert joined["state"] == "waiting"
        await page.get_by_role("button", name=f"Admitir a {joined['you']['name']}").click()
        await interpreter.next("admitted")
        court = await other_seat(interpreter)
        assert court["role"] == "court"
        await interpreter.wait_frames(court["video"], FRAMES)
        await inbound(page, FRAMES, PACKETS)
    finally:
        await interpreter.close()
        await host.close()

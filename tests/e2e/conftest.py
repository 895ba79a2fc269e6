"""Browser tests: the real server (uvicorn in a subprocess) and Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    async_playwright,
)

from tests.conftest import PASSWORD, TEST_OUTPUT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = TEST_OUTPUT / "browser"
STARTUP_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Server:
    url: str


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                with open(log_path, encoding="utf-8", errors="replace") as log:
                    pytest.fail(f"the server exited with {process.returncode}:\n{log.read()}")
            try:
                if http.get(f"{url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    pytest.fail(f"the server did not become healthy within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The real app on a free loopback port, sharing the tests' DATABASE_URL and DATA_DIR."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = str(SCREENSHOTS / "server.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "interpreters.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(url, process, log_path)
            yield Server(url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


class PageOpener(Protocol):
    async def __call__(self, **context_options: Any) -> Page: ...


@pytest.fixture
async def open_page(browser: Browser, server: Server) -> AsyncIterator[PageOpener]:
    """Opens pages in fresh browser contexts in Spanish (options such as timezone_id go to
    the context); fails the test on any script error in any of them."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # 4xx answers the UI handles itself are logged by chromium as resource errors.
        if message.type == "error" and "Failed to load resource" not in message.text:
            errors.append(message.text)

    async def opener(**context_options: Any) -> Page:
        options: dict[str, Any] = {"base_url": server.url, "locale": "es-419", **context_options}
        context = await browser.new_context(**options)
        contexts.append(context)
        opened = await context.new_page()
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.on("console", on_console)
        return opened

    try:
        yield opener
    finally:
        for context in contexts:
            await context.close()
    assert errors == [], errors


@pytest.fixture
async def page(open_page: PageOpener) -> Page:
    """A fresh browser context in Spanish; fails the test on any script error."""
    return await open_page()


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/ui/")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()

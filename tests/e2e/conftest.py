"""Browser tests: the real server (uvicorn in a subprocess) and Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
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


@contextmanager
def running_servers(count: int, log_dir: Path) -> Iterator[list[Server]]:
    """`count` processes of the real app, each on its own free loopback port, all sharing
    the tests' DATABASE_URL and DATA_DIR; each one's output goes to log_dir/server-N.log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    started: list[tuple[subprocess.Popen[bytes], str, str]] = []
    with ExitStack() as logs:
        try:
            for n in range(count):
                url = f"http://127.0.0.1:{_free_port()}"
                log_path = str(log_dir / f"server-{n}.log")
                log = logs.enter_context(open(log_path, "wb"))
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
                        url.rsplit(":", 1)[1],
                    ],
                    env=os.environ.copy(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                started.append((process, url, log_path))
            for process, url, log_path in started:
                _wait_until_healthy(url, process, log_path)
            yield [Server(url) for _, url, _ in started]
        finally:
            for process, _, _ in started:
                process.terminate()
            for process, _, _ in started:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The real app on a free loopback port, for the browser tests."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    with running_servers(1, SCREENSHOTS) as [only]:
        yield only


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

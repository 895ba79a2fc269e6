"""Browser and multi-process tests: the real server (uvicorn in subprocesses), Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
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

from tests.factories import PASSWORD, TEST_OUTPUT

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


@dataclass(frozen=True, slots=True)
class ServerProcess:
    """The real app (uvicorn) in a subprocess on a free loopback port, sharing the tests'
    DATABASE_URL and DATA_DIR; `env` adds or overrides settings."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @classmethod
    def launch(cls, log_path: Path, **env: str) -> ServerProcess:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        # Appended: restarts of one test's servers share its log.
        with log_path.open("ab") as log:
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
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return cls(f"http://127.0.0.1:{port}", process, log_path)

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        with httpx.Client(timeout=2.0) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    log = self.log_path.read_text(encoding="utf-8", errors="replace")
                    pytest.fail(f"the server exited with {self.process.returncode}:\n{log}")
                try:
                    if http.get(f"{self.url}/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        pytest.fail(f"the server did not become healthy within {STARTUP_SECONDS} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind, as a crash or a power cut."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def running_servers(count: int, log_path: Path, **env: str) -> Iterator[list[ServerProcess]]:
    """`count` servers started at once (each healthy before this yields), stopped after."""
    servers = [ServerProcess.launch(log_path, **env) for _ in range(count)]
    try:
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with running_servers(1, SCREENSHOTS / "server.log") as [running]:
        yield Server(running.url)


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

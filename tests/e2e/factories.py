"""The real server in subprocesses, Debian's chromium, and the people and requests the browser
tests share: a prosecutor in Tegucigalpa, the API as a script uses it, signing in."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
from playwright.async_api import Page, expect

from interpreters.principal import Role
from tests.bookings.factories import request_body
from tests.factories import (
    PASSWORD,
    SECRETS,
    TEST_OUTPUT,
    Account,
    code_of,
    make_account,
    make_institution,
)

# Installed by `make install` from tests/e2e/package-lock.json.
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
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

# The case and the skills of the interpreters in the browser tests of requests.
CASE = "FEVCTP-2026-0456"
KICHE = [{"language": "quc", "working_language": "spa", "proficiency": 4}]
KICHE_BEST = [{"language": "quc", "working_language": "spa", "proficiency": 5}]


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
    """The real app (`interpreters serve`) in a subprocess on a free loopback port, sharing
    the tests' DATABASE_URL and DATA_DIR; `env` adds or overrides settings. Reached as
    `host_name` (its PUBLIC_URL too, unless the address): passkeys need a name such as
    localhost."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @classmethod
    def launch(cls, log_path: Path, host_name: str = "127.0.0.1", **env: str) -> ServerProcess:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        url = f"http://{host_name}:{port}"
        if host_name != "127.0.0.1":
            env = {"PUBLIC_URL": url, **env}
        # Appended: restarts of one test's servers share its log.
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                # The command line operators run, with its proxy settings.
                [
                    sys.executable,
                    "-m",
                    "interpreters",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return cls(url, process, log_path)

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
def running_servers(
    count: int, log_path: Path, host_name: str = "127.0.0.1", **env: str
) -> Iterator[list[ServerProcess]]:
    """`count` servers started at once (each healthy before this yields), stopped after."""
    servers = [ServerProcess.launch(log_path, host_name, **env) for _ in range(count)]
    try:
        for server in servers:
            server.wait_until_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


class PageOpener(Protocol):
    async def __call__(self, **context_options: Any) -> Page: ...


async def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Signs in on the sign-in page in Spanish: the password, then the authenticator app's
    code when the account has one."""
    await page.goto("/ui/")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(password)
    await page.get_by_role("button", name="Entrar").click()
    if email in SECRETS:
        await page.get_by_label("Código de verificación").fill(code_of(email))
        await page.get_by_role("button", name="Verificar").click()


async def assert_accessible(page: Page) -> None:
    """Fails on any WCAG 2.1 A or AA violation axe-core finds in the page as it is now.
    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy (no inline scripts) does not govern."""
    if not await page.evaluate("typeof axe !== 'undefined'"):
        await page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    violations = await page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        })).violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(" "))}))"""
    )
    assert violations == [], violations


async def prosecutor_in_tegucigalpa() -> Account:
    office = await make_institution("HN", "prosecutor_office", "America/Tegucigalpa")
    return await make_account(Role.PROSECUTOR, "fiscal@example.org", institution_id=office)


async def api(
    server: Server, account: Account, method: str, path: str, body: Any = None
) -> httpx.Response:
    """The API as a script would use it (bearer token, no CSRF)."""
    async with httpx.AsyncClient(base_url=server.url, headers=account.headers) as http:
        return await http.request(method, path, json=body)


async def ask(server: Server, account: Account, **changes: Any) -> dict[str, Any]:
    created = await api(server, account, "POST", "/api/v1/requests", request_body(**changes))
    assert created.status_code == 201, created.text
    answer: dict[str, Any] = created.json()
    return answer


async def open_as(open_page: PageOpener, account: Account, path: str) -> Page:
    page = await open_page(timezone_id="Europe/Madrid")
    await sign_in(page, account.email)
    await expect(page).not_to_have_url(re.compile(r"/ui/(index\.html)?$"))
    await page.goto(path)
    return page

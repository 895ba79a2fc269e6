"""Browser and multi-process tests: the real server (uvicorn in subprocesses), Debian's chromium."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    async_playwright,
)

from tests.e2e.factories import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    PageOpener,
    Server,
    running_servers,
)


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

"""What every answer tells the browser: hold the page to this origin, send no referrer."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import app_client

PAGES = ["/ui/index.html", "/ui/search.html", "/schema", "/api/v1/auth/me", "/health", "/nope"]


@pytest.mark.parametrize("path", PAGES)
async def test_every_answer_carries_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    headers = (await client.get(path)).headers
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    assert "microphone=()" in headers["permissions-policy"]
    # Plain http here: no HSTS, which would lock a browser out of an http-only service.
    assert "strict-transport-security" not in headers


async def test_only_the_room_page_may_ask_for_camera_and_microphone(
    client: httpx.AsyncClient,
) -> None:
    room = (await client.get("/ui/room.html")).headers["permissions-policy"]
    assert "camera=(self)" in room
    assert "microphone=(self)" in room
    other = (await client.get("/ui/request.html")).headers["permissions-policy"]
    assert "camera=()" in other


async def test_pages_served_over_https_ask_for_https_from_then_on() -> None:
    async with app_client("https://testserver.local") as client:
        headers = (await client.get("/ui/index.html")).headers
    assert headers["strict-transport-security"].startswith("max-age=31536000")


async def test_the_api_page_loads_nothing_from_another_site(client: httpx.AsyncClient) -> None:
    page = await client.get("/schema")
    assert page.status_code == 200
    assert "<script>" not in page.text.replace(" ", "")
    assert "http" not in page.text.lower().replace("http-equiv", "")
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        served = await client.get(f"/schema/assets/{asset}")
        assert served.status_code == 200, asset
    assert (await client.get("/ui/js/api-docs.js")).status_code == 200

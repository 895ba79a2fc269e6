"""A real hub: the app served by uvicorn on loopback in the tests' own event loop (it shares
their database pool). The sessions its rooms are for come from tests/video/factories.py."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator

import aioice.ice
import httpx
import pytest
import uvicorn

from interpreters.app import create_app
from interpreters.video import signaling
from tests.factories import Account
from tests.video.factories import People, VideoSession, video_session


@pytest.fixture(scope="session", autouse=True)
def loopback_candidates() -> Iterator[None]:
    """aioice never offers loopback addresses; the hub's only network here is loopback
    (what VIDEO_HOST_ADDRESSES=127.0.0.1 does for a served process)."""
    original = aioice.ice.get_host_addresses
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
    yield
    aioice.ice.get_host_addresses = original


@pytest.fixture
async def hub() -> AsyncIterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn sets a flag, no event)
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    await signaling.rooms.close_all()
    server.should_exit = True
    await serving


@pytest.fixture
async def people(hub: str) -> AsyncIterator[People]:
    crowd = People(hub)
    yield crowd
    for person in crowd.clients:
        await person.close()


@pytest.fixture
async def session(client: httpx.AsyncClient, prosecutor: Account) -> VideoSession:
    return await video_session(client, prosecutor)

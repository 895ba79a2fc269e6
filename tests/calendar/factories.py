"""Sessions and participants shared by the calendar tests, the type of their second parser
(ical.js, the `icaljs` fixture), and the calendar feeds of users with sessions, which tests of
other packages read too."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
from icalendar import Component, vCalAddress, vDDDTypes

from interpreters.calendar import Organizer, Recipient, Session
from tests.factories import Account

# The `icaljs` fixture: parses iCalendar files with ical.js, one dict per file.
IcalJs = Callable[[Sequence[bytes]], list[dict[str, Any]]]

ORGANIZER = Organizer("agenda@interpretes.example.org", "Banco regional de intérpretes")
DOMAIN = "interpretes.example.org"

# One instant in every zone: 16:00 UTC is 10:00 in Tegucigalpa and 09:00 (PDT) in Tijuana.
FIRST_START = datetime(2027, 10, 28, 16, 0, tzinfo=UTC)
# Moved across the end of daylight saving time in Tijuana (7 November 2027): 17:00 UTC is
# still 09:00 there (PST), and 11:00 in Tegucigalpa, which keeps no DST.
SECOND_START = datetime(2027, 11, 9, 17, 0, tzinfo=UTC)

REQUESTER = Recipient("fiscal.hn@fiscalia.example.org", "Fiscalía de Tegucigalpa", "requester")
INTERPRETER = Recipient(
    "ana.kiche@correo.example.net",
    "Ana Tzul",
    "interpreter",
    language="en",
    join_url="https://video.interpretes.example.org/join/ana-7f3c",
    answer="ACCEPTED",
)
GUEST = Recipient(
    "defensa@bufete.example.com",
    "Licda. Rivera (defensa)",
    "guest",
    join_url="https://video.interpretes.example.org/join/guest-91ab",
)
COORDINATOR = Recipient("coordinacion@interpretes.example.org", "Coordinación HN", "coordinator")
EVERYONE = (REQUESTER, INTERPRETER, GUEST, COORDINATOR)


def session(zone: str) -> Session:
    return Session(
        request_id=1207,
        session_kind="court_hearing",
        language="quc",
        working_language="spa",
        modality="video",
        place="",
        starts_at=FIRST_START,
        duration_minutes=90,
        timezone=zone,
    )


def steps(zone: str) -> dict[str, Session]:
    """The life of one session: created, moved once, then cancelled."""
    created = session(zone)
    moved = replace(created, starts_at=SECOND_START, sequence=1)
    return {
        "create": created,
        "reschedule": moved,
        "cancel": replace(moved, sequence=2, status="cancelled"),
    }


def attendees_of(event: Component) -> list[vCalAddress]:
    """The event's ATTENDEE properties, which must be several addresses (icalendar gives one
    alone as a bare address, not a list)."""
    found = event["ATTENDEE"]
    assert isinstance(found, list), found
    addresses = []
    for address in found:
        assert isinstance(address, vCalAddress), address
        addresses.append(address)
    return addresses


def start_of(event: Component) -> datetime:
    """The event's DTSTART, which must be a date and time (not a date alone)."""
    start = event["DTSTART"]
    assert isinstance(start, vDDDTypes), start
    assert isinstance(start.dt, datetime), start.dt
    return start.dt


def unfolded(ics: bytes) -> str:
    """The text with folded lines joined and escapes removed, for searching in it."""
    text = ics.decode().replace("\r\n ", "").replace("\r\n\t", "")
    return re.sub(r"\\([,;\\])", r"\1", text).replace("\\n", "\n")


# What the feeds of users with sessions must never show. Distinctive, so that a search of every
# body finds them if they leak.
PSEUDONYM = "Colibrí-Escondido-4417"
CASE = "CASO-RESERVADO-90210"
COMMUNITY = "Aldea Quetzaltepeque"
SECRET = {"victim_pseudonym": PSEUDONYM, "case_reference": CASE, "community": COMMUNITY}


async def subscribe(client: httpx.AsyncClient, account: Account) -> dict[str, Any]:
    made = await client.post("/api/v1/calendar/feed", headers=account.headers)
    assert made.status_code == 201, made.text
    urls: dict[str, Any] = made.json()
    return urls


async def read_feed(client: httpx.AsyncClient, url: str) -> httpx.Response:
    # Calendar apps send no cookie and no header of ours: the address is all they have.
    return await client.get(httpx.URL(url).path)


async def feed_of(client: httpx.AsyncClient, account: Account) -> bytes:
    response = await read_feed(client, (await subscribe(client, account))["url"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return response.content

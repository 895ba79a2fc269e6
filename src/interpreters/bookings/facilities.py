"""Rooms of each country (a Cámara Gesell, a hearing room) and the sessions holding them.

Prosecutors and courts see their institution's country's rooms, coordinators those of their
countries; only the coordinators of a room's country add or change it. A retired room keeps
its holds but can no longer be named by new requests.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from interpreters import audit, db
from interpreters.availability import aware, zone
from interpreters.bookings.schemas import (
    FacilityIn,
    FacilityOut,
    FacilityQuery,
    FacilityUpdate,
    HoldOut,
    HoldsOut,
    HoldsQuery,
)
from interpreters.bookings.tables import FacilityBooking
from interpreters.errors import Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal, Role
from interpreters.sessions import ROOM_TAKEN, Facility, status_values


@cache
def country_zones() -> dict[str, frozenset[str]]:
    """Each country's zones, from the pinned tzdata's zone.tab (as the zone rules are)."""
    table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    zones: dict[str, set[str]] = defaultdict(set)
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _, name = line.split("\t")[:3]
            zones[country].add(name)
    return {country: frozenset(names) for country, names in zones.items()}


def _require_zone(country: str, name: str) -> None:
    if name not in country_zones().get(country, frozenset()):
        raise InvalidInput(
            "'{name}' is not a time zone of {country}.", "timezone", name=name, country=country
        )


def _may_see(viewer: Principal, country: str) -> bool:
    if viewer.role in {Role.PROSECUTOR, Role.COURT}:
        return viewer.country == country
    return viewer.coordinates({country})


async def facility_row(viewer: Principal, facility_id: int) -> dict[str, Any]:
    row = await Facility.select().where(Facility.id == facility_id).first()
    # Another country's room does not exist for the viewer.
    if row is None or not _may_see(viewer, row["country"]):
        raise NotFound("No room {id} in your country.", "facility", id=facility_id)
    return row


async def list_facilities(viewer: Principal, query: FacilityQuery) -> list[FacilityOut]:
    conditions = []
    if viewer.role in {Role.PROSECUTOR, Role.COURT}:
        conditions.append(Facility.country == viewer.country)
    elif viewer.countries:
        conditions.append(Facility.country.is_in(sorted(viewer.countries)))
    if query.country is not None:
        conditions.append(Facility.country == query.country)
    if query.active is not None:
        conditions.append(Facility.active.eq(query.active))
    select = Facility.select().order_by(Facility.country).order_by(Facility.name)
    rows = await (select.where(*conditions) if conditions else select)
    return [FacilityOut.model_validate(row) for row in rows]


async def create_facility(actor: Principal, data: FacilityIn) -> FacilityOut:
    if not actor.coordinates({data.country}):
        raise Forbidden("This country is outside your scope.", field="country")
    _require_zone(data.country, data.timezone)
    room = Facility(**data.model_dump(mode="json"))
    async with db.transaction():
        await room.save()
        await audit.record(actor, "create", "facility", room.id, list(FacilityIn.model_fields))
    return FacilityOut.model_validate(await facility_row(actor, int(room.id)))


async def update_facility(actor: Principal, facility_id: int, data: FacilityUpdate) -> FacilityOut:
    row = await facility_row(actor, facility_id)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if not changes:
        raise InvalidInput("Send at least one field to change.", field="body")
    nulls = [field for field, value in changes.items() if value is None]
    if nulls:
        raise InvalidInput("This field cannot be emptied.", field=nulls[0])
    if "timezone" in changes:
        _require_zone(row["country"], changes["timezone"])
    async with db.transaction():
        await Facility.update(**changes).where(Facility.id == facility_id)
        await audit.record(actor, "update", "facility", facility_id, list(changes))
    return FacilityOut.model_validate(await facility_row(actor, facility_id))


async def holds(viewer: Principal, facility_id: int, query: HoldsQuery) -> HoldsOut:
    """The sessions holding the room from `start` for `days`, in the room's zone."""
    row = await facility_row(viewer, facility_id)
    local = zone(row["timezone"])
    start = (aware(query.start, row["timezone"]) if query.start else datetime.now(UTC)).astimezone(
        local
    )
    # Local days: a change of daylight-saving time neither adds nor loses an hour.
    end = start + timedelta(days=query.days)
    rows = (
        await FacilityBooking.select(
            FacilityBooking.request, FacilityBooking.starts_at, FacilityBooking.ends_at
        )
        .where(
            FacilityBooking.facility == facility_id,
            FacilityBooking.status.is_in(status_values(ROOM_TAKEN)),
            FacilityBooking.starts_at < end.astimezone(UTC),
            FacilityBooking.ends_at > start.astimezone(UTC),
        )
        .order_by(FacilityBooking.starts_at)
    )
    return HoldsOut(
        facility=facility_id,
        timezone=row["timezone"],
        start=start,
        end=end.astimezone(local),
        holds=[
            HoldOut(
                request=hold["request"],
                starts_at=hold["starts_at"].astimezone(local),
                ends_at=hold["ends_at"].astimezone(local),
            )
            for hold in rows
        ],
    )

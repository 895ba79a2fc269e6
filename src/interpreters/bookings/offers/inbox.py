"""What an interpreter sees of the work offered to them and booked for them.

The session as they need it to decide, on their own clock; never the victim's pseudonym or
community, which are not even read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from interpreters import registry
from interpreters.bookings.offers.schemas import AssignmentOut, OfferFilter, OfferOut
from interpreters.bookings.tables import Offer
from interpreters.errors import NotFound
from interpreters.principal import Principal
from interpreters.registry import Modality
from interpreters.sessions import Booking, OfferStatus

MOST_LISTED = 200
PAST_ASSIGNMENTS = timedelta(days=30)


def _session_columns(request: Any) -> list[Any]:
    """The request's columns an interpreter may see, through a foreign key to it."""
    return [
        request.as_alias("request"),
        request.case_reference.as_alias("case_reference"),
        request.session_kind.as_alias("session_kind"),
        request.variety.as_alias("variety"),
        request.mode.as_alias("mode"),
        request.modality.as_alias("modality"),
        request.place.as_alias("place"),
        request.duration_minutes.as_alias("duration_minutes"),
        request.interpreters_needed.as_alias("interpreters_needed"),
        request.institution.name.as_alias("institution"),
        request.institution.country.as_alias("country"),
    ]


def _session(row: dict[str, Any], zone: ZoneInfo, start: datetime) -> dict[str, Any]:
    return {
        **row,
        "place": row["place"] if row["modality"] == Modality.ON_SITE.value else None,
        "starts_at": start.astimezone(zone),
        "ends_at": (start + timedelta(minutes=row["duration_minutes"])).astimezone(zone),
        "team": row["interpreters_needed"] > 1,
    }


async def own_zone(viewer: Principal) -> ZoneInfo:
    if viewer.interpreter_id is None:
        raise NotFound("No interpreter with id {id}.", id=viewer.interpreter_id)
    return ZoneInfo((await registry.interpreter(viewer.interpreter_id)).timezone)


OFFER_COLUMNS = [
    Offer.id,
    Offer.status,
    Offer.starts_at,
    Offer.sent_at,
    Offer.answered_at,
    Offer.request.language.as_alias("language"),
    Offer.request.working_language.as_alias("working_language"),
    *_session_columns(Offer.request),
]


async def offers(
    viewer: Principal, which: OfferFilter, offer_id: int | None = None
) -> list[OfferOut]:
    """The viewer's own offers, newest first; open ones only unless all are asked for."""
    zone = await own_zone(viewer)
    conditions = [Offer.interpreter == viewer.interpreter_id]
    if which is OfferFilter.OPEN:
        conditions.append(Offer.status == OfferStatus.OPEN.value)
    if offer_id is not None:
        conditions.append(Offer.id == offer_id)
    rows = (
        await Offer.select(*OFFER_COLUMNS)
        .where(*conditions)
        .order_by(Offer.id, ascending=False)
        .limit(MOST_LISTED)
    )
    return [OfferOut.model_validate(_session(row, zone, row["starts_at"])) for row in rows]


async def assignments(viewer: Principal) -> list[AssignmentOut]:
    """The viewer's bookings from 30 days ago on, soonest first, whatever became of them."""
    zone = await own_zone(viewer)
    rows = (
        await Booking.select(
            Booking.id,
            Booking.role,
            Booking.status,
            Booking.starts_at,
            # A relay leg covers its own pair, not the request's.
            Booking.language,
            Booking.working_language,
            *_session_columns(Booking.request),
        )
        .where(
            Booking.interpreter == viewer.interpreter_id,
            Booking.ends_at >= datetime.now(UTC) - PAST_ASSIGNMENTS,
        )
        .order_by(Booking.starts_at)
        .limit(MOST_LISTED)
    )
    return [AssignmentOut.model_validate(_session(row, zone, row["starts_at"])) for row in rows]

"""The rules of interpretation requests: who asks, what they may ask, who sees it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from interpreters import audit, auth, db, registry
from interpreters.availability import aware
from interpreters.bookings.rules import default_credentials, interpreters_needed
from interpreters.bookings.schemas import (
    BookingOut,
    CredentialRuleIn,
    CredentialRuleOut,
    RequestIn,
    RequestOut,
    RequestPage,
    SessionKind,
)
from interpreters.bookings.tables import CredentialRule, RequestEvent
from interpreters.errors import Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal, Role
from interpreters.sessions import (
    UNFILLED,
    Amendment,
    Booking,
    Facility,
    InterpretationRequest,
    RequestRecord,
    RequestStatus,
    status_values,
    visible_request,
)

DEFAULT_WORKING_LANGUAGE = "spa"


async def required_credentials(country: str, kind: SessionKind) -> list[list[str]]:
    """The country's own rule for this kind of session, or the default one."""
    rule = (
        await CredentialRule.select(CredentialRule.required_credentials)
        .where(CredentialRule.country == country, CredentialRule.session_kind == kind.value)
        .output(load_json=True)
        .first()
    )
    return default_credentials(kind) if rule is None else rule["required_credentials"]


async def record_event(
    request_id: int,
    status: RequestStatus | Amendment,
    actor: Principal,
    note: str = "",
    late: bool = False,
) -> None:
    """Append one change of status, or of the session that keeps it; call it inside the
    transaction that makes it."""
    await RequestEvent.insert(
        RequestEvent(
            request=request_id, status=str(status), by_user=actor.user_id, note=note, late=late
        )
    )


async def bookings_of(request_ids: list[int]) -> dict[int, list[BookingOut]]:
    """The interpreters booked for each request, all requests in one query."""
    found: dict[int, list[BookingOut]] = {i: [] for i in request_ids}
    if not request_ids:
        return found
    rows = (
        await Booking.select(
            *Booking.all_columns(exclude=[Booking.blocked_until, Booking.booked_by]),
            Booking.interpreter.display_name.as_alias("display_name"),
        )
        .where(Booking.request.is_in(request_ids))
        .order_by(Booking.id)
    )
    records = await registry.interpreters([row["interpreter"] for row in rows])
    for row in rows:
        record = records.get(row["interpreter"])
        fit = record is not None and record.vetted_on(row["starts_at"].date())
        found[row["request"]].append(BookingOut.model_validate({**row, "fit": fit}))
    return found


async def request_views(requests: list[RequestRecord]) -> list[RequestOut]:
    bookings = await bookings_of([request.id for request in requests])
    views = []
    for request in requests:
        zone = ZoneInfo(request.timezone)
        views.append(
            RequestOut.model_validate(
                {
                    **asdict(request),
                    # Shown in the requester's zone; stored in UTC.
                    "earliest_start": request.earliest_start.astimezone(zone),
                    "latest_start": request.latest_start.astimezone(zone),
                    "preferred_gender": request.preferred_gender or None,
                    "bookings": bookings[request.id],
                }
            )
        )
    return views


async def _facility(facility_id: int | None, country: str) -> int | None:
    """A requester books only an active room of their own country."""
    if facility_id is None:
        return None
    found = await Facility.exists().where(
        Facility.id == facility_id, Facility.country == country, Facility.active.eq(True)
    )
    if not found:
        raise InvalidInput("No room {id} in your country.", "facility", id=facility_id)
    return facility_id


async def create_request(actor: Principal, data: RequestIn) -> RequestOut:
    if actor.institution_id is None:
        raise Forbidden("Only a prosecutors' office or a court asks for interpreters.")
    institution = await auth.institution(actor.institution_id)
    if institution is None:
        raise NotFound("No institution with id {id}.", id=actor.institution_id)
    zone = institution.timezone
    earliest = aware(data.start, zone).astimezone(UTC)
    latest = aware(data.latest_start, zone).astimezone(UTC) if data.latest_start else earliest
    if earliest <= datetime.now(UTC):
        raise InvalidInput("The session starts in the past.", "start")
    request = InterpretationRequest(
        institution=institution.id,
        requested_by=actor.user_id,
        country=institution.country,
        timezone=zone,
        **data.model_dump(
            include={
                "case_reference",
                "victim_pseudonym",
                "session_kind",
                "language",
                "variety",
                "mode",
                "modality",
                "place",
                "community",
                "duration_minutes",
                "min_proficiency",
                "same_interpreter",
                "urgency",
            }
        ),
        working_language=data.working_language or DEFAULT_WORKING_LANGUAGE,
        earliest_start=earliest,
        latest_start=latest,
        required_credentials=[
            *await required_credentials(institution.country, data.session_kind),
            *([kind.value] for kind in dict.fromkeys(data.extra_credentials)),
        ],
        facility=await _facility(data.facility, institution.country),
        interpreters_needed=interpreters_needed(data.mode, data.duration_minutes),
        preferred_gender=data.preferred_gender.value if data.preferred_gender else "",
        status=RequestStatus.REQUESTED.value,
    )
    async with db.transaction():
        await request.save()
        await record_event(request.id, RequestStatus.REQUESTED, actor)
        await audit.record(actor, "create_request", "interpretation_request", request.id)
    return await get_request(actor, int(request.id))


async def get_request(viewer: Principal, request_id: int) -> RequestOut:
    [view] = await request_views([await visible_request(viewer, request_id)])
    return view


async def list_requests(
    viewer: Principal,
    status: RequestStatus | None,
    unfilled: bool | None,
    limit: int,
    offset: int,
) -> RequestPage:
    query = InterpretationRequest.select().output(load_json=True)
    count = InterpretationRequest.count()
    conditions = []
    if viewer.role in {Role.PROSECUTOR, Role.COURT}:
        conditions.append(InterpretationRequest.institution == viewer.institution_id)
    elif viewer.countries:
        conditions.append(InterpretationRequest.country.is_in(sorted(viewer.countries)))
    if status is not None:
        conditions.append(InterpretationRequest.status == status.value)
    if unfilled is not None:
        among = InterpretationRequest.status.is_in(status_values(UNFILLED))
        conditions.append(
            among if unfilled else InterpretationRequest.status.not_in(status_values(UNFILLED))
        )
    if conditions:
        query = query.where(*conditions)
        count = count.where(*conditions)
    rows = await query.order_by(InterpretationRequest.earliest_start).limit(limit).offset(offset)
    records = [RequestRecord.from_row(row) for row in rows]
    return RequestPage(total=await count, items=await request_views(records))


async def credential_rules(viewer: Principal, country: str) -> list[CredentialRuleOut]:
    custom = {
        row["session_kind"]: row["required_credentials"]
        for row in await CredentialRule.select(
            CredentialRule.session_kind, CredentialRule.required_credentials
        )
        .where(CredentialRule.country == country)
        .output(load_json=True)
    }
    return [
        CredentialRuleOut(
            country=country,
            session_kind=kind,
            required_credentials=custom.get(kind.value, default_credentials(kind)),
            custom=kind.value in custom,
        )
        for kind in SessionKind
    ]


async def set_credential_rule(
    actor: Principal, country: str, kind: SessionKind, data: CredentialRuleIn | None
) -> list[CredentialRuleOut]:
    """A country's own requirement for a kind of session; None returns to the default."""
    if not actor.coordinates({country}):
        raise Forbidden("This country is outside your scope.", field="country")
    groups = (
        [sorted({k.value for k in group}) for group in data.required_credentials] if data else None
    )
    async with db.transaction():
        await CredentialRule.delete().where(
            CredentialRule.country == country, CredentialRule.session_kind == kind.value
        )
        if groups is not None:
            await CredentialRule.insert(
                CredentialRule(
                    country=country,
                    session_kind=kind.value,
                    required_credentials=groups,
                    updated_by=actor.user_id,
                )
            )
        await audit.record(
            actor, "set_credential_rule", "credential_rule", None, [f"{country}.{kind.value}"]
        )
    return await credential_rules(actor, country)

"""The rules of rooms outside the room itself: who may see and hand out links, and who may
download recordings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interpreters import audit, auth
from interpreters.db import transaction
from interpreters.errors import Conflict, InvalidInput, NotFound
from interpreters.principal import Principal, Role
from interpreters.sessions import RequestRecord, RequestStatus, session_times, visible_request
from interpreters.settings import get_settings
from interpreters.video import links
from interpreters.video.links import ROLE_LABELS, RoomRole
from interpreters.video.peer import configuration
from interpreters.video.recording import custody
from interpreters.video.schemas import (
    CustodyOut,
    GuestIn,
    GuestRole,
    IceServer,
    RecordingOut,
    RoomParticipantOut,
    SeatOut,
)
from interpreters.video.tables import CustodyEvent, Recording, RoomParticipant

SHARED_ROLES = {RoomRole.HOST, RoomRole.COURT, RoomRole.VICTIM, RoomRole.DEFENCE, RoomRole.OBSERVER}


def ice_servers() -> list[IceServer]:
    """The browsers' ICE servers: the hub's own (one reading of the settings for both)."""
    return [
        IceServer(urls=str(server.urls), username=server.username, credential=server.credential)
        for server in configuration().iceServers or []
    ]


async def check(token: str) -> SeatOut:
    seat = await links.seat_of(token)
    times = await session_times(seat.request_id)
    assert times is not None, "seat_of refuses a session without bookings"
    return SeatOut(
        participant=seat.participant_id,
        name=seat.display_name,
        role=seat.role.value,
        label=seat.label,
        starts_at=times[0],
        ends_at=times[1],
        opens_at=seat.opens_at,
        closes_at=seat.closes_at,
        ice_servers=ice_servers(),
    )


async def _hosted_request(actor: Principal, request_id: int) -> RequestRecord:
    """A confirmed video request of the actor's institution (its prosecutors and courts)."""
    if actor.role not in {Role.PROSECUTOR, Role.COURT}:
        raise NotFound("No request with id {id}.", id=request_id)
    request = await visible_request(actor, request_id)
    if not request.is_video or request.status != RequestStatus.CONFIRMED:
        raise Conflict("Only a confirmed video session has a room.")
    return request


def _out(row: dict[str, Any]) -> RoomParticipantOut:
    shared = RoomRole(row["role"]) in SHARED_ROLES and row["revoked_at"] is None
    return RoomParticipantOut(
        id=row["id"],
        role=row["role"],
        display_name=row["display_name"],
        label=row["label"],
        revoked=row["revoked_at"] is not None,
        link=links.url_of(links.token_of(row["id"], row["nonce"])) if shared else None,
    )


async def room_participants(actor: Principal, request_id: int) -> list[RoomParticipantOut]:
    request = await _hosted_request(actor, request_id)
    async with transaction():
        host = await auth.account(request.requested_by)
        await links.host_link(request, host.display_name if host else "")
        await audit.record(actor, "read_room_links", "interpretation_request", request_id)
    rows = (
        await RoomParticipant.select()
        .where(RoomParticipant.request == request_id)
        .order_by(RoomParticipant.id)
    )
    return [_out(row) for row in rows]


async def add_guest(actor: Principal, request_id: int, data: GuestIn) -> RoomParticipantOut:
    await _hosted_request(actor, request_id)
    user_id = None
    if data.user_email is not None:
        user_id = await auth.court_account(str(data.user_email))
        if data.role is not GuestRole.COURT or user_id is None:
            raise InvalidInput("Only a court's user account can be linked.", "user_email")
    role = RoomRole(data.role.value)
    async with transaction():
        inserted = await RoomParticipant.insert(
            RoomParticipant(
                request=request_id,
                role=role.value,
                display_name=data.display_name,
                label=data.label or ROLE_LABELS[role],
                user_id=user_id,
                nonce=links.new_nonce(),
                created_by=actor.user_id,
            )
        ).returning(*RoomParticipant.all_columns())
        await audit.record(actor, "add_room_participant", "room_participant", inserted[0]["id"])
    return _out(inserted[0])


async def _participant(actor: Principal, request_id: int, participant_id: int) -> None:
    await _hosted_request(actor, request_id)
    found = await RoomParticipant.exists().where(
        RoomParticipant.id == participant_id, RoomParticipant.request == request_id
    )
    if not found:
        raise NotFound("No participant with id {id}.", id=participant_id)


async def renew(actor: Principal, request_id: int, participant_id: int) -> RoomParticipantOut:
    """A new link for the participant; the old one stops working."""
    await _participant(actor, request_id, participant_id)
    async with transaction():
        rows = (
            await RoomParticipant.update(
                {RoomParticipant.nonce: links.new_nonce(), RoomParticipant.revoked_at: None}
            )
            .where(RoomParticipant.id == participant_id)
            .returning(*RoomParticipant.all_columns())
        )
        await audit.record(actor, "renew_room_link", "room_participant", participant_id)
    return _out(rows[0])


async def revoke(actor: Principal, request_id: int, participant_id: int) -> None:
    await _participant(actor, request_id, participant_id)
    async with transaction():
        await RoomParticipant.update({RoomParticipant.revoked_at: datetime.now(UTC)}).where(
            RoomParticipant.id == participant_id
        )
        await audit.record(actor, "revoke_room_link", "room_participant", participant_id)


async def _may_download(actor: Principal, request_id: int) -> None:
    """The case's prosecutors (the requesting institution) and the session's court."""
    if actor.role is Role.PROSECUTOR:
        await visible_request(actor, request_id)
        return
    if actor.role is Role.COURT and await RoomParticipant.exists().where(
        RoomParticipant.request == request_id,
        RoomParticipant.role == RoomRole.COURT.value,
        RoomParticipant.user_id == actor.user_id,
    ):
        return
    raise NotFound("No request with id {id}.", id=request_id)


async def recordings(actor: Principal, request_id: int) -> list[RecordingOut]:
    await _may_download(actor, request_id)
    rows = await Recording.select().where(Recording.request == request_id).order_by(Recording.id)
    events = (
        await CustodyEvent.select()
        .where(CustodyEvent.recording.is_in([r["id"] for r in rows] or [0]))
        .order_by(CustodyEvent.id)
    )
    return [
        RecordingOut(
            id=row["id"],
            request_id=row["request"],
            status=row["status"],
            sha256=row["sha256"],
            size_bytes=row["size_bytes"],
            started_at=row["started_at"],
            stopped_at=row["stopped_at"],
            custody=[CustodyOut(**e) for e in events if e["recording"] == row["id"]],
        )
        for row in rows
    ]


async def download(actor: Principal, recording_id: int) -> tuple[Path, str]:
    """The file of a complete recording, its download written to the chain of custody."""
    row = await Recording.select().where(Recording.id == recording_id).first()
    if row is None:
        raise NotFound("No recording with id {id}.", id=recording_id)
    await _may_download(actor, row["request"])
    if row["status"] != "complete":
        raise Conflict("The recording is not complete.")
    async with transaction():
        await CustodyEvent.insert(
            custody(
                recording_id,
                "downloaded",
                None,
                actor.client_address,
                sha256=row["sha256"],
                user_id=actor.user_id,
                name=actor.display_name,
                role=actor.role.value,
            )
        )
        await audit.record(actor, "download_recording", "recording", recording_id)
    return get_settings().recordings_dir / row["file_name"], row["file_name"]

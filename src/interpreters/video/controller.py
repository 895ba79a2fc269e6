"""Join-link checks for the pre-join page, the host's guest links, and recordings."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post
from litestar.params import JSONBody, PathParameter
from litestar.response import File
from litestar.status_codes import HTTP_201_CREATED

from interpreters.guards import public, requires
from interpreters.principal import Principal, Role
from interpreters.validation import MAX_ID
from interpreters.video import service, signaling
from interpreters.video.schemas import (
    GuestIn,
    ProbeIn,
    ProbeOut,
    RecordingOut,
    RoomParticipantOut,
    SeatOut,
    TokenIn,
)

AnyRequest = Request[Principal, Any, Any]
Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
institutions = requires(Role.PROSECUTOR, Role.COURT)


@post(
    "/api/v1/video/check",
    guards=[public],
    opt={"exclude_from_auth": True},
    status_code=200,
    operation_id="checkJoinLink",
    summary="Who a join link is for and when its room opens; the reason when it does not",
    tags=["video"],
)
async def check_link(data: JSONBody[TokenIn]) -> SeatOut:
    return await service.check(data.token)


@post(
    "/api/v1/video/probe",
    guards=[public],
    opt={"exclude_from_auth": True},
    status_code=200,
    operation_id="probeConnectivity",
    summary="Answer a test offer with one echoing data channel (the pre-join check)",
    tags=["video"],
)
async def probe(data: JSONBody[ProbeIn]) -> ProbeOut:
    await service.check(data.token)
    return ProbeOut(sdp=await signaling.probes.answer(data.sdp))


class RoomController(Controller):
    path = "/api/v1/requests/{request_id:int}/room"
    tags = ["video"]
    guards = [institutions]

    @get(
        "/participants",
        operation_id="listRoomParticipants",
        summary="The session's room participants, with the host's and the guests' links",
    )
    async def participants(self, request: AnyRequest, request_id: Id) -> list[RoomParticipantOut]:
        return await service.room_participants(request.user, request_id)

    @post(
        "/participants",
        status_code=HTTP_201_CREATED,
        operation_id="addRoomGuest",
        summary="A guest (court, victim, defence, observer) and their join link",
    )
    async def add(
        self, request: AnyRequest, request_id: Id, data: JSONBody[GuestIn]
    ) -> RoomParticipantOut:
        return await service.add_guest(request.user, request_id, data)

    @post(
        "/participants/{participant_id:int}/renew",
        status_code=200,
        operation_id="renewRoomLink",
        summary="A new join link for a participant; the old one stops working",
    )
    async def renew(
        self, request: AnyRequest, request_id: Id, participant_id: Id
    ) -> RoomParticipantOut:
        return await service.renew(request.user, request_id, participant_id)

    @delete(
        "/participants/{participant_id:int}",
        operation_id="revokeRoomLink",
        summary="Withdraw a participant's join link",
    )
    async def revoke(self, request: AnyRequest, request_id: Id, participant_id: Id) -> None:
        await service.revoke(request.user, request_id, participant_id)

    @get(
        "/recordings",
        operation_id="listRecordings",
        summary="The session's recordings with their chain of custody (prosecutor and court)",
    )
    async def recordings(self, request: AnyRequest, request_id: Id) -> list[RecordingOut]:
        return await service.recordings(request.user, request_id)


@get(
    "/api/v1/recordings/{recording_id:int}/file",
    guards=[institutions],
    operation_id="downloadRecording",
    summary="Download a recording (the case's prosecutor and court); every download is audited",
    tags=["video"],
)
async def download_recording(request: AnyRequest, recording_id: Id) -> File:
    path, name = await service.download(request.user, recording_id)
    return File(path=path, filename=name, media_type="video/webm")

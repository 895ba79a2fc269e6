"""What the video API takes and gives."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, EmailStr, Field

from interpreters.validation import InputModel, no_contact_data


class GuestRole(StrEnum):
    COURT = "court"
    VICTIM = "victim"
    DEFENCE = "defence"
    OBSERVER = "observer"


# A guest's name shows on their tile; a victim's must not be their real name or contact.
DisplayName = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(no_contact_data)]


class TokenIn(InputModel):
    token: str = Field(min_length=1, max_length=500)


class ProbeIn(InputModel):
    token: str = Field(min_length=1, max_length=500)
    sdp: str = Field(min_length=1, max_length=20_000)


class ProbeOut(BaseModel):
    sdp: str


class IceServer(BaseModel):
    urls: str
    username: str | None = None
    credential: str | None = None


class SeatOut(BaseModel):
    """What the pre-join page shows and needs."""

    participant: int
    name: str
    role: str
    label: str
    starts_at: datetime
    ends_at: datetime
    opens_at: datetime
    closes_at: datetime
    ice_servers: list[IceServer]


class GuestIn(InputModel):
    role: GuestRole
    display_name: DisplayName
    label: str = Field(default="", max_length=120)
    # A court's user, who may then download the session's recordings.
    user_email: EmailStr | None = None


class RoomParticipantOut(BaseModel):
    id: int
    role: str
    display_name: str
    label: str
    revoked: bool
    # Given for the host's own seat and for guests, whose links the host passes on; an
    # interpreter's link goes only to the interpreter.
    link: str | None = None


class CustodyOut(BaseModel):
    action: str
    at: datetime
    actor_name: str
    actor_role: str
    user_id: int | None
    client_address: str
    sha256: str


class RecordingOut(BaseModel):
    id: int
    request_id: int
    status: str
    sha256: str
    size_bytes: int
    started_at: datetime
    stopped_at: datetime | None
    custody: list[CustodyOut]

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field, ValidationInfo, field_validator

from interpreters.validation import MAX_ID, InputModel, invalid


class AuditQuery(InputModel):
    """The log's filters, each narrowing it; the period runs from `since` up to, not
    including, `before`."""

    record_type: str | None = Field(default=None, max_length=32)
    record_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    actor_id: int | None = Field(default=None, ge=0, le=MAX_ID)
    action: str | None = Field(default=None, max_length=64)
    since: AwareDatetime | None = None
    before: AwareDatetime | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=1_000_000)

    @field_validator("before")
    @classmethod
    def after_since(cls, before: datetime | None, info: ValidationInfo) -> datetime | None:
        since = info.data.get("since")
        if since is not None and before is not None and before <= since:
            raise invalid("The end is not after the start")
        return before


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor_email: str
    action: str
    record_type: str
    record_id: int | None
    fields: list[str]
    client_address: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "AuditEntryOut":
        return cls(**{**row, "fields": [f for f in row["fields"].split(",") if f]})


class AuditPage(BaseModel):
    total: int
    items: list[AuditEntryOut]

from datetime import datetime
from typing import Any

from pydantic import BaseModel


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

"""What the matching API gives: ranked candidates, teams and relays, with their reasons."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from interpreters.availability import Moment
from interpreters.validation import InputModel


class ReasonOut(BaseModel):
    points: int
    text: str


class CandidateOut(BaseModel):
    interpreter: int
    display_name: str
    gender: str
    country: str
    timezone: str
    # The pair this interpreter covers: the request's, or one leg of a relay.
    language: str
    working_language: str
    proficiency: int
    # In the requester's zone, and on the interpreter's own clock.
    start: datetime
    local_start: datetime
    score: int
    reasons: list[ReasonOut]


class TeamOut(BaseModel):
    """Two interpreters free at the same start; for a relay, `pivot_language` joins them."""

    start: datetime
    score: int
    pivot_language: str | None
    members: list[CandidateOut]


class MatchOut(BaseModel):
    request: int
    interpreters_needed: int
    # How many passed the filters the database applies, and how many of them are free.
    qualified: int
    free: int
    candidates: list[CandidateOut]
    teams: list[TeamOut]
    relays: list[TeamOut]


class MatchQuery(InputModel):
    """`start` without an offset is the requester's local time."""

    start: Moment | None = None
    limit: int = Field(default=10, ge=1, le=100)

"""What the calendar routes take and give."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from interpreters.calendar.answers import Given


class FeedOut(BaseModel):
    """A new feed's address, shown only once: the https one and the same for webcal://."""

    url: str
    webcal_url: str


class FeedState(BaseModel):
    active: bool
    created_at: datetime | None


class AnswerIn(BaseModel):
    """The button pressed on an answer page (a form post)."""

    answer: Given

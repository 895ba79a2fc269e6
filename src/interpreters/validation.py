"""The base of every input model: strict fields and no control characters in text."""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

# Serial ids are 32-bit on PostgreSQL: a larger id in a path or a query is refused, not a 500.
MAX_ID = 2**31 - 1

# Tab and line breaks are text; every other control character (NUL above all, which
# PostgreSQL refuses) is not.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in text)


def _check(value: Any) -> None:
    if isinstance(value, str):
        if has_control_characters(value):
            raise invalid("contains a control character")
    elif isinstance(value, dict):
        for item in value.values():
            _check(item)
    elif isinstance(value, list):
        for item in value:
            _check(item)


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def no_control_characters(cls, value: Any) -> Any:
        _check(value)
        return value


def invalid(template: str, **params: object) -> PydanticCustomError:
    """A validator's error whose type is its English template, so that i18n can translate it."""
    return PydanticCustomError(template, template, params)

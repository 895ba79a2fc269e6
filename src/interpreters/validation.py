"""The base of every input model: strict fields and no control characters in text."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, PathParameter
from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

# Serial ids are 32-bit on PostgreSQL: a larger id in a path or a query is refused, not a 500.
MAX_ID = 2**31 - 1
# A record's id in a route's path.
Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


def json_list_body(max_items: int) -> BodyKwarg:
    """A JSON list body whose bound the OpenAPI publishes as maxItems. The route's service
    enforces it, so that the error names the field (Litestar's own check would say `data`)."""
    return BodyKwarg(media_type=RequestEncodingType.JSON, schema_extra={"maxItems": max_items})


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


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Eight or more digits in a row, with spaces, dots, dashes or brackets between them: a
# phone number in the region (8 digits) or abroad.
PHONE = re.compile(r"\+?\d(?:[\s().-]*\d){7,}")


def no_contact_data(value: str) -> str:
    if EMAIL.search(value) or PHONE.search(value):
        raise invalid("This looks like contact data (an email or a phone number); use a pseudonym")
    return value


# A whole value that is a phone number as written in the region ("9876-5432") or with a
# country code ("+504 9876 5432").
WHOLE_PHONE = re.compile(r"\d{4}[\s.-]?\d{4}|\+\d(?:[\s().-]*\d){7,14}")


def not_contact_data(value: str) -> str:
    """For case references, long numbers themselves: only a value that is wholly a phone
    number, or holds an email, is refused."""
    if EMAIL.search(value) or WHOLE_PHONE.fullmatch(value.strip()):
        raise invalid("This looks like contact data (an email or a phone number); use a pseudonym")
    return value

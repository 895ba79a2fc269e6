"""The interpreter registry."""

from typing import TYPE_CHECKING

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Interpreter(Table):
    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    display_name = Varchar(length=200)
    # display_name without case or accents: name search behaves alike on both engines.
    search_name = Varchar(length=200, default="", index=True)
    # Identity: restricted to coordinators and to the interpreter themself.
    legal_name = Varchar(length=200)
    email = Varchar(length=254, unique=True)
    phone = Varchar(length=40, default="")
    national_id = Varchar(length=40, default="")
    gender = Varchar(length=16)
    country = Varchar(length=2, index=True)
    timezone = Varchar(length=64)
    vetting_status = Varchar(length=16, default="applicant", index=True)
    background_check_on = Date(null=True, default=None)
    background_check_expires_on = Date(null=True, default=None)
    confidentiality_signed_on = Date(null=True, default=None)
    code_of_conduct_accepted_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class InterpreterTag(Table):
    """A multi-valued attribute: a country served, a modality or a specialisation."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    kind = Varchar(length=16)
    value = Varchar(length=32)


class LanguageSkill(Table):
    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    language = Varchar(length=3, index=True)
    variety = Varchar(length=100, default="")
    working_language = Varchar(length=3, default="spa")
    direction = Varchar(length=16, default="both")
    proficiency = Integer()
    # Comma-separated: consecutive, simultaneous, sight.
    modes = Varchar(length=64, default="consecutive")


class Credential(Table):
    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    kind = Varchar(length=40, index=True)
    issuer = Varchar(length=200)
    number = Varchar(length=100, default="")
    language = Varchar(length=3, null=True, default=None)
    issued_on = Date()
    expires_on = Date(null=True, default=None)
    verified_by = Integer(null=True, default=None)
    verified_at = Timestamptz(null=True, default=None)


class VettingEvent(Table):
    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    status = Varchar(length=16)
    note = Text(default="")
    by_user = Integer(null=True)
    at = Timestamptz(default=TimestamptzNow())


class ConflictOfInterest(Table):
    """Restricted: coordinators only."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    case_reference = Varchar(length=64, default="")
    community = Varchar(length=200, default="")
    description = Text()
    declared_at = Timestamptz(default=TimestamptzNow())


class CaseBlock(Table):
    """A coordinator keeps an interpreter out of one case. Restricted: coordinators only."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    interpreter = ForeignKey(references=Interpreter, on_delete=OnDelete.cascade)
    case_reference = Varchar(length=64)
    reason = Varchar(length=500, default="")
    blocked_by = Integer()
    blocked_at = Timestamptz(default=TimestamptzNow())

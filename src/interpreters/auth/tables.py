"""Accounts, their institutions and their sign-in sessions."""

from typing import TYPE_CHECKING

from piccolo.columns import (
    BigInt,
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from interpreters.registry.tables import Interpreter


class Institution(Table):
    """A prosecutors' office or a court, in one country and one IANA zone."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    name = Varchar(length=200)
    kind = Varchar(length=32)
    country = Varchar(length=2, index=True)
    timezone = Varchar(length=64)


class User(Table, tablename="app_user"):
    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    email = Varchar(length=254, unique=True)
    # Empty until the invited person sets a password through their link: no password then
    # signs in.
    password_hash = Varchar(length=200, default="")
    role = Varchar(length=16)
    display_name = Varchar(length=200)
    language = Varchar(length=2, default="es")
    institution = ForeignKey(references=Institution, null=True)
    interpreter = ForeignKey(references=Interpreter, null=True)
    # Comma-separated ISO 3166 codes; empty for a regional coordinator.
    countries = Varchar(length=64, default="")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class AuthSession(Table):
    """A browser session (cookie + CSRF token) or a script's bearer token; only hashes stored."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User)
    kind = Varchar(length=8)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    # full; or, for a browser that gave the right password, enrol (a second factor must be
    # set up first) or second_factor (its code must be given first): nothing else is open.
    stage = Varchar(length=16, default="full")
    # What its owner sees in their list of sessions to tell them apart.
    last_used_at = Timestamptz(default=TimestamptzNow())
    client_address = Varchar(length=64, default="")
    device = Varchar(length=200, default="")


class AccountLink(Table):
    """A one-time link that lets a person set their password: an invitation or a reset.
    Only a keyed digest of its token is stored; using it, or a newer link of the same
    account, voids it."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, index=True)
    # invitation or reset.
    purpose = Varchar(length=16)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class AttemptCounter(Table):
    """Sign-in attempts counted per account and per client address, in the database so that
    every server process counts against the same limit. Keys are keyed digests: the table
    holds neither an email nor an address."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    key = Varchar(length=80, unique=True)
    attempts = Integer(default=0)
    # When the window that the first of these attempts opened closes, in Unix seconds: an
    # integer compares alike on both engines.
    ends_at = BigInt()


class TotpFactor(Table):
    """An account's authenticator app (RFC 6238). The secret is stored encrypted with a key
    derived from SECRET_KEY; it counts once confirmed with a first code. A code is good
    once: `last_timecode` is the 30-second step of the last one accepted."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    user = ForeignKey(references=User, unique=True)
    secret = Varchar(length=400)
    confirmed_at = Timestamptz(null=True, default=None)
    last_timecode = BigInt(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


class RecoveryCode(Table):
    """A one-use code that stands in for the second factor when the device is lost; shown
    once at enrolment, stored as a keyed digest."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    user = ForeignKey(references=User, index=True)
    code_hash = Varchar(length=64, unique=True)
    used_at = Timestamptz(null=True, default=None)


class Passkey(Table):
    """A WebAuthn credential of an account (a passkey or a security key): the stronger second
    factor, and a sign-in of its own. Only its public key is stored."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    user = ForeignKey(references=User, index=True)
    # base64url, as browsers send it; at most 1,023 bytes before encoding (WebAuthn).
    credential_id = Varchar(length=1400, unique=True)
    public_key = Text()
    sign_count = BigInt(default=0)
    # The person's own name for it, to tell their passkeys apart.
    name = Varchar(length=100)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)


class PasskeyChallenge(Table):
    """The challenge of one WebAuthn ceremony, good once and for a few minutes; in the
    database because the answer may reach another server process. `ticket_hash` is the
    digest of the ticket the browser sends back with the answer."""

    if TYPE_CHECKING:  # Piccolo adds the primary key itself; this tells mypy about it
        id: Serial
    ticket_hash = Varchar(length=64, unique=True)
    # register, verify (a signed-in account's own passkey) or sign_in (any account's).
    purpose = Varchar(length=16)
    user = ForeignKey(references=User, null=True, default=None)
    challenge = Varchar(length=200)
    expires_at = Timestamptz()

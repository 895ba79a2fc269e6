"""Passkeys and security keys (WebAuthn, through the `webauthn` package): registering one,
and checking the browser's answer to a challenge.

Every ceremony is two requests: the options (with a challenge, kept in the database under a
ticket, good once for `CHALLENGE_LIFETIME`) and the browser's answer with that ticket. The
relying party is the host name of PUBLIC_URL and the expected origin PUBLIC_URL itself:
passkeys made under one name do not work under another, and browsers refuse an IP address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import webauthn
from webauthn.helpers import bytes_to_base64url, options_to_json_dict
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from interpreters import signing
from interpreters.auth.tables import Passkey, PasskeyChallenge
from interpreters.errors import Conflict, InvalidInput, NotFound
from interpreters.settings import get_settings

RP_NAME = "Banco regional de intérpretes"
CHALLENGE_LIFETIME = timedelta(minutes=5)
REGISTER, VERIFY, SIGN_IN = "register", "verify", "sign_in"
# What the person sees of a passkey.
SHOWN = (Passkey.id, Passkey.name, Passkey.created_at, Passkey.last_used_at)


@dataclass(frozen=True, slots=True)
class Ceremony:
    """What the browser needs: the ticket to send back, and the options for
    `PublicKeyCredential.parse…OptionsFromJSON`."""

    ticket: str
    options: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Accepted:
    user_id: int
    passkey_id: int


def _origin() -> str:
    return get_settings().public_url


def _rp_id() -> str:
    host = urlsplit(get_settings().public_url).hostname
    if host is None or host.replace(".", "").isdigit() or ":" in host:
        raise Conflict("Passkeys need PUBLIC_URL with a host name, not an IP address.")
    return host


def user_handle(user_id: int) -> bytes:
    """The account as the authenticator knows it: stable, and no personal data."""
    return bytes.fromhex(signing.digest("passkey-user", str(user_id)))[:32]


def _ticket_hash(ticket: str) -> str:
    return signing.digest("passkey-ticket", ticket)


async def _open(purpose: str, user_id: int | None, challenge: bytes, options: Any) -> Ceremony:
    ticket = secrets.token_urlsafe(24)
    now = datetime.now(UTC)
    # Housekeeping rides on each ceremony: a stale challenge is useless.
    await PasskeyChallenge.delete().where(PasskeyChallenge.expires_at <= now)
    await PasskeyChallenge.insert(
        PasskeyChallenge(
            ticket_hash=_ticket_hash(ticket),
            purpose=purpose,
            user=user_id,
            challenge=bytes_to_base64url(challenge),
            expires_at=now + CHALLENGE_LIFETIME,
        )
    )
    return Ceremony(ticket, options_to_json_dict(options))


async def _take(ticket: str, purpose: str, user_id: int | None) -> bytes:
    """The ceremony's challenge, spent: a ticket is good once."""
    taken = await (
        PasskeyChallenge.delete()
        .where(
            PasskeyChallenge.ticket_hash == _ticket_hash(ticket),
            PasskeyChallenge.purpose == purpose,
            PasskeyChallenge.expires_at > datetime.now(UTC),
        )
        .returning(PasskeyChallenge.challenge, PasskeyChallenge.user)
    )
    if not taken or taken[0]["user"] != user_id:
        raise InvalidInput("This passkey request has expired or was used: try again.", "ticket")
    return webauthn.base64url_to_bytes(taken[0]["challenge"])


async def _descriptors(user_id: int) -> list[PublicKeyCredentialDescriptor]:
    rows = await Passkey.select(Passkey.credential_id).where(Passkey.user == user_id)
    return [
        PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(row["credential_id"]))
        for row in rows
    ]


async def registration_options(user_id: int, email: str, display_name: str) -> Ceremony:
    challenge = secrets.token_bytes(32)
    options = webauthn.generate_registration_options(
        rp_id=_rp_id(),
        rp_name=RP_NAME,
        user_id=user_handle(user_id),
        user_name=email,
        user_display_name=display_name,
        challenge=challenge,
        # A passkey the browser can offer at sign-in without an email typed first.
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=await _descriptors(user_id),
    )
    return await _open(REGISTER, user_id, challenge, options)


def _unreadable() -> InvalidInput:
    return InvalidInput("The passkey's answer could not be verified.", "credential")


async def register(
    user_id: int, ticket: str, credential: dict[str, Any], name: str
) -> dict[str, Any]:
    """Stores the new passkey of the account, as `list_passkeys` shows it. Call inside a
    transaction."""
    challenge = await _take(ticket, REGISTER, user_id)
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError) as error:
        raise _unreadable() from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if await Passkey.exists().where(Passkey.credential_id == credential_id):
        raise Conflict("This passkey is registered already.")
    [row] = await Passkey.insert(
        Passkey(
            user=user_id,
            credential_id=credential_id,
            public_key=bytes_to_base64url(verified.credential_public_key),
            sign_count=verified.sign_count,
            name=name,
        )
    ).returning(*SHOWN)
    return row


async def assertion_options(user_id: int | None) -> Ceremony:
    """A challenge for one of the account's passkeys (as its second factor), or for any
    passkey that can name its account itself (signing in with a passkey alone)."""
    challenge = secrets.token_bytes(32)
    allowed = await _descriptors(user_id) if user_id is not None else None
    if allowed == []:
        raise NotFound("This account has no passkey.")
    options = webauthn.generate_authentication_options(
        rp_id=_rp_id(),
        challenge=challenge,
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return await _open(VERIFY if user_id is not None else SIGN_IN, user_id, challenge, options)


async def owner_of(credential: dict[str, Any]) -> int | None:
    """The account a passkey's answer claims to come from, before it is checked."""
    row = await (
        Passkey.select(Passkey.user).where(Passkey.credential_id == credential.get("id")).first()
    )
    return row["user"] if row else None


async def check_assertion(ticket: str, credential: dict[str, Any], user_id: int | None) -> Accepted:
    """Checks the browser's answer to `assertion_options(user_id)`: signed by a passkey of
    that account (or, with None, of the account the passkey names) with the user verified."""
    challenge = await _take(ticket, VERIFY if user_id is not None else SIGN_IN, user_id)
    row = await Passkey.select().where(Passkey.credential_id == credential.get("id")).first()
    if row is None or (user_id is not None and row["user"] != user_id):
        raise InvalidInput("This passkey is not one of this account's.", "credential")
    handle = credential.get("response", {}).get("userHandle")
    if handle and webauthn.base64url_to_bytes(handle) != user_handle(row["user"]):
        raise _unreadable()
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            credential_public_key=webauthn.base64url_to_bytes(row["public_key"]),
            credential_current_sign_count=row["sign_count"],
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError) as error:
        raise _unreadable() from error
    await Passkey.update(
        {Passkey.sign_count: verified.new_sign_count, Passkey.last_used_at: datetime.now(UTC)}
    ).where(Passkey.id == row["id"])
    return Accepted(row["user"], row["id"])


async def list_passkeys(user_id: int) -> list[dict[str, Any]]:
    return await Passkey.select(*SHOWN).where(Passkey.user == user_id).order_by(Passkey.created_at)


async def count(user_id: int) -> int:
    counted: int = await Passkey.count().where(Passkey.user == user_id)
    return counted


async def remove(user_id: int, passkey_id: int | None = None) -> int:
    """Forgets one passkey of the account, or all of them; how many were forgotten."""
    query = Passkey.delete().where(Passkey.user == user_id)
    if passkey_id is not None:
        query = query.where(Passkey.id == passkey_id)
    return len(await query.returning(Passkey.id))

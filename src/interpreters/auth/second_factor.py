"""The second factor: an authenticator app (TOTP, RFC 6238) or passkeys (WebAuthn, see
`passkeys`), with one-use recovery codes issued with the first of them.

A code is good once: the 30-second step of the last accepted code is kept, and only a later
step passes (one step of clock drift either way is allowed). Wrong codes count against the
same per-address and per-account limits as passwords. The app's secret is stored encrypted
with a key derived from SECRET_KEY; recovery codes as keyed digests.
"""

from __future__ import annotations

import base64
import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn

import pyotp
import segno
from cryptography.fernet import Fernet

from interpreters import audit, db, signing
from interpreters.auth import limits, passkeys
from interpreters.auth.schemas import PasskeyAnswerIn
from interpreters.auth.tables import AuthSession, RecoveryCode, TotpFactor
from interpreters.errors import Conflict, Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal

ISSUER = "Banco regional de intérpretes"
RECOVERY_CODES = 10
# Steps of 30 seconds either side of now that a code may come from.
DRIFT_STEPS = 1


@dataclass(frozen=True, slots=True)
class TotpSetup:
    """What an authenticator app needs: the secret to type, or the URI its QR code holds."""

    secret: str
    uri: str


def _fernet() -> Fernet:
    key = bytes.fromhex(signing.digest("totp-secret-key", "1"))
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    """The app's secret as stored: encrypted."""
    return _fernet().encrypt(secret.encode()).decode()


def _unseal(stored: str) -> str:
    return _fernet().decrypt(stored.encode()).decode()


def _uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _recovery_digest(code: str) -> str:
    return signing.digest("recovery-code", code.replace("-", "").replace(" ", "").lower())


async def _factor(user_id: int, *, confirmed: bool) -> dict[str, Any] | None:
    query = TotpFactor.select().where(TotpFactor.user == user_id)
    query = query.where(
        TotpFactor.confirmed_at.is_not_null() if confirmed else TotpFactor.confirmed_at.is_null()
    )
    row: dict[str, Any] | None = await query.first()
    return row


async def has_totp(user_id: int) -> bool:
    return await _factor(user_id, confirmed=True) is not None


async def has_factor(user_id: int) -> bool:
    return await has_totp(user_id) or await passkeys.count(user_id) > 0


async def status(principal: Principal, required_roles: frozenset[str]) -> dict[str, Any]:
    left = await RecoveryCode.count().where(
        RecoveryCode.user == principal.user_id, RecoveryCode.used_at.is_null()
    )
    totp, keys = await has_totp(principal.user_id), await passkeys.count(principal.user_id)
    return {
        "enrolled": totp or keys > 0,
        "required": principal.role.value in required_roles,
        "recovery_codes_left": left,
        "totp": totp,
        "passkeys": keys,
    }


async def begin(principal: Principal) -> TotpSetup:
    """A new secret for the person's authenticator app, to confirm with a first code."""
    if await has_totp(principal.user_id):
        raise Conflict(
            "An authenticator app is already set up; if the device is lost, a coordinator "
            "resets it."
        )
    secret = pyotp.random_base32()
    async with db.transaction():
        await TotpFactor.delete().where(TotpFactor.user == principal.user_id)
        await TotpFactor.insert(TotpFactor(user=principal.user_id, secret=seal(secret)))
    return TotpSetup(secret, _uri(secret, principal.email))


async def qr_svg(principal: Principal) -> bytes:
    """The QR code of the secret being set up, as an SVG image."""
    row = await _factor(principal.user_id, confirmed=False)
    if row is None:
        raise NotFound("Start setting up the authenticator app first.")
    secret = _unseal(row["secret"])
    image = io.BytesIO()
    segno.make(_uri(secret, principal.email), error="m").save(
        image, kind="svg", scale=5, border=2, title=ISSUER
    )
    return image.getvalue()


def _timecode(secret: str, code: str) -> int | None:
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(code.strip(), valid_window=DRIFT_STEPS)
    except pyotp.exceptions.OTPVerificationError:
        return None


async def _refuse(user_id: int, client_address: str) -> NoReturn:
    async with db.transaction():
        await audit.record(
            None, "second_factor_failed", "user", user_id, client_address=client_address
        )
    raise InvalidInput("This code is not valid: it is wrong, used already, or too old.", "code")


async def confirm(principal: Principal, code: str, session_token_hash: str) -> list[str]:
    """Confirms the app with its first code; the recovery codes, shown this once. The
    session this came with counts as signed in with the second factor."""
    await limits.spend_sign_in(principal.email, principal.client_address)
    row = await _factor(principal.user_id, confirmed=False)
    if row is None:
        raise NotFound("Start setting up the authenticator app first.")
    timecode = _timecode(_unseal(row["secret"]), code)
    if timecode is None:
        await _refuse(principal.user_id, principal.client_address)
    async with db.transaction():
        await TotpFactor.update(
            {TotpFactor.confirmed_at: datetime.now(UTC), TotpFactor.last_timecode: timecode}
        ).where(TotpFactor.id == row["id"])
        codes = await _new_recovery_codes(principal.user_id)
        await _enrolled(principal, session_token_hash)
        await audit.record(principal, "second_factor_enrolled", "user", principal.user_id)
    return codes


async def _new_recovery_codes(user_id: int) -> list[str]:
    """A new set of recovery codes, replacing the old; call inside a transaction."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    await RecoveryCode.delete().where(RecoveryCode.user == user_id)
    await RecoveryCode.insert(
        *[RecoveryCode(user=user_id, code_hash=_recovery_digest(c)) for c in codes]
    )
    return codes


async def _enrolled(principal: Principal, session_token_hash: str) -> None:
    """The session that set up the factor counts as signed in with it."""
    await AuthSession.update({AuthSession.stage: "full"}).where(
        AuthSession.token_hash == session_token_hash, AuthSession.user == principal.user_id
    )


async def regenerate_recovery_codes(principal: Principal) -> list[str]:
    """New recovery codes for a person who used or lost theirs; the old ones stop."""
    if not await has_factor(principal.user_id):
        raise Conflict("This account has no second factor to check.")
    async with db.transaction():
        codes = await _new_recovery_codes(principal.user_id)
        await audit.record(principal, "recovery_codes_renewed", "user", principal.user_id)
    return codes


async def passkey_registration(principal: Principal) -> passkeys.Ceremony:
    if principal.stage == "second_factor":
        raise Forbidden("Give the code of your second factor first.")
    async with db.transaction():
        return await passkeys.registration_options(
            principal.user_id, principal.email, principal.display_name
        )


async def passkey_challenge(principal: Principal) -> passkeys.Ceremony:
    """A challenge for one of the person's own passkeys: to finish signing in, or to confirm
    a sensitive change."""
    async with db.transaction():
        return await passkeys.assertion_options(principal.user_id)


async def add_passkey(
    principal: Principal,
    ticket: str,
    credential: dict[str, Any],
    name: str,
    session_token_hash: str,
) -> tuple[dict[str, Any], list[str]]:
    """Registers a passkey; it, and the recovery codes when it is the account's first
    second factor (they are shown this once)."""
    first = not await has_factor(principal.user_id)
    async with db.transaction():
        passkey = await passkeys.register(principal.user_id, ticket, credential, name)
        codes = await _new_recovery_codes(principal.user_id) if first else []
        await _enrolled(principal, session_token_hash)
        await audit.record(principal, "passkey_added", "passkey", passkey["id"])
    return passkey, codes


async def remove_passkey(
    principal: Principal, passkey_id: int, required_roles: frozenset[str]
) -> None:
    """Forgets one of the person's passkeys, unless it is the last second factor that their
    role must have."""
    last = not await has_totp(principal.user_id) and await passkeys.count(principal.user_id) == 1
    if last and principal.role.value in required_roles:
        raise Forbidden("Your role needs a second factor: set up another before removing this one.")
    async with db.transaction():
        if not await passkeys.remove(principal.user_id, passkey_id):
            raise NotFound("No passkey of yours with id {id}.", id=passkey_id)
        await audit.record(principal, "passkey_removed", "passkey", passkey_id)


async def check_code(
    user_id: int, email: str, code: str, client_address: str, *, counted: bool = False
) -> None:
    """Accepts a current code of the account's app not used before, or one of its unused
    recovery codes (which is then spent); refuses and audits anything else. Counts as an
    attempt against the sign-in limits unless the request was `counted` already (a script
    sends its password and code together)."""
    if not counted:
        await limits.spend_sign_in(email, client_address)
    row = await _factor(user_id, confirmed=True)
    if row is None and not await passkeys.count(user_id):
        raise Conflict("This account has no second factor to check.")
    # An account with passkeys only still has its recovery codes.
    timecode = _timecode(_unseal(row["secret"]), code) if row else None
    now = datetime.now(UTC)
    if row and timecode is not None:
        accepted = await (
            TotpFactor.update({TotpFactor.last_timecode: timecode})
            .where(TotpFactor.id == row["id"], TotpFactor.last_timecode < timecode)
            .returning(TotpFactor.id)
        )
    else:
        accepted = await (
            RecoveryCode.update({RecoveryCode.used_at: now})
            .where(
                RecoveryCode.user == user_id,
                RecoveryCode.code_hash == _recovery_digest(code),
                RecoveryCode.used_at.is_null(),
            )
            .returning(RecoveryCode.id)
        )
        if accepted:
            async with db.transaction():
                await audit.record(
                    None, "recovery_code_used", "user", user_id, client_address=client_address
                )
    if not accepted:
        await _refuse(user_id, client_address)


async def check_passkey(
    user_id: int | None,
    email: str,
    answer: PasskeyAnswerIn,
    client_address: str,
) -> passkeys.Accepted:
    """Accepts an answer signed by a passkey of the account (of any account, with None: a
    sign-in with the passkey alone); refuses and audits anything else. Counts against the
    sign-in limits of the account the passkey belongs to."""
    credential = answer.credential.model_dump(exclude_none=True)
    owner = user_id if user_id is not None else await passkeys.owner_of(credential)
    await limits.spend_sign_in(email or f"passkey:{answer.credential.id}", client_address)
    try:
        return await passkeys.check_assertion(answer.ticket, credential, user_id)
    except InvalidInput:
        async with db.transaction():
            await audit.record(None, "passkey_failed", "user", owner, client_address=client_address)
        raise


async def check_proof(
    principal: Principal, code: str | None, passkey: PasskeyAnswerIn | None
) -> None:
    """The second factor given again for a sensitive change: a code or a passkey's answer."""
    if passkey is not None:
        await check_passkey(principal.user_id, principal.email, passkey, principal.client_address)
    elif code:
        await check_code(principal.user_id, principal.email, code, principal.client_address)
    else:
        raise InvalidInput("Confirm with your second factor: a code or a passkey.", "code")


async def remove(user_id: int) -> None:
    """Forgets the account's app, passkeys and recovery codes (a coordinator's reset after a
    lost device); call inside the transaction that audits it."""
    await TotpFactor.delete().where(TotpFactor.user == user_id)
    await passkeys.remove(user_id)
    await RecoveryCode.delete().where(RecoveryCode.user == user_id)

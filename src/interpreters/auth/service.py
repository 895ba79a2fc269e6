"""Sign-in, sessions, accounts and institutions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from interpreters import audit, db
from interpreters.auth import limits, passkeys, second_factor
from interpreters.auth.passwords import hash_password, needs_rehash, verify_password
from interpreters.auth.schemas import InstitutionIn, PasskeyAnswerIn
from interpreters.auth.tables import AuthSession, Institution, User
from interpreters.errors import Conflict, Forbidden, NotAuthenticated, NotFound
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings

BROWSER = "browser"
API = "api"
# The stages of a session (see Principal.stage); DEACTIVATED marks those its account's
# deactivation ended, until the first use of each is refused and audited.
FULL, ENROL, SECOND_FACTOR, DEACTIVATED = "full", "enrol", "second_factor", "deactivated"
PENDING_LIFETIME = timedelta(minutes=15)
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class IssuedSession:
    token: str
    csrf_token: str
    principal: Principal
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_codes(value: str) -> list[str]:
    return [code for code in value.split(",") if code]


async def _principal(user: dict[str, Any], kind: str, client_address: str, stage: str) -> Principal:
    country = None
    if user["institution"] is not None:
        country = (
            await Institution.select(Institution.country)
            .where(Institution.id == user["institution"])
            .first()
        )
    return Principal(
        user_id=user["id"],
        email=user["email"],
        display_name=user["display_name"],
        role=Role(user["role"]),
        language=user["language"],
        country=country["country"] if country else None,
        institution_id=user["institution"],
        interpreter_id=user["interpreter"],
        countries=frozenset(split_codes(user["countries"])),
        session_kind=kind,
        client_address=client_address,
        stage=stage,
    )


def refuse_cross_site_login(content_type: str, fetch_site: str) -> None:
    """Login CSRF: a cross-site form can post text/plain shaped like JSON, never JSON itself."""
    if content_type != "application/json" or fetch_site == "cross-site":
        raise Forbidden("Sign in with a JSON request from this site.")


async def _stage_after_password(
    user: dict[str, Any], kind: str, code: str | None, client_address: str
) -> str:
    """What a right password opens: everything once a second factor set up is given too;
    a browser otherwise waits for the code, or for setting one up where the role needs it.
    Scripts get a token only with a second factor, given in the same request."""
    if await second_factor.has_factor(user["id"]):
        if code is not None:
            await second_factor.check_code(
                user["id"], user["email"], code, client_address, counted=True
            )
            return FULL
        if kind == API:
            raise NotAuthenticated(
                "This account has a second factor: send its current code as code.", "code"
            )
        return SECOND_FACTOR
    if kind == API:
        raise Forbidden(
            "API tokens are issued only to accounts with a second factor: set one up first."
        )
    return ENROL if user["role"] in get_settings().second_factor_roles else FULL


async def _open_session(
    user: dict[str, Any], kind: str, stage: str, client_address: str, device: str
) -> IssuedSession:
    """A new session of `user`; call inside a transaction."""
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    # Until the second factor is given or set up, a session lasts as long as doing that takes.
    hours = get_settings().session_hours if kind == BROWSER else 24 * 30
    lifetime = timedelta(hours=hours) if stage == FULL else PENDING_LIFETIME
    expires_at = datetime.now(UTC) + lifetime
    await AuthSession.insert(
        AuthSession(
            token_hash=_digest(token),
            user=user["id"],
            kind=kind,
            stage=stage,
            csrf_token=csrf_token,
            expires_at=expires_at,
            client_address=client_address[:64],
            device=device[:200],
        )
    )
    principal = await _principal(user, kind, client_address, stage)
    return IssuedSession(token, csrf_token, principal, expires_at)


async def login(
    email: str,
    password: str,
    kind: str,
    client_address: str,
    device: str = "",
    code: str | None = None,
) -> IssuedSession:
    email = email.strip().lower()
    account_counter = await limits.spend_sign_in(email, client_address)
    user = await User.select().where(User.email == email).first()
    ok = verify_password(user["password_hash"] if user else None, password)
    if not user or not ok or not user["active"]:
        await audit.record(
            None,
            "login_failed",
            "user",
            user["id"] if user else None,
            client_address=client_address,
        )
        # The same answer for an unknown email and a wrong password.
        raise NotAuthenticated("Email or password is incorrect.")
    stage = await _stage_after_password(user, kind, code, client_address)
    async with db.transaction():
        # Housekeeping rides on sign-in: expired sessions and closed windows of attempts are
        # useless and only grow their tables.
        await AuthSession.delete().where(AuthSession.expires_at <= datetime.now(UTC))
        await limits.forget_closed_windows()
        # Only a finished sign-in clears the account's count: a right password alone must
        # not give a guesser of codes a fresh allowance.
        if stage != SECOND_FACTOR:
            await limits.clear(account_counter)
        if needs_rehash(user["password_hash"]):
            await User.update({User.password_hash: hash_password(password)}).where(
                User.id == user["id"]
            )
        issued = await _open_session(user, kind, stage, client_address, device)
        await audit.record(issued.principal, "login", "user", user["id"])
    return issued


async def give_second_factor(principal: Principal, token: str, code: str) -> IssuedSession:
    """Finishes a browser's sign-in with the second factor's code."""
    _waiting(principal)
    await second_factor.check_code(
        principal.user_id, principal.email, code, principal.client_address
    )
    return await _second_factor_given(principal, token)


async def give_passkey(principal: Principal, token: str, answer: PasskeyAnswerIn) -> IssuedSession:
    """Finishes a browser's sign-in with one of the account's passkeys."""
    _waiting(principal)
    await second_factor.check_passkey(
        principal.user_id, principal.email, answer, principal.client_address
    )
    return await _second_factor_given(principal, token)


def _waiting(principal: Principal) -> None:
    if principal.stage != SECOND_FACTOR:
        raise Conflict("This session is not waiting for a second factor's code.")


async def _second_factor_given(principal: Principal, token: str) -> IssuedSession:
    """The waiting session is replaced by a full one under a new token."""
    user = await User.select().where(User.id == principal.user_id).first()
    if user is None:
        raise NotAuthenticated("Sign in to use this resource.")
    async with db.transaction():
        old = await (
            AuthSession.delete()
            .where(AuthSession.token_hash == _digest(token))
            .returning(AuthSession.device)
        )
        device = old[0]["device"] if old else ""
        await limits.clear(limits.key("account", principal.email))
        issued = await _open_session(
            user, principal.session_kind, FULL, principal.client_address, device
        )
        await audit.record(issued.principal, "second_factor_given", "user", principal.user_id)
    return issued


async def passkey_sign_in_options(client_address: str) -> passkeys.Ceremony:
    """A challenge for signing in with a passkey alone; counted against the address's limit,
    as each one is stored until it is answered or expires."""
    settings = get_settings()
    await limits.spend(
        limits.key("address", client_address),
        settings.login_attempts_per_minute,
        60,
        client_address,
    )
    async with db.transaction():
        return await passkeys.assertion_options(None)


async def login_with_passkey(
    answer: PasskeyAnswerIn, client_address: str, device: str
) -> IssuedSession:
    """Signs a browser in with a passkey alone: it proves both what the person has and, by
    the user verification it requires (a PIN or a fingerprint), that it is them."""
    accepted = await second_factor.check_passkey(None, "", answer, client_address)
    user = await User.select().where(User.id == accepted.user_id).first()
    if not user or not user["active"]:
        async with db.transaction():
            await audit.record(
                None, "login_failed", "user", accepted.user_id, client_address=client_address
            )
        raise NotAuthenticated("This account cannot sign in.")
    async with db.transaction():
        await limits.clear(limits.key("account", user["email"]))
        issued = await _open_session(user, BROWSER, FULL, client_address, device)
        await audit.record(issued.principal, "login_passkey", "user", user["id"])
    return issued


async def authenticate(token: str, kind: str, client_address: str) -> tuple[Principal, str] | None:
    """The principal and CSRF token of a live session, or None."""
    session = (
        await AuthSession.select(
            AuthSession.id,
            AuthSession.user,
            AuthSession.csrf_token,
            AuthSession.kind,
            AuthSession.expires_at,
            AuthSession.last_used_at,
            AuthSession.stage,
        )
        .where(AuthSession.token_hash == _digest(token))
        .first()
    )
    now = datetime.now(UTC)
    if not session or session["kind"] != kind or session["expires_at"] <= now:
        return None
    if session["stage"] == DEACTIVATED:
        await _refuse_ended(session["id"], session["user"], client_address)
        return None
    user = await User.select().where(User.id == session["user"], User.active.eq(True)).first()
    if not user:
        return None
    # A write per request would only slow every route; a minute is close enough for a
    # person telling their sessions apart.
    if now - session["last_used_at"] > LAST_USE_PRECISION:
        await AuthSession.update(
            {AuthSession.last_used_at: now, AuthSession.client_address: client_address[:64]}
        ).where(AuthSession.id == session["id"])
    return await _principal(user, kind, client_address, session["stage"]), session["csrf_token"]


async def _refuse_ended(session_id: int, user_id: int, client_address: str) -> None:
    """The first use of a session its account's deactivation ended: audited, and the session
    forgotten (later uses are those of an unknown token, so that they cannot flood the log)."""
    async with db.transaction():
        taken = (
            await AuthSession.delete().where(AuthSession.id == session_id).returning(AuthSession.id)
        )
        if taken:
            await audit.record(
                None, "deactivated_session_refused", "user", user_id, client_address=client_address
            )


async def mark_sessions_deactivated(user_id: int) -> None:
    """Ends every session and API token of an account being deactivated, keeping each
    until its next use so that the refusal of that use is audited."""
    await AuthSession.update({AuthSession.stage: DEACTIVATED}).where(AuthSession.user == user_id)


async def end_sessions(user_id: int, keep_token_hash: str | None = None) -> None:
    """Ends every browser session and API token of an account, but the one kept."""
    query = AuthSession.delete().where(AuthSession.user == user_id)
    if keep_token_hash is not None:
        query = query.where(AuthSession.token_hash != keep_token_hash)
    await query


def token_hash(token: str) -> str:
    return _digest(token)


async def list_sessions(principal: Principal, current_token: str) -> list[dict[str, Any]]:
    rows = (
        await AuthSession.select(
            AuthSession.id,
            AuthSession.kind,
            AuthSession.device,
            AuthSession.client_address,
            AuthSession.created_at,
            AuthSession.last_used_at,
            AuthSession.expires_at,
            AuthSession.token_hash,
        )
        .where(AuthSession.user == principal.user_id, AuthSession.expires_at > datetime.now(UTC))
        .order_by(AuthSession.last_used_at, ascending=False)
    )
    current = _digest(current_token)
    return [
        {
            **{k: v for k, v in row.items() if k != "token_hash"},
            "current": row["token_hash"] == current,
        }
        for row in rows
    ]


async def end_session(principal: Principal, session_id: int) -> None:
    async with db.transaction():
        ended = await (
            AuthSession.delete()
            .where(AuthSession.id == session_id, AuthSession.user == principal.user_id)
            .returning(AuthSession.id)
        )
        if not ended:
            raise NotFound("No session of yours with id {id}.", id=session_id)
        await audit.record(principal, "end_session", "auth_session", session_id)


async def logout(principal: Principal, token: str) -> None:
    async with db.transaction():
        await AuthSession.delete().where(AuthSession.token_hash == _digest(token))
        await audit.record(principal, "logout", "user", principal.user_id)


async def list_institutions(viewer: Principal) -> list[dict[str, Any]]:
    query = Institution.select().order_by(Institution.country).order_by(Institution.name)
    if viewer.role in {Role.PROSECUTOR, Role.COURT}:
        query = query.where(Institution.country == viewer.country)
    elif viewer.countries:
        query = query.where(Institution.country.is_in(sorted(viewer.countries)))
    return await query


async def create_institution(actor: Principal, data: InstitutionIn) -> dict[str, Any]:
    country = data.country
    if not actor.coordinates({country}):
        raise Forbidden("This institution's country is outside your scope.", field="country")
    institution = Institution(
        name=data.name.strip(),
        kind=data.kind,
        country=country,
        timezone=data.timezone,
    )
    async with db.transaction():
        await institution.save()
        await audit.record(actor, "create", "institution", institution.id)
    return institution.to_dict()

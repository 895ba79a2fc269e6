"""Sign-in, sessions, accounts and institutions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from interpreters import audit, db, registry
from interpreters.auth import limits
from interpreters.auth.passwords import hash_password, verify_password
from interpreters.auth.schemas import InstitutionIn, UserIn
from interpreters.auth.tables import AuthSession, Institution, User
from interpreters.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings

BROWSER = "browser"
API = "api"


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


async def _principal(user: dict[str, Any], kind: str, client_address: str) -> Principal:
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
    )


def refuse_cross_site_login(content_type: str, fetch_site: str) -> None:
    """Login CSRF: a cross-site form can post text/plain shaped like JSON, never JSON itself."""
    if content_type != "application/json" or fetch_site == "cross-site":
        raise Forbidden("Sign in with a JSON request from this site.")


async def _spend_attempts(email: str, client_address: str) -> str:
    """Counts this attempt against the address and the account (known or not, so that the
    answer tells nothing); the account's counter, for a success to clear."""
    settings = get_settings()
    await limits.spend(
        limits.key("address", client_address), settings.login_attempts_per_minute, 60
    )
    account = limits.key("account", email)
    await limits.spend(
        account, settings.login_attempts_per_account, settings.login_account_window_minutes * 60
    )
    return account


async def login(email: str, password: str, kind: str, client_address: str) -> IssuedSession:
    email = email.strip().lower()
    account_counter = await _spend_attempts(email, client_address)
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
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    hours = get_settings().session_hours if kind == BROWSER else 24 * 30
    expires_at = datetime.now(UTC) + timedelta(hours=hours)
    principal = await _principal(user, kind, client_address)
    async with db.transaction():
        # Housekeeping rides on sign-in: expired sessions and closed windows of attempts are
        # useless and only grow their tables.
        await AuthSession.delete().where(AuthSession.expires_at <= datetime.now(UTC))
        await limits.forget_closed_windows()
        await limits.clear(account_counter)
        await AuthSession.insert(
            AuthSession(
                token_hash=_digest(token),
                user=user["id"],
                kind=kind,
                csrf_token=csrf_token,
                expires_at=expires_at,
            )
        )
        await audit.record(principal, "login", "user", user["id"])
    return IssuedSession(token, csrf_token, principal, expires_at)


async def authenticate(token: str, kind: str, client_address: str) -> tuple[Principal, str] | None:
    """The principal and CSRF token of a live session, or None."""
    session = (
        await AuthSession.select(
            AuthSession.user, AuthSession.csrf_token, AuthSession.kind, AuthSession.expires_at
        )
        .where(AuthSession.token_hash == _digest(token))
        .first()
    )
    if not session or session["kind"] != kind or session["expires_at"] <= datetime.now(UTC):
        return None
    user = await User.select().where(User.id == session["user"], User.active.eq(True)).first()
    if not user:
        return None
    return await _principal(user, kind, client_address), session["csrf_token"]


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


def user_row(user: dict[str, Any]) -> dict[str, Any]:
    public = {k: v for k, v in user.items() if k != "password_hash"}
    return {
        **public,
        "institution_id": user["institution"],
        "interpreter_id": user["interpreter"],
        "countries": split_codes(user["countries"]),
    }


def require_regional(actor: Principal) -> None:
    if actor.countries:
        raise Forbidden("Only a regional coordinator manages accounts.")


async def list_users(actor: Principal) -> list[dict[str, Any]]:
    require_regional(actor)
    return [user_row(u) for u in await User.select().order_by(User.id)]


async def _check_links(data: UserIn) -> None:
    needs_institution = data.role in {Role.PROSECUTOR, Role.COURT}
    if needs_institution and data.institution_id is None:
        raise InvalidInput(
            "A {role} account belongs to an institution.", "institution_id", role=data.role.value
        )
    if data.institution_id is not None:
        institution = (
            await Institution.select(Institution.kind)
            .where(Institution.id == data.institution_id)
            .first()
        )
        if institution is None:
            raise InvalidInput("No such institution.", "institution_id")
        expected = "court" if data.role is Role.COURT else "prosecutor_office"
        if not needs_institution or institution["kind"] != expected:
            raise InvalidInput(
                "A {role} account cannot belong to that institution.",
                "institution_id",
                role=data.role.value,
            )
    if (data.role is Role.INTERPRETER) != (data.interpreter_id is not None):
        raise InvalidInput(
            "Exactly the interpreter accounts link to a registry record.", "interpreter_id"
        )
    if data.interpreter_id is not None:
        if not await registry.interpreters([data.interpreter_id]):
            raise InvalidInput("No such interpreter.", "interpreter_id")
        if await User.exists().where(User.interpreter == data.interpreter_id):
            raise Conflict("This interpreter already has an account.", "interpreter_id")


async def create_user(actor: Principal, data: UserIn) -> dict[str, Any]:
    require_regional(actor)
    await _check_links(data)
    countries = data.countries
    if countries and data.role is not Role.COORDINATOR:
        raise InvalidInput("Only coordinators are scoped to countries.", "countries")
    email = data.email.lower()
    user = User(
        email=email,
        password_hash=hash_password(data.password),
        role=data.role.value,
        display_name=data.display_name.strip(),
        language=data.language,
        institution=data.institution_id,
        interpreter=data.interpreter_id,
        countries=",".join(countries),
    )
    async with db.transaction():
        if await User.exists().where(User.email == email):
            raise Conflict("An account with this email already exists.", field="email")
        await user.save()
        await audit.record(actor, "create", "user", user.id)
    return user_row(user.to_dict())

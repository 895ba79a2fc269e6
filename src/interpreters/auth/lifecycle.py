"""An account's life: invited by a coordinator, a password set through a one-time link,
changed or reset, its role or scope changed, deactivated and reactivated.

Nobody but the person knows their password: an invitation creates the account without one.
Links carry a random token after `#`; only its keyed digest is stored, and using it, a newer
link of the account, or deactivating the account voids it. Whatever takes away or resets an
account's rights ends every session and API token it has.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from interpreters import audit, db, registry, signing
from interpreters.auth import limits, second_factor
from interpreters.auth.passwords import check_policy, hash_password, verify_password
from interpreters.auth.records import Account
from interpreters.auth.schemas import ChangePasswordIn, InviteIn, UserChangeIn
from interpreters.auth.service import end_sessions, mark_sessions_deactivated, split_codes
from interpreters.auth.tables import AccountLink, Institution, User
from interpreters.errors import Conflict, Forbidden, InvalidInput, NotFound
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings

INVITATION = "invitation"
RESET = "reset"
_DIGEST_PURPOSE = "account-link"


@dataclass(frozen=True, slots=True)
class AccountLinkIssued:
    """A link to send to `account` by mail: `url` carries the token, never stored in clear."""

    account: Account
    purpose: str
    url: str
    valid_for: timedelta
    role: Role


def _link_digest(token: str) -> str:
    return signing.digest(_DIGEST_PURPOSE, token)


async def _issue_link(user: dict[str, Any], purpose: str) -> AccountLinkIssued:
    settings = get_settings()
    lifetime = (
        timedelta(hours=settings.invitation_hours)
        if purpose == INVITATION
        else timedelta(minutes=settings.password_reset_minutes)
    )
    now = datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    await _void_links(user["id"], now)
    await AccountLink.insert(
        AccountLink(
            token_hash=_link_digest(token),
            user=user["id"],
            purpose=purpose,
            expires_at=now + lifetime,
        )
    )
    return AccountLinkIssued(
        account=Account.from_row(user),
        purpose=purpose,
        url=f"{settings.public_url}/ui/password.html#{token}",
        valid_for=lifetime,
        role=Role(user["role"]),
    )


async def _void_links(user_id: int, now: datetime) -> None:
    await AccountLink.update({AccountLink.used_at: now}).where(
        AccountLink.user == user_id, AccountLink.used_at.is_null()
    )


def user_row(user: dict[str, Any]) -> dict[str, Any]:
    public = {k: v for k, v in user.items() if k != "password_hash"}
    return {
        **public,
        "institution_id": user["institution"],
        "interpreter_id": user["interpreter"],
        "countries": split_codes(user["countries"]),
        "invited": not user["password_hash"],
    }


def _as_invite(user: dict[str, Any]) -> InviteIn:
    """An account's row as the invitation that would make it."""
    return InviteIn(
        email=user["email"],
        role=Role(user["role"]),
        display_name=user["display_name"],
        language=user["language"],
        institution_id=user["institution"],
        interpreter_id=user["interpreter"],
        countries=split_codes(user["countries"]),
    )


async def _countries_of(accounts: list[InviteIn]) -> list[set[str]]:
    """The countries each account belongs to (a regional coordinator's: none), read with
    one query per table."""
    institution_ids = [a.institution_id for a in accounts if a.institution_id is not None]
    institutions = (
        {
            row["id"]: row["country"]
            for row in await Institution.select(Institution.id, Institution.country).where(
                Institution.id.is_in(institution_ids)
            )
        }
        if institution_ids
        else {}
    )
    interpreters = await registry.interpreters(
        [a.interpreter_id for a in accounts if a.interpreter_id is not None]
    )

    def countries(account: InviteIn) -> set[str]:
        if account.role is Role.COORDINATOR:
            return set(account.countries)
        if account.institution_id in institutions:
            return {institutions[account.institution_id]}
        if account.interpreter_id in interpreters:
            return {interpreters[account.interpreter_id].country}
        return set()

    return [countries(account) for account in accounts]


def _manages(actor: Principal, countries: set[str]) -> bool:
    """A regional coordinator manages every account; a scoped one those wholly inside their
    countries (never a regional coordinator, nor one reaching beyond them)."""
    if not actor.is_coordinator:
        return False
    return not actor.countries or (bool(countries) and countries <= actor.countries)


async def _require_scope(actor: Principal, account: InviteIn, *, as_wanted: bool) -> None:
    """Refuses an account outside the actor's scope: as it is, or as the actor wants it."""
    [countries] = await _countries_of([account])
    if _manages(actor, countries):
        return
    if as_wanted:
        raise Forbidden("This account would be outside your scope.")
    raise Forbidden("This account is outside your scope.")


async def _check_links(data: InviteIn, user_id: int | None = None) -> None:
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
        taken = User.exists().where(User.interpreter == data.interpreter_id)
        if user_id is not None:
            taken = taken.where(User.id != user_id)
        if await taken:
            raise Conflict("This interpreter already has an account.", "interpreter_id")
    if data.countries and data.role is not Role.COORDINATOR:
        raise InvalidInput("Only coordinators are scoped to countries.", "countries")


async def list_users(actor: Principal) -> list[dict[str, Any]]:
    rows = await User.select().order_by(User.id)
    if actor.countries:
        scopes = await _countries_of([_as_invite(row) for row in rows])
        rows = [
            row for row, countries in zip(rows, scopes, strict=True) if _manages(actor, countries)
        ]
    return [user_row(row) for row in rows]


async def _user(user_id: int) -> dict[str, Any]:
    user = await User.select().where(User.id == user_id).first()
    if user is None:
        raise NotFound("No account with id {id}.", id=user_id)
    return user


async def invite(actor: Principal, data: InviteIn) -> tuple[dict[str, Any], AccountLinkIssued]:
    """A new account without a password, and the link of its invitation; call inside the
    transaction that also writes the invitation's email."""
    await _check_links(data)
    await _require_scope(actor, data, as_wanted=True)
    email = data.email.lower()
    if await User.exists().where(User.email == email):
        raise Conflict("An account with this email already exists.", field="email")
    inserted = await User.insert(
        User(
            email=email,
            password_hash="",
            role=data.role.value,
            display_name=data.display_name.strip(),
            language=data.language,
            institution=data.institution_id,
            interpreter=data.interpreter_id,
            countries=",".join(data.countries),
        )
    ).returning(*User.all_columns())
    user = inserted[0]
    await audit.record(actor, "invite", "user", user["id"])
    return user_row(user), await _issue_link(user, INVITATION)


async def renew_invitation(actor: Principal, user_id: int) -> AccountLinkIssued:
    """A new invitation link for an account whose password is not set yet (the old one
    stops working); call inside the transaction that writes its email."""
    user = await _user(user_id)
    await _require_scope(actor, _as_invite(user), as_wanted=False)
    if user["password_hash"]:
        raise Conflict("This person has already set a password; they can reset it.")
    if not user["active"]:
        raise Conflict("This account is deactivated; reactivate it first.")
    await audit.record(actor, "renew_invitation", "user", user_id)
    return await _issue_link(user, INVITATION)


async def request_reset(email: str, client_address: str) -> AccountLinkIssued | None:
    """The reset link to mail, if `email` is an active account's; call inside the
    transaction that writes its email. Counted against the sign-in limits: the answer is
    the same either way, so it must not become a way to test addresses fast."""
    email = email.strip().lower()
    await limits.spend_sign_in(email, client_address)
    user = await User.select().where(User.email == email, User.active.eq(True)).first()
    await audit.record(
        None,
        "password_reset_requested",
        "user",
        user["id"] if user else None,
        client_address=client_address,
    )
    return None if user is None else await _issue_link(user, RESET)


async def set_password(token: str, password: str, client_address: str) -> None:
    """Sets the password of the account whose one-time link `token` is, and ends every
    session it had."""
    check_policy(password, "password")
    now = datetime.now(UTC)
    async with db.transaction():
        used = await (
            AccountLink.update({AccountLink.used_at: now})
            .where(
                AccountLink.token_hash == _link_digest(token),
                AccountLink.used_at.is_null(),
                AccountLink.expires_at > now,
            )
            .returning(AccountLink.user, AccountLink.purpose)
        )
        # Deactivating an account voids its links: a link still unused is an active one's.
        if used:
            user_id = used[0]["user"]
            await User.update({User.password_hash: hash_password(password)}).where(
                User.id == user_id
            )
            await end_sessions(user_id)
            action = "password_set" if used[0]["purpose"] == INVITATION else "password_reset"
            await audit.record(None, action, "user", user_id, client_address=client_address)
    if not used:
        async with db.transaction():
            await audit.record(
                None, "password_link_refused", "user", None, client_address=client_address
            )
        raise InvalidInput(
            "This link no longer works: it was used, it expired, or a newer one was sent. "
            "Ask for a new one.",
            "token",
        )


async def change_password(
    principal: Principal, session_token_hash: str, data: ChangePasswordIn
) -> None:
    """Changes the signed-in person's password, given the current one and, once they have
    one, the second factor; every other session of theirs ends."""
    await limits.spend_sign_in(principal.email, principal.client_address)
    row = await User.select(User.password_hash).where(User.id == principal.user_id).first()
    if row is None or not verify_password(row["password_hash"], data.current_password):
        async with db.transaction():
            await audit.record(principal, "password_change_refused", "user", principal.user_id)
        raise InvalidInput("The current password is incorrect.", "current_password")
    new = data.new_password
    check_policy(new, "new_password")
    if verify_password(row["password_hash"], new):
        raise InvalidInput("Choose a password other than the current one.", "new_password")
    if await second_factor.has_factor(principal.user_id):
        await second_factor.check_proof(principal, data.code, data.passkey)
    async with db.transaction():
        await User.update({User.password_hash: hash_password(new)}).where(
            User.id == principal.user_id
        )
        await end_sessions(principal.user_id, keep_token_hash=session_token_hash)
        await audit.record(principal, "password_changed", "user", principal.user_id)


async def update_user(actor: Principal, user_id: int, change: UserChangeIn) -> dict[str, Any]:
    """Changes an account's role, institution, registry record, countries, name or language
    within the coordinator's scope; a change of what the account may reach ends its sessions."""
    async with db.transaction():
        current = _as_invite(await _user(user_id))
        await _require_scope(actor, current, as_wanted=False)
        wanted = current.model_copy(update=change.model_dump(exclude_unset=True))
        wanted = InviteIn.model_validate(wanted.model_dump())
        if user_id == actor.user_id and wanted.model_dump() != current.model_dump():
            raise Forbidden("Another coordinator changes your own account.")
        await _check_links(wanted, user_id)
        await _require_scope(actor, wanted, as_wanted=True)
        changed = {
            name
            for name, value in wanted.model_dump().items()
            if value != current.model_dump()[name]
        }
        await User.update(
            {
                User.role: wanted.role.value,
                User.display_name: wanted.display_name.strip(),
                User.language: wanted.language,
                User.institution: wanted.institution_id,
                User.interpreter: wanted.interpreter_id,
                User.countries: ",".join(wanted.countries),
            }
        ).where(User.id == user_id)
        if changed & {"role", "institution_id", "interpreter_id", "countries"}:
            await end_sessions(user_id)
        if changed:
            await audit.record(actor, "update", "user", user_id, changed)
        return user_row(await _user(user_id))


async def set_active(actor: Principal, user_id: int, active: bool) -> dict[str, Any]:
    """Deactivates an account (its sessions, API tokens and pending links end at once) or
    reactivates it."""
    if user_id == actor.user_id:
        raise Forbidden("Another coordinator deactivates or reactivates your own account.")
    async with db.transaction():
        user = await _user(user_id)
        await _require_scope(actor, _as_invite(user), as_wanted=False)
        if user["active"] != active:
            await User.update({User.active: active}).where(User.id == user_id)
            # Reactivated, no session of before comes back.
            await (end_sessions(user_id) if active else mark_sessions_deactivated(user_id))
            if not active:
                await _void_links(user_id, datetime.now(UTC))
            await audit.record(actor, "reactivate" if active else "deactivate", "user", user_id)
        return user_row(await _user(user_id))


async def reset_second_factor(actor: Principal, user_id: int) -> dict[str, Any]:
    """Forgets an account's second factor after a lost device: at the next sign-in the
    person sets up a new one. Every session of the account ends."""
    if user_id == actor.user_id:
        raise Forbidden("Another coordinator resets your own second factor.")
    async with db.transaction():
        user = await _user(user_id)
        await _require_scope(actor, _as_invite(user), as_wanted=False)
        await second_factor.remove(user_id)
        await end_sessions(user_id)
        await audit.record(actor, "second_factor_reset", "user", user_id)
        return user_row(user)

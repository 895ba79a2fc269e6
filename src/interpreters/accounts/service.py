"""Invitations and password resets: the account change and its email in one transaction."""

from __future__ import annotations

from typing import Any

from interpreters import auth, db, notifications
from interpreters.principal import Principal


async def invite(actor: Principal, data: auth.InviteIn) -> dict[str, Any]:
    async with db.transaction():
        user, link = await auth.invite(actor, data)
        await notifications.mail_account_link(link)
    notifications.kick_outbox()
    return user


async def renew_invitation(actor: Principal, user_id: int) -> None:
    async with db.transaction():
        await notifications.mail_account_link(await auth.renew_invitation(actor, user_id))
    notifications.kick_outbox()


async def request_password_reset(email: str, client_address: str) -> None:
    async with db.transaction():
        link = await auth.request_reset(email, client_address)
        if link is not None:
            await notifications.mail_account_link(link)
    notifications.kick_outbox()

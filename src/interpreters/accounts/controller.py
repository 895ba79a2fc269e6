from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from interpreters import auth
from interpreters.accounts import service
from interpreters.guards import public, requires
from interpreters.principal import Principal, Role
from interpreters.settings import get_settings
from interpreters.validation import Id

AnyRequest = Request[Principal, Any, Any]

_SCOPE = (
    "A regional coordinator manages every account; a coordinator of some countries, the "
    "accounts wholly inside them."
)


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]
    guards = [requires(Role.COORDINATOR)]

    @get("/", operation_id="listUsers", summary="Accounts within my scope", description=_SCOPE)
    async def list_users(self, request: AnyRequest) -> list[auth.UserOut]:
        return [auth.UserOut(**row) for row in await auth.list_users(request.user)]

    @post(
        "/",
        operation_id="inviteUser",
        summary="Invite a person: the account is created without a password",
        description=(
            "The person gets an email with a one-time link to choose their password, valid "
            f"{get_settings().invitation_hours} hours. " + _SCOPE
        ),
        status_code=HTTP_201_CREATED,
    )
    async def invite(self, request: AnyRequest, data: JSONBody[auth.InviteIn]) -> auth.UserOut:
        return auth.UserOut(**await service.invite(request.user, data))

    @post(
        "/{user_id:int}/invitation",
        operation_id="renewInvitation",
        summary="Send a new invitation link; the earlier one stops working",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def renew_invitation(self, request: AnyRequest, user_id: Id) -> None:
        await service.renew_invitation(request.user, user_id)

    @patch(
        "/{user_id:int}",
        operation_id="updateUser",
        summary="Change an account's role, institution, registry record, countries, name or "
        "language",
        description="A change of role, institution, registry record or countries ends every "
        "session and API token of the account. " + _SCOPE,
    )
    async def update(
        self, request: AnyRequest, user_id: Id, data: JSONBody[auth.UserChangeIn]
    ) -> auth.UserOut:
        return auth.UserOut(**await auth.update_user(request.user, user_id, data))

    @post(
        "/{user_id:int}/deactivate",
        operation_id="deactivateUser",
        summary="Deactivate an account: its sessions, API tokens and links end at once",
        status_code=200,
    )
    async def deactivate(self, request: AnyRequest, user_id: Id) -> auth.UserOut:
        return auth.UserOut(**await auth.set_active(request.user, user_id, active=False))

    @post(
        "/{user_id:int}/reactivate",
        operation_id="reactivateUser",
        summary="Reactivate an account",
        status_code=200,
    )
    async def reactivate(self, request: AnyRequest, user_id: Id) -> auth.UserOut:
        return auth.UserOut(**await auth.set_active(request.user, user_id, active=True))

    @post(
        "/{user_id:int}/second-factor/reset",
        operation_id="resetSecondFactor",
        summary="Forget an account's second factor after a lost device",
        description="Every session of the account ends; at the next sign-in the person sets "
        "up a new second factor. " + _SCOPE,
        status_code=200,
    )
    async def reset_second_factor(self, request: AnyRequest, user_id: Id) -> auth.UserOut:
        return auth.UserOut(**await auth.reset_second_factor(request.user, user_id))


class PasswordResetController(Controller):
    path = "/api/v1/auth/password/reset"
    tags = ["auth"]

    @post(
        "/",
        guards=[public],
        exclude_from_auth=True,
        operation_id="requestPasswordReset",
        summary="Mail a one-time link to choose a new password",
        description=(
            "The answer is the same whether or not the address has an account. The link is "
            f"valid {get_settings().password_reset_minutes} minutes. Requests count against "
            "the sign-in limits of the address and the account."
        ),
        status_code=HTTP_202_ACCEPTED,
    )
    async def request_reset(
        self, request: AnyRequest, data: JSONBody[auth.PasswordResetIn]
    ) -> None:
        auth.refuse_cross_site_login(
            request.content_type[0], request.headers.get("sec-fetch-site", "")
        )
        client = request.client.host if request.client else ""
        await service.request_password_reset(data.email, client)

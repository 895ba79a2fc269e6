"""Accounts: institutions, users and their roles, passwords, sessions and sign-in.

Floor: above registry (an interpreter's account names their registry record) and audit;
below availability and every domain that books or tells people. For other packages, as
typed records: `Account` (a person to address) with `account`, `coordinators_of`,
`institution_and_coordinators`, `court_account` and `languages_of_interpreters`;
`InstitutionRecord` with `institution`; `active_among`. An account's life (`invite`,
`renew_invitation`, `request_reset`) gives an `AccountLinkIssued` for the floor above to
mail, in the same transaction; `list_users`, `update_user`, `set_active` and
`reset_second_factor`, the schemas `InviteIn`, `UserChangeIn`, `UserOut` and
`PasswordResetIn`, and `refuse_cross_site_login` serve the routes above. Who is asking
(`Principal`) and the route guards are the kernel's (`interpreters.principal`,
`interpreters.guards`): every floor needs them, so they stand below audit, which records
the actor.
"""

from interpreters.auth.lifecycle import (
    AccountLinkIssued,
    invite,
    list_users,
    renew_invitation,
    request_reset,
    reset_second_factor,
    set_active,
    update_user,
)
from interpreters.auth.records import (
    Account,
    InstitutionRecord,
    account,
    active_among,
    coordinators_of,
    court_account,
    institution,
    institution_and_coordinators,
    languages_of_interpreters,
)
from interpreters.auth.schemas import InviteIn, PasswordResetIn, UserChangeIn, UserOut
from interpreters.auth.service import refuse_cross_site_login

__all__ = [
    "Account",
    "AccountLinkIssued",
    "InstitutionRecord",
    "InviteIn",
    "PasswordResetIn",
    "UserChangeIn",
    "UserOut",
    "account",
    "active_among",
    "coordinators_of",
    "court_account",
    "institution",
    "institution_and_coordinators",
    "invite",
    "languages_of_interpreters",
    "list_users",
    "refuse_cross_site_login",
    "renew_invitation",
    "request_reset",
    "reset_second_factor",
    "set_active",
    "update_user",
]

"""Accounts: institutions, users and their roles, passwords, sessions and sign-in.

Floor: above registry (an interpreter's account names their registry record) and audit;
below availability and every domain that books or tells people. For other packages, as
typed records: `Account` (a person to address) with `account`, `coordinators_of`,
`institution_and_coordinators`, `court_account` and `languages_of_interpreters`;
`InstitutionRecord` with `institution`. Who is asking (`Principal`) and the route guards
are the kernel's (`interpreters.principal`, `interpreters.guards`): every floor needs
them, so they stand below audit, which records the actor.
"""

from interpreters.auth.records import (
    Account,
    InstitutionRecord,
    account,
    coordinators_of,
    court_account,
    institution,
    institution_and_coordinators,
    languages_of_interpreters,
)

__all__ = [
    "Account",
    "InstitutionRecord",
    "account",
    "coordinators_of",
    "court_account",
    "institution",
    "institution_and_coordinators",
    "languages_of_interpreters",
]

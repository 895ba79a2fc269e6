"""The registry of vetted interpreters: identity (restricted fields), languages and
proficiency, credentials, vetting, conflicts of interest and case blocks.

Floor: above audit; below auth, availability and every domain that matches or books. For
other packages, as typed records: `InterpreterRecord` with the reads `interpreter`,
`interpreters`, `lock_interpreters` and the access checks `require_manager` and
`own_or_managed`; who is qualified for a seat (`Need`, `Candidate`, `candidates`,
`conflicted`, `require_qualified`); `ExpiringCredential` and `expiring_credentials`;
`countries_of` (for a coordinator's scope), `today` (the date the validity rules use) and
the registry's vocabularies (`CredentialKind`, `Direction`, `Gender`, `Modality`, `Mode`).
`set_vetting` with `VettingIn`, `VettingStatus` and `InterpreterOut` serves the vetting
route, which bookings holds: a withdrawn vetting reaches the interpreter's sessions.
"""

from interpreters.registry.qualified import (
    Candidate,
    Need,
    candidates,
    conflicted,
    require_qualified,
)
from interpreters.registry.records import (
    ExpiringCredential,
    InterpreterRecord,
    expiring_credentials,
    interpreter,
    interpreters,
    lock_interpreters,
    own_or_managed,
    require_manager,
)
from interpreters.registry.schemas import (
    CredentialKind,
    Direction,
    Gender,
    InterpreterOut,
    Modality,
    Mode,
    VettingIn,
    VettingStatus,
)
from interpreters.registry.service import set_vetting
from interpreters.registry.views import countries_of, today

__all__ = [
    "Candidate",
    "CredentialKind",
    "Direction",
    "ExpiringCredential",
    "Gender",
    "InterpreterOut",
    "InterpreterRecord",
    "Modality",
    "Mode",
    "Need",
    "VettingIn",
    "VettingStatus",
    "candidates",
    "conflicted",
    "countries_of",
    "expiring_credentials",
    "interpreter",
    "interpreters",
    "lock_interpreters",
    "own_or_managed",
    "require_manager",
    "require_qualified",
    "set_vetting",
    "today",
]

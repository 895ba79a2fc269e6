"""The audit log: who did what to which record, when and from where.

Floor: the lowest domain, above the kernel (settings, db, errors, i18n, principal,
guards, validation); every other domain writes to it. For other packages: `record` (one
entry, inside the transaction of the change) with its `Actor` — a `Principal`, or a
`Participant` without an account. Its route checks a scoped coordinator's reach with
registry's door, as routes stand above every domain.
"""

from interpreters.audit.service import Actor, Participant, record

__all__ = ["Actor", "Participant", "record"]

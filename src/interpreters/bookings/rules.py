"""Which credentials each kind of session needs, by default and as a country configures it."""

from __future__ import annotations

from interpreters.bookings.schemas import SessionKind
from interpreters.registry import CredentialKind, Mode
from interpreters.settings import get_settings

# Sessions where a victim is present or heard: the interpreter needs trauma-informed training.
VICTIM_SESSIONS = frozenset(
    {
        SessionKind.VICTIM_INTERVIEW,
        SessionKind.MINOR_FORENSIC_INTERVIEW,
        SessionKind.DEPOSITION,
        SessionKind.PSYCHOLOGICAL_ASSESSMENT,
        SessionKind.CONSULAR_INTERVIEW,
    }
)


def default_credentials(kind: SessionKind) -> list[list[str]]:
    """Groups of alternatives: each group needs one valid credential of its kinds."""
    groups = []
    if kind in {SessionKind.COURT_HEARING, SessionKind.DEPOSITION}:
        groups.append([CredentialKind.COURT_CERTIFIED.value, CredentialKind.SWORN_EXPERT.value])
    if kind is SessionKind.MINOR_FORENSIC_INTERVIEW:
        groups.append([CredentialKind.CHILD_FORENSIC_TRAINING.value])
    if kind in VICTIM_SESSIONS:
        groups.append([CredentialKind.TRAUMA_INFORMED_TRAINING.value])
    return groups


def interpreters_needed(mode: Mode, duration_minutes: int) -> int:
    """Two, taking turns, for long sessions (interpreting tires and errors follow); else one."""
    settings = get_settings()
    threshold = {
        Mode.CONSECUTIVE: settings.team_consecutive_minutes,
        Mode.SIMULTANEOUS: settings.team_simultaneous_minutes,
    }.get(mode)
    return 2 if threshold is not None and duration_minutes >= threshold else 1

"""The registry of vetted interpreters: identity (restricted fields), languages and
proficiency, credentials, vetting, conflicts of interest and case blocks.

Floor: above audit; below auth, availability and every domain that matches or books. For
other packages: `countries_of` (the countries an interpreter works in, for a coordinator's
scope) and the registry's vocabularies (`CredentialKind`, `Direction`, `Gender`,
`Modality`, `Mode`).
"""

from interpreters.registry.schemas import CredentialKind, Direction, Gender, Modality, Mode
from interpreters.registry.views import countries_of

__all__ = ["CredentialKind", "Direction", "Gender", "Modality", "Mode", "countries_of"]

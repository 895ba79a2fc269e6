"""Reference data: ISO 639-3 languages, ISO 3166 countries and IANA zones, validated."""

from __future__ import annotations

import gettext
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Annotated
from zoneinfo import available_timezones

import pycountry
from pydantic import AfterValidator

from interpreters.validation import invalid

COALITION_COUNTRIES = ("MX", "BZ", "GT", "SV", "HN", "NI", "CR", "PA", "DO")


# The names people in the region use, where the ISO names (or pycountry's Spanish
# translation) differ; the ISO name stays searchable as an alias.
REGIONAL_NAMES: dict[str, tuple[str, str]] = {
    "bzj": ("Belize Kriol", "Kriol beliceño"),
    "cab": ("Garifuna", "Garífuna"),
    "quc": ("K'iche'", "K'iche'"),
    "kek": ("Q'eqchi'", "Q'eqchi'"),
    "mam": ("Mam", "Mam"),
    "cak": ("Kaqchikel", "Kaqchikel"),
    "miq": ("Miskito", "Miskito"),
    "gym": ("Ngäbere", "Ngäbere"),
    "yua": ("Yucatec Maya", "Maya yucateco"),
    "tzo": ("Tzotzil", "Tsotsil"),
    "tzh": ("Tzeltal", "Tseltal"),
    "nhe": ("Eastern Huasteca Nahuatl", "Náhuatl de la Huasteca oriental"),
    "nhi": ("Zacatlán-Ahuacatlán-Tepetzintla Nahuatl", "Náhuatl de la Sierra Norte de Puebla"),
    "ngu": ("Guerrero Nahuatl", "Náhuatl de Guerrero"),
    "ppl": ("Pipil (Nawat)", "Náhuat pipil"),
    "hat": ("Haitian Creole", "Criollo haitiano"),
    "cmn": ("Mandarin Chinese", "Chino mandarín"),
    "ben": ("Bengali", "Bengalí"),
    "wol": ("Wolof", "Wólof"),
    "por": ("Portuguese", "Portugués"),
    "fra": ("French", "Francés"),
    "arb": ("Standard Arabic", "Árabe estándar"),
    "hin": ("Hindi", "Hindi"),
    "mfs": ("Mexican Sign Language", "Lengua de señas mexicana"),
    "gsm": ("Guatemalan Sign Language", "Lengua de señas de Guatemala"),
    "hds": ("Honduran Sign Language", "Lengua de señas hondureña"),
    "esn": ("Salvadoran Sign Language", "Lengua de señas salvadoreña"),
    "ncs": ("Nicaraguan Sign Language", "Lengua de señas nicaragüense"),
    "csr": ("Costa Rican Sign Language", "Lengua de señas costarricense"),
    "lsp": ("Panamanian Sign Language", "Lengua de señas panameña"),
    "doq": ("Dominican Sign Language", "Lengua de señas dominicana"),
    "bzs": ("Brazilian Sign Language", "Lengua de señas brasileña"),
    "ase": ("American Sign Language", "Lengua de señas americana"),
}


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name_en: str
    name_es: str
    is_sign_language: bool
    iso_name: str


def fold(text: str) -> str:
    """Case, accents and apostrophes ignored: "Q'eqchi'", "qeqchi" and "QʼEQCHIʼ" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’ʼ")


@cache
def languages() -> dict[str, Language]:
    spanish = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["es"])
    result = {}
    for entry in pycountry.languages:
        if entry.type not in {"L", "E"}:  # living and extinct-but-documented languages only
            continue
        name = entry.name
        name_en, name_es = REGIONAL_NAMES.get(entry.alpha_3, (name, spanish.gettext(name)))
        result[entry.alpha_3] = Language(
            code=entry.alpha_3,
            name_en=name_en,
            name_es=name_es,
            is_sign_language="Sign Language" in name,
            iso_name=name,
        )
    return result


def search_languages(query: str, limit: int) -> list[Language]:
    """Exact code first, then names that start with the query, then names that contain it."""
    folded = fold(query.strip())
    if not folded:
        return []
    ranked: list[tuple[int, str, Language]] = []
    for language in languages().values():
        names = (fold(language.name_en), fold(language.name_es), fold(language.iso_name))
        if language.code == folded:
            rank = 0
        elif any(n.startswith(folded) for n in names):
            rank = 1
        elif any(folded in n for n in names):
            rank = 2
        else:
            continue
        ranked.append((rank, language.name_en, language))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [language for _, _, language in ranked[:limit]]


def language_code(code: str) -> str:
    normalized = code.strip().lower()
    if normalized not in languages():
        raise invalid("'{code}' is not an ISO 639-3 language code", code=code)
    return normalized


def country_code(code: str) -> str:
    normalized = code.strip().upper()
    if len(normalized) != 2 or pycountry.countries.get(alpha_2=normalized) is None:
        raise invalid("'{code}' is not an ISO 3166-1 alpha-2 country code", code=code)
    return normalized


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def timezone_name(name: str) -> str:
    if name not in _zones():
        raise invalid("'{name}' is not an IANA time zone", name=name)
    return name


LanguageCode = Annotated[str, AfterValidator(language_code)]
CountryCode = Annotated[str, AfterValidator(country_code)]
TimeZoneName = Annotated[str, AfterValidator(timezone_name)]

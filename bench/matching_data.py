"""The matching benchmark's data set: freebusy_data's 10,000 interpreters with a year of
availability, plus what matching filters and scores on, and booking_data's year of bookings.

Skills follow where people live (K'iche', Q'eqchi', Mam and Kaqchikel in Guatemala, Miskito
and Garifuna in Honduras and Nicaragua, each country's sign language, English everywhere,
rare languages abroad); some are stored with Spanish first, some serve one direction only,
some pair with English. Modalities, credentials (some expired by the session, some never
verified), lapsed or withdrawn vettings, declared conflicts and coordinators' blocks vary.
A fixed seed makes it the same each run.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from booking_data import COMMUNITIES, INSTITUTIONS, Booker, Bookings, bulk
from freebusy_data import SEED, START, YEAR_DAYS, ZONES, DataSet, weighted
from freebusy_data import build as build_availability
from freebusy_data import describe as describe_availability
from freebusy_data import fill as fill_availability

# Pairs with Spanish by country of residence (weights); abroad, the rare languages.
SPOKEN: dict[str, dict[str, float]] = {
    "MX": {"eng": 30, "yua": 10, "tzo": 8, "tzh": 7, "nhe": 7, "mfs": 8, "mam": 2, "hat": 3},
    "GT": {"quc": 30, "kek": 18, "mam": 15, "cak": 15, "gsm": 5, "eng": 20, "cab": 2},
    "HN": {"miq": 14, "cab": 12, "hds": 8, "eng": 30, "quc": 3},
    "SV": {"esn": 10, "ppl": 5, "eng": 35, "quc": 2},
    "NI": {"miq": 20, "ncs": 10, "eng": 30},
    "DO": {"hat": 30, "doq": 8, "eng": 30, "fra": 5},
    "CR": {"csr": 12, "eng": 35, "cmn": 4},
    "PA": {"gym": 25, "lsp": 8, "eng": 30, "cmn": 3},
    "BZ": {"eng": 30, "bzj": 20, "cab": 10, "kek": 10, "yua": 5},
    "US": {"eng": 20, "cmn": 10, "hat": 8, "ben": 6, "wol": 4, "hin": 6, "quc": 5, "mam": 5},
    "ES": {"eng": 15, "fra": 15, "por": 10, "arb": 10, "wol": 8, "ben": 3, "cmn": 5},
}
SIGN = {"mfs", "gsm", "hds", "esn", "ncs", "csr", "lsp", "doq"}
INDIGENOUS = {"quc", "kek", "mam", "cak", "yua", "tzo", "tzh", "nhe", "miq", "cab", "gym", "ppl"}
# ... and pairs with English instead of Spanish: Kriol in Belize, some rare languages.
WITH_ENGLISH = {"bzj": 0.8, "cmn": 0.3, "ben": 0.3, "hin": 0.3, "wol": 0.2, "hat": 0.1}
PAIRS = {1: 55.0, 2: 35, 3: 10}
PROFICIENCY = {2: 10.0, 3: 35, 4: 35, 5: 20}
SPANISH_FIRST = 0.15  # stored as spa → X instead of X → spa
ONE_WAY = 0.15  # into one language only: no dialogue, never matched
MODALITY = {"video": 0.8, "phone": 0.55, "on_site": 0.6}
SPECIALISATIONS = ["victim_interviews", "minors", "gender_based_violence", "court", "medical_psych"]
NOT_VETTED = {"vetted": 94.0, "applicant": 3, "suspended": 2, "revoked": 1}
VETTING_LAPSES = 0.03  # vetted, but the background check expires before the session
UNVERIFIED = 0.1  # credentials uploaded but not (yet) checked by a coordinator
CONFLICTS, BLOCKS = 0.03, 0.01
# The measured requests: the asking institution's country and the RequestIn fields.
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "K'iche'-Spanish victim interview from Honduras, video, 3-day window": (
        "HN",
        dict(
            case_reference="FEVCTP-HN-2027-00042",
            victim_pseudonym="Víctima K",
            session_kind="victim_interview",
            language="quc",
            modality="video",
            community="Momostenango",
            start=datetime(2027, 3, 9, 8),
            latest_start=datetime(2027, 3, 11, 16),
            duration_minutes=45,
            preferred_gender="female",
        ),
    ),
    "English-Spanish deposition from Mexico, video, team of two, 7-day window": (
        "MX",
        dict(
            case_reference="FEVIMTRA-MX-2027-00310",
            victim_pseudonym="Víctima E",
            session_kind="deposition",
            language="eng",
            modality="video",
            start=datetime(2027, 3, 10, 9),
            latest_start=datetime(2027, 3, 16, 17),
            duration_minutes=120,
            min_proficiency=4,
        ),
    ),
}


@dataclass
class MatchingData:
    availability: DataSet
    # Rows pointing at an interpreter: (person index, values), by table name.
    owned: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    bookings: Bookings = field(default_factory=Bookings)


def _country(zone: str) -> str:
    return ZONES[zone][0]


def _skills(rng: random.Random, country: str) -> list[dict[str, Any]]:
    languages = set()
    for _ in range(weighted(rng, PAIRS)):
        languages.add(weighted(rng, SPOKEN[country]))
    skills = []
    for language in sorted(languages):
        other = "spa"
        if language != "eng" and rng.random() < WITH_ENGLISH.get(language, 0.0):
            other = "eng"
        first, second = (other, language) if rng.random() < SPANISH_FIRST else (language, other)
        direction = "both"
        if rng.random() < ONE_WAY:
            direction = rng.choice(["into_language", "into_working"])
        skills.append(
            dict(
                language=first,
                working_language=second,
                direction=direction,
                proficiency=weighted(rng, PROFICIENCY),
                modes=rng.choice(["consecutive", "consecutive,simultaneous", "consecutive,sight"]),
            )
        )
    return skills


def _credential(
    rng: random.Random, kind: str, language: str | None, lasts_days: int | None
) -> dict[str, Any]:
    issued = START.date() - timedelta(rng.randint(30, 1800))
    expires = None if lasts_days is None else issued + timedelta(lasts_days)
    verified = None
    if rng.random() >= UNVERIFIED:
        verified = datetime.combine(issued + timedelta(10), datetime.min.time(), UTC)
    return dict(
        kind=kind,
        issuer="Benchmark",
        language=language,
        issued_on=issued,
        expires_on=expires,
        verified_by=1 if verified else None,
        verified_at=verified,
    )


def _credentials(rng: random.Random, languages: list[str]) -> list[dict[str, Any]]:
    found = []
    if rng.random() < 0.55:  # a two-year course: some have lapsed by START
        found.append(_credential(rng, "trauma_informed_training", None, 730))
    if rng.random() < 0.15:
        found.append(_credential(rng, "child_forensic_training", None, 1095))
    for kind, share in (("court_certified", 0.2), ("sworn_expert", 0.1)):
        if rng.random() < share:
            lasts = rng.choice([None, 1095, 1825])
            found.append(_credential(rng, kind, rng.choice(languages), lasts))
    for language in languages:
        if language in INDIGENOUS and rng.random() < 0.4:
            found.append(_credential(rng, "indigenous_register", language, None))
        if language in SIGN and rng.random() < 0.6:
            found.append(_credential(rng, "sign_language_certification", language, 1825))
    return found


def _registry(rng: random.Random, data: MatchingData) -> None:
    people = data.availability.people
    owned = data.owned = {"skill": [], "tag": [], "credential": []}
    for i, person in enumerate(people):
        country = _country(person["timezone"])
        person["country"] = country
        status = weighted(rng, NOT_VETTED)
        person["vetting_status"] = status
        if status == "vetted" and rng.random() < VETTING_LAPSES:
            person["background_check_expires_on"] = START.date() - timedelta(rng.randint(1, 60))
        skills = _skills(rng, country)
        owned["skill"] += [(i, skill) for skill in skills]
        languages = sorted({x for s in skills for x in (s["language"], s["working_language"])})
        modalities = [m for m, share in MODALITY.items() if rng.random() < share] or ["video"]
        tags = [("modality", m) for m in modalities]
        served = {country} if country in INSTITUTIONS else set()
        served |= set(rng.sample(sorted(INSTITUTIONS), rng.randint(0, 2)))
        tags += [("country", c) for c in sorted(served)]
        tags += [("specialisation", s) for s in rng.sample(SPECIALISATIONS, rng.randint(0, 3))]
        owned["tag"] += [(i, dict(kind=kind, value=value)) for kind, value in tags]
        credentials = _credentials(rng, [x for x in languages if x != "spa"] or ["spa"])
        owned["credential"] += [(i, c) for c in credentials]


def _exclusions(rng: random.Random, data: MatchingData, cases: list[str]) -> None:
    """Conflicts of interest and coordinators' blocks in cases of the bookings."""
    n = len(data.availability.people)
    conflicts, blocks = data.owned.setdefault("conflict", []), data.owned.setdefault("block", [])
    communities = COMMUNITIES.split()
    for i in rng.sample(range(n), int(n * CONFLICTS)):
        if rng.random() < 0.5:
            about = dict(case_reference=rng.choice(cases), description="Knows the accused")
        else:
            about = dict(community=rng.choice(communities), description="Relatives live there")
        conflicts.append((i, about))
    for i in rng.sample(range(n), int(n * BLOCKS)):
        blocks.append((i, dict(case_reference=rng.choice(cases), reason="Coordinator's decision")))


def build(n: int, bookings: int, seed: int = SEED) -> MatchingData:
    rng = random.Random(seed)
    data = MatchingData(build_availability(rng, n, year_round=True))
    _registry(rng, data)
    skills: dict[int, list[dict[str, Any]]] = {}  # for a dialogue: both directions
    for i, skill in data.owned["skill"]:
        if skill["direction"] == "both":
            skills.setdefault(i, []).append(skill)
    modalities: dict[int, list[str]] = {}
    for i, tag in data.owned["tag"]:
        if tag["kind"] == "modality":
            modalities.setdefault(i, []).append(tag["value"])
    booker = Booker(rng, data.availability.people, skills, modalities)
    data.bookings = booker.year(data.availability.profiles, bookings)
    _exclusions(rng, data, data.bookings.cases)
    return data


async def fill(data: MatchingData) -> tuple[dict[str, int], int]:
    """Inserts the data set; returns the institutions by country and the row count."""
    from interpreters.auth.tables import Institution
    from interpreters.registry.tables import (
        CaseBlock,
        ConflictOfInterest,
        Credential,
        InterpreterTag,
        LanguageSkill,
    )
    from interpreters.sessions.tables import Booking, InterpretationRequest

    zones, _, rows = await fill_availability(data.availability)
    ids = list(zones)
    tables: dict[str, Any] = {
        "skill": LanguageSkill,
        "tag": InterpreterTag,
        "credential": Credential,
        "conflict": ConflictOfInterest,
        "block": CaseBlock,
    }
    for name, table in tables.items():
        extra = {"blocked_by": 1} if table is CaseBlock else {}
        rows += len(
            await bulk(table, [{"interpreter": ids[i], **v, **extra} for i, v in data.owned[name]])
        )
    offices = [
        dict(name=f"Fiscalía {c}", kind="prosecutor_office", country=c, timezone=z)
        for c, z in INSTITUTIONS.items()
    ]
    institutions = dict(zip(INSTITUTIONS, await bulk(Institution, offices), strict=True))
    requests = [
        {"institution": institutions[r["country"]], "requested_by": 1, **r}
        for _, r, _ in data.bookings.rows
    ]
    made = await bulk(InterpretationRequest, requests)
    bookings = [
        {"request": request, "interpreter": ids[i], **booking}
        for (i, _, booking), request in zip(data.bookings.rows, made, strict=True)
    ]
    rows += len(made) + len(await bulk(Booking, bookings)) + len(offices)
    return institutions, rows


def describe(data: MatchingData, rows: int) -> None:
    describe_availability(data.availability, rows)
    people = data.availability.people
    owned = {name: len(values) for name, values in data.owned.items()}
    vetting = Counter(person["vetting_status"] for person in people)
    one_way = sum(1 for _, s in data.owned["skill"] if s["direction"] != "both")
    spanish_first = sum(1 for _, s in data.owned["skill"] if s["language"] == "spa")
    unverified = sum(1 for _, c in data.owned["credential"] if c["verified_at"] is None)
    print(
        f"data: vetting {dict(vetting)}; {owned['skill']} skills ({spanish_first} stored"
        f" Spanish first, {one_way} one way only), {owned['tag']} tags,"
        f" {owned['credential']} credentials ({unverified} unverified),"
        f" {owned['conflict']} conflicts of interest, {owned['block']} case blocks"
    )
    print(
        f"data: {len(data.bookings.rows)} bookings over {YEAR_DAYS} days around"
        f" {START.date()} ({dict(data.bookings.statuses)}), each with its request"
    )

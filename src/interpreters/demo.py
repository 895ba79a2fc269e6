"""A synthetic region for trying the product: no real person's data."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from interpreters import db
from interpreters.auth.passwords import hash_password
from interpreters.auth.tables import Institution, User
from interpreters.availability.tables import AvailabilityProfile, TimeOff
from interpreters.demo_places import INSTITUTIONS, ROOMS
from interpreters.demo_work import give_work
from interpreters.principal import Role
from interpreters.registry.schemas import (
    CredentialIn,
    CredentialKind,
    Gender,
    InterpreterIn,
    Modality,
    Mode,
    SkillIn,
    Specialisation,
)
from interpreters.registry.service import insert_interpreter
from interpreters.registry.tables import Credential, Interpreter, VettingEvent
from interpreters.sessions import Facility

SIZE = 300
SEED = 2026

# (country, zones, languages paired with the working language, working language)
REGIONS: list[tuple[str, list[str], list[str], str]] = [
    (
        "MX",
        ["America/Mexico_City", "America/Cancun", "America/Tijuana"],
        ["yua", "tzo", "tzh", "nhe", "ngu", "nhi", "mfs", "eng"],
        "spa",
    ),
    ("BZ", ["America/Belize"], ["bzj", "cab", "kek", "spa"], "eng"),
    ("GT", ["America/Guatemala"], ["quc", "kek", "mam", "cak", "gsm", "cab"], "spa"),
    ("SV", ["America/El_Salvador"], ["ppl", "esn", "eng"], "spa"),
    ("HN", ["America/Tegucigalpa"], ["cab", "miq", "hds", "eng"], "spa"),
    ("NI", ["America/Managua"], ["miq", "ncs", "eng"], "spa"),
    ("CR", ["America/Costa_Rica"], ["csr", "eng", "cmn"], "spa"),
    ("PA", ["America/Panama"], ["gym", "lsp", "cmn", "eng"], "spa"),
    ("DO", ["America/Santo_Domingo"], ["hat", "doq", "fra", "eng"], "spa"),
    (
        "US",
        ["America/Los_Angeles", "America/New_York"],
        ["cmn", "ben", "hin", "arb", "por", "hat", "quc", "mam"],
        "spa",
    ),
    ("ES", ["Europe/Madrid"], ["wol", "arb", "fra", "por", "ben"], "spa"),
]
SIGN = {"mfs", "gsm", "hds", "esn", "ncs", "csr", "lsp", "doq"}
INDIGENOUS = {
    "yua",
    "tzo",
    "tzh",
    "nhe",
    "ngu",
    "nhi",
    "quc",
    "kek",
    "mam",
    "cak",
    "cab",
    "miq",
    "gym",
    "ppl",
    "bzj",
}
COALITION = ["MX", "BZ", "GT", "SV", "HN", "NI", "CR", "PA", "DO"]
FIRST = {
    Gender.FEMALE: [
        "Ana",
        "Lucía",
        "Rosa",
        "Ixchel",
        "Marta",
        "Keisha",
        "Yolanda",
        "Sofía",
        "Nayeli",
        "Awa",
        "Mei",
        "Fatou",
        "Carmen",
        "Elena",
        "Rubí",
        "Itzel",
    ],
    Gender.MALE: [
        "José",
        "Tomás",
        "Kenji",
        "Rigoberto",
        "Amadou",
        "Luis",
        "Wen",
        "Marvin",
        "Pedro",
        "Aziz",
        "Jean",
        "Balam",
        "Ernesto",
        "Kofi",
        "Raúl",
        "Tito",
    ],
}
LAST = [
    "Xol",
    "Tzul",
    "Batz",
    "Martínez",
    "Ramírez",
    "Castillo",
    "Lambey",
    "Zelaya",
    "Chen",
    "Diallo",
    "Pérez",
    "Cruz",
    "Coc",
    "Ixcoy",
    "Moreno",
    "Ortega",
    "Ventura",
    "Sánchez",
    "Bodden",
    "Flores",
    "Nuñez",
    "Reyes",
    "Quintanilla",
    "Hossain",
    "Lima",
    "Pierre",
]
LOGINS = {
    Role.COORDINATOR: ("coordinacion@demo.example.org", "demo-coordinator-2026"),
    Role.PROSECUTOR: ("fiscal.hn@demo.example.org", "demo-prosecutor-2026"),
    Role.COURT: ("tribunal.cr@demo.example.org", "demo-court-2026"),
    Role.INTERPRETER: ("interprete@demo.example.org", "demo-interpreter-2026"),
}


def _credentials(rng: random.Random, languages: list[str], on: date) -> list[CredentialIn]:
    kinds = [CredentialKind.TRAUMA_INFORMED_TRAINING]
    if any(lang in SIGN for lang in languages):
        kinds.append(CredentialKind.SIGN_LANGUAGE_CERTIFICATION)
    if any(lang in INDIGENOUS for lang in languages):
        kinds.append(CredentialKind.INDIGENOUS_REGISTER)
    kinds += rng.sample(
        [
            CredentialKind.COURT_CERTIFIED,
            CredentialKind.SWORN_EXPERT,
            CredentialKind.CHILD_FORENSIC_TRAINING,
        ],
        k=rng.randint(0, 2),
    )
    result = []
    for kind in kinds:
        issued = on - timedelta(days=rng.randint(60, 5 * 365))
        expires = issued + timedelta(days=rng.choice([365, 730, 1095, 1460]))
        general = kind in {
            CredentialKind.TRAUMA_INFORMED_TRAINING,
            CredentialKind.CHILD_FORENSIC_TRAINING,
        }
        result.append(
            CredentialIn(
                kind=kind,
                issuer=rng.choice(
                    [
                        "Poder Judicial",
                        "Ministerio Público",
                        "Colegio de Traductores",
                        "Academia Regional de Intérpretes",
                        "OIM",
                    ]
                ),
                number=f"{kind[:3].upper()}-{rng.randint(1000, 99999)}",
                language=None if general else languages[0],
                issued_on=issued,
                expires_on=expires,
            )
        )
    return result


def _interpreter(rng: random.Random, n: int, on: date) -> InterpreterIn:
    country, zones, pool, working = rng.choice(REGIONS)
    gender = rng.choice(
        [
            Gender.FEMALE,
            Gender.FEMALE,
            Gender.MALE,
            Gender.MALE,
            Gender.NON_BINARY,
            Gender.UNDISCLOSED,
        ]
    )
    first = rng.choice(FIRST.get(gender) or FIRST[rng.choice([Gender.FEMALE, Gender.MALE])])
    last1, last2 = rng.sample(LAST, 2)
    languages = rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2])))
    served = [country] if country in COALITION else rng.sample(COALITION, k=rng.randint(2, 6))
    if rng.random() < 0.3:
        served = sorted({*served, *rng.sample(COALITION, k=2)})
    skills = [
        SkillIn(
            language=lang,
            working_language="eng" if lang == "spa" else working,
            proficiency=rng.choice([3, 3, 4, 4, 4, 5]),
            modes=rng.sample(list(Mode), k=rng.randint(1, 3)),
        )
        for lang in languages
    ]
    return InterpreterIn(
        display_name=f"{first} {last1[0]}.",
        legal_name=f"{first} {last1} {last2}",
        email=f"interp{n:03d}@demo.example.org",
        phone=f"+000 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        national_id=f"DEMO-{rng.randint(100000, 999999)}",
        gender=gender,
        country=country,
        timezone=rng.choice(zones),
        countries_served=served,
        modalities=rng.sample(list(Modality), k=rng.randint(1, 3)),
        specialisations=rng.sample(list(Specialisation), k=rng.randint(1, 3)),
        skills=skills,
        credentials=_credentials(rng, languages, on),
    )


async def _vet(rng: random.Random, interpreter_id: int, on: date) -> None:
    roll = rng.random()
    if roll < 0.1:
        return  # stays an applicant
    status = "suspended" if roll < 0.14 else "vetted"
    checked = on - timedelta(days=rng.randint(30, 700))
    # A few background checks have lapsed: they show up as vetted but not valid.
    expires = checked + timedelta(days=730 if roll > 0.2 else 30)
    await Interpreter.update(
        {
            Interpreter.vetting_status: status,
            Interpreter.background_check_on: checked,
            Interpreter.background_check_expires_on: expires,
            Interpreter.confidentiality_signed_on: checked,
            Interpreter.code_of_conduct_accepted_on: checked,
        }
    ).where(Interpreter.id == interpreter_id)
    await VettingEvent.insert(
        VettingEvent(interpreter=interpreter_id, status=status, note="Demo data", by_user=None)
    )
    await Credential.update({Credential.verified_at: datetime.now(UTC)}).where(
        Credential.interpreter == interpreter_id
    )


WEEKDAYS, SIX_DAYS = range(5), range(6)
# Weekly patterns in local time: (weekdays, start minute, end minute); past 1440 crosses midnight.
PATTERNS: list[list[tuple[range, int, int]]] = [
    [(WEEKDAYS, 8 * 60, 12 * 60), (WEEKDAYS, 14 * 60, 18 * 60)],
    [(WEEKDAYS, 9 * 60, 17 * 60)],
    [(SIX_DAYS, 7 * 60, 13 * 60)],
    [(WEEKDAYS, 17 * 60, 21 * 60), (range(5, 6), 9 * 60, 13 * 60)],
    [(range(3, 6), 20 * 60, 26 * 60)],
]


def _availability(
    rng: random.Random, interpreter_id: int, on: date
) -> list[AvailabilityProfile | TimeOff]:
    shift = rng.choice([-60, 0, 0, 30, 60])
    weekly = [
        [day, start + shift, end + shift]
        for days, start, end in rng.choice(PATTERNS)
        for day in days
    ]
    rows: list[AvailabilityProfile | TimeOff] = [
        AvailabilityProfile(
            interpreter=interpreter_id,
            weekly=weekly,
            notice_hours=rng.choice([4, 12, 24, 24, 48]),
            buffer_minutes=rng.choice([15, 15, 30]),
            on_call=rng.random() < 0.2,
        )
    ]
    if rng.random() < 0.1:
        first = on + timedelta(days=rng.randint(3, 30))
        last = first + timedelta(days=rng.randint(0, 10))
        rows.append(TimeOff(interpreter=interpreter_id, first_day=first, last_day=last))
    return rows


async def load_demo(size: int = SIZE) -> list[tuple[str, str, str]]:
    """Load once; returns the logins, or nothing if demo data is already there."""
    if await User.exists().where(User.email == LOGINS[Role.COORDINATOR][0]):
        return []
    rng = random.Random(SEED)
    on = datetime.now(UTC).date()
    async with db.transaction():
        offices: dict[tuple[str, str], int] = {}
        for country, (office, court, zone) in INSTITUTIONS.items():
            for kind, name in (("prosecutor_office", office), ("court", court)):
                row = Institution(name=name, kind=kind, country=country, timezone=zone)
                await row.save()
                offices[(country, kind)] = row.id
        await Facility.insert(
            *(
                Facility(country=country, name=name, kind=kind, city=city, timezone=zone)
                for country, name, kind, city, zone in ROOMS
            )
        )
        ids = []
        availability: list[AvailabilityProfile | TimeOff] = []
        for n in range(1, size + 1):
            interpreter_id = await insert_interpreter(_interpreter(rng, n, on), None)
            await _vet(rng, interpreter_id, on)
            availability += _availability(rng, interpreter_id, on)
            ids.append(interpreter_id)
        await AvailabilityProfile.insert(
            *(row for row in availability if isinstance(row, AvailabilityProfile))
        )
        await TimeOff.insert(*(row for row in availability if isinstance(row, TimeOff)))
        # One who may take the demo's victim interviews: trained for them for a while yet.
        trained = Credential.select(Credential.interpreter).where(
            Credential.kind == CredentialKind.TRAUMA_INFORMED_TRAINING.value,
            Credential.expires_on > on + timedelta(days=60),
        )
        vetted = (
            await Interpreter.select(Interpreter.id)
            .where(
                Interpreter.vetting_status == "vetted",
                Interpreter.background_check_expires_on > on + timedelta(days=60),
                Interpreter.id.is_in(trained),
            )
            .order_by(Interpreter.id)
            .first()
        )
        links = {
            Role.COORDINATOR: {},
            Role.PROSECUTOR: {"institution": offices[("HN", "prosecutor_office")]},
            Role.COURT: {"institution": offices[("CR", "court")]},
            Role.INTERPRETER: {"interpreter": vetted["id"] if vetted else ids[0]},
        }
        names = {
            Role.COORDINATOR: "Coordinación regional",
            Role.PROSECUTOR: "Fiscal demo (HN)",
            Role.COURT: "Tribunal demo (CR)",
            Role.INTERPRETER: "Intérprete demo",
        }
        users: dict[Role, int] = {}
        for role, (email, password) in LOGINS.items():
            user = User(
                email=email,
                password_hash=hash_password(password),
                role=role.value,
                display_name=names[role],
            )
            for column, value in links[role].items():
                setattr(user, column, value)
            await user.save()
            users[role] = user.id
        await give_work(
            links[Role.INTERPRETER]["interpreter"],
            offices[("HN", "prosecutor_office")],
            users[Role.PROSECUTOR],
        )
    return [(role.value, email, password) for role, (email, password) in LOGINS.items()]

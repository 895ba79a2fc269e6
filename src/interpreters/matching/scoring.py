"""Ranking the candidates who pass every hard filter, with the reasons for each score.

Points, so that a person can follow the ranking from its reasons:
- proficiency: 8 per level of the ILR scale (a 5 is worth 16 more than a 3);
- credentials: 10 for sworn or court-certified, 5 for an official register of the language;
- continuity: 60 for an interpreter of earlier sessions of the same victim when the
  requester asks for the same interpreter: trust outweighs a level of proficiency;
- gender preference met: 15;
- experience: 2 per completed session of the same kind, at most 10;
- fairness: minus 1 per hour already booked that month (at most 15), plus 5 for nobody
  booked in the last 30 days;
- the interpreter's local hour at the start: 10 from 08:00 to 18:00, nothing in the early
  morning or evening (07:00 to 08:00, 18:00 to 21:00), minus 30 at night;
- living in the requester's country: 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from interpreters.availability import instant, zone
from interpreters.matching.history import History
from interpreters.registry import Candidate

PER_LEVEL = 8
SWORN = 10
REGISTERED = 5
CONTINUITY = 60
GENDER = 15
PER_SESSION_OF_KIND, MOST_FOR_EXPERIENCE = 2, 10
MOST_FOR_WORKLOAD = 15
RESTED, RESTED_DAYS = 5, 30
DAYTIME, NIGHT = 10, -30
SAME_COUNTRY = 5


@dataclass(frozen=True, slots=True)
class Reason:
    """English template and parameters: rendered in the reader's language (i18n.py)."""

    points: int
    template: str
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Preferences:
    country: str
    gender: str
    same_interpreter: bool


def _local_hour(candidate: Candidate, start: int) -> Reason:
    local = instant(start, zone(candidate.timezone))
    params = (("time", local.strftime("%H:%M")),)
    if 8 <= local.hour < 18:
        return Reason(DAYTIME, "Starts at {time}, daytime for the interpreter", params)
    if 7 <= local.hour < 21:
        return Reason(0, "Starts at {time}, early or late for the interpreter", params)
    return Reason(NIGHT, "Starts at {time}, night-time for the interpreter", params)


def reasons(
    candidate: Candidate,
    history: History,
    start: int,
    preferences: Preferences,
    now: datetime,
) -> list[Reason]:
    found = [
        Reason(
            PER_LEVEL * candidate.proficiency,
            "Proficiency {level} of 5",
            (("level", candidate.proficiency),),
        )
    ]
    if candidate.sworn:
        found.append(Reason(SWORN, "Sworn or court-certified"))
    if candidate.registered:
        found.append(Reason(REGISTERED, "On an official register for this language"))
    if preferences.same_interpreter and history.with_victim:
        found.append(
            Reason(
                CONTINUITY,
                "Interpreted {count} earlier session(s) with this victim",
                (("count", history.with_victim),),
            )
        )
    if preferences.gender:
        if candidate.gender == preferences.gender:
            found.append(Reason(GENDER, "Matches the preferred gender"))
        else:
            found.append(Reason(0, "Does not match the preferred gender"))
    if history.of_kind:
        found.append(
            Reason(
                min(PER_SESSION_OF_KIND * history.of_kind, MOST_FOR_EXPERIENCE),
                "{count} completed session(s) of this kind",
                (("count", history.of_kind),),
            )
        )
    hours = history.month_minutes // 60
    if hours:
        found.append(
            Reason(
                -min(hours, MOST_FOR_WORKLOAD),
                "{hours} hour(s) already booked that month",
                (("hours", hours),),
            )
        )
    if history.last_booked is None or now - history.last_booked > timedelta(days=RESTED_DAYS):
        found.append(Reason(RESTED, "No booking in the last {days} days", (("days", RESTED_DAYS),)))
    found.append(_local_hour(candidate, start))
    if candidate.country == preferences.country:
        found.append(Reason(SAME_COUNTRY, "Lives in the requester's country"))
    return found

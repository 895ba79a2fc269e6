"""Matching one request: who can take it, ranked, with teams and relays where needed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations, product
from zoneinfo import ZoneInfo

from interpreters.availability import Openings, epoch, instant, openings, zone
from interpreters.db import together
from interpreters.errors import Conflict, InvalidInput
from interpreters.i18n import Language, render
from interpreters.matching.history import NO_HISTORY, History, histories
from interpreters.matching.schemas import CandidateOut, MatchOut, ReasonOut, TeamOut
from interpreters.matching.scoring import Preferences, Reason, reasons
from interpreters.principal import Principal
from interpreters.registry import Candidate, Need, candidates, conflicted
from interpreters.sessions import RequestRecord, RequestStatus, session_start, visible_request

# Requests that can still be (re)matched: a coordinator may reassign a confirmed one.
MATCHABLE = {RequestStatus.REQUESTED, RequestStatus.OFFERED, RequestStatus.CONFIRMED}
# Teams and relays are formed among this many of the best candidates of each side.
PAIRING_POOL = 8
MOST_PAIRS = 3
# A common start and the two members.
Pair = tuple[int, "Ranked", "Ranked"]


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    start: int
    history: History
    reasons: list[Reason]
    score: int  # the points of the reasons: sorting and pairing read it often


@dataclass(frozen=True, slots=True)
class Ranking:
    """Who passed the database's filters, and the free ones, best first."""

    qualified: int
    ranked: list[Ranked]


class Matcher:
    """Ranks candidates for one request over its window of starts (or one start)."""

    def __init__(self, request: RequestRecord, earliest: datetime, latest: datetime) -> None:
        self.request = request
        self.earliest, self.latest = earliest, latest
        self.now = datetime.now(UTC)
        self.duration = request.duration_minutes * 60
        self.preferences = Preferences(
            request.country, request.preferred_gender, request.same_interpreter
        )

    def need(self, language: str, other: str | None, avoid: str = "") -> Need:
        return Need(
            language=language,
            other=other,
            avoid=avoid,
            min_proficiency=self.request.min_proficiency,
            modality=self.request.modality,
            required_credentials=self.request.required_credentials,
            case_reference=self.request.case_reference,
            first_day=self.earliest.date(),
            last_day=self.latest.date(),
        )

    async def openings(self, found: Sequence[Candidate]) -> Openings:
        return await openings(
            {c.id: c.timezone for c in found},
            epoch(self.earliest),
            epoch(self.latest),
            self.duration,
            epoch(self.now),
            urgent=self.request.is_urgent,
        )

    async def rank(self, need: Need) -> tuple[Ranking, Openings]:
        found = await candidates(need)
        ids = [c.id for c in found]
        # Each needs only the ids: read side by side, one wait instead of three (histories
        # of every candidate, free or not, rather than of the free ones afterwards).
        excluded, open_for, history = await together(
            conflicted(ids, self.request.community),
            self.openings(found),
            histories(ids, self.request, _month(self.earliest)),
        )
        found = [c for c in found if c.id not in excluded]
        starts = {c.id: open_for.first_start(c.id) for c in found}
        free = [c for c in found if starts[c.id] is not None]
        ranked = [self.ranked(c, starts[c.id] or 0, history.get(c.id, NO_HISTORY)) for c in free]
        ranked.sort(key=lambda r: (-r.score, r.candidate.id))
        return Ranking(len(found), ranked), open_for

    def ranked(self, candidate: Candidate, start: int, history: History) -> Ranked:
        found = reasons(candidate, history, start, self.preferences, self.now)
        return Ranked(candidate, start, history, found, sum(r.points for r in found))


def _month(moment: datetime) -> tuple[datetime, datetime]:
    first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def _pairs(pairs: Iterable[tuple[Ranked, Ranked]], open_for: Openings) -> list[Pair]:
    """The best pairs of two different people free at one common start, best first."""
    found = []
    for a, b in pairs:
        if a.candidate.id == b.candidate.id:
            continue
        start = open_for.common_start([a.candidate.id, b.candidate.id])
        if start is not None:
            found.append((start, a, b))
    found.sort(key=lambda p: (-(p[1].score + p[2].score), p[0]))
    return found[:MOST_PAIRS]


class Views:
    """Ranked candidates as the API shows them, in the reader's language and zone."""

    def __init__(self, matcher: Matcher, language: Language) -> None:
        self.matcher = matcher
        self.language = language
        self.zone = ZoneInfo(matcher.request.timezone)

    def candidate(
        self, ranked: Ranked, pair: tuple[str, str], start: int | None = None
    ) -> CandidateOut:
        candidate = ranked.candidate
        at = ranked.start if start is None else start
        # A team or relay may start later than this member could alone: local hours differ.
        reasons = (
            ranked.reasons
            if at == ranked.start
            else self.matcher.ranked(candidate, at, ranked.history).reasons
        )
        return CandidateOut(
            interpreter=candidate.id,
            display_name=candidate.display_name,
            gender=candidate.gender,
            country=candidate.country,
            timezone=candidate.timezone,
            language=pair[0],
            working_language=pair[1],
            proficiency=candidate.proficiency,
            start=instant(at, self.zone),
            local_start=instant(at, zone(candidate.timezone)),
            score=sum(r.points for r in reasons),
            reasons=[
                ReasonOut(points=r.points, text=render(r.template, dict(r.params), self.language))
                for r in reasons
            ],
        )

    def team(
        self, start: int, members: Sequence[tuple[Ranked, tuple[str, str]]], pivot: str | None
    ) -> TeamOut:
        views = [self.candidate(ranked, pair, start) for ranked, pair in members]
        return TeamOut(
            start=instant(start, self.zone),
            score=sum(v.score for v in views),
            pivot_language=pivot,
            members=views,
        )


def _window(request: RequestRecord, start: datetime | None) -> tuple[datetime, datetime]:
    if start is not None:
        chosen = session_start(request, start)
        return chosen, chosen
    now = datetime.now(UTC)
    if request.latest_start <= now:
        raise InvalidInput("The session starts in the past.", "start")
    return max(request.earliest_start, now), request.latest_start


async def match(
    viewer: Principal,
    request_id: int,
    start: datetime | None,
    limit: int,
    language: Language,
) -> MatchOut:
    """Ranked candidates for a request; for a team, the best pairs; without any direct
    candidate, relays through a pivot language."""
    request = await visible_request(viewer, request_id)
    if request.status not in MATCHABLE:
        raise Conflict("This request is already {status}.", "request", status=request.status)
    matcher = Matcher(request, *_window(request, start))
    views = Views(matcher, language)
    pair = (request.language, request.working_language)
    ranking, open_for = await matcher.rank(matcher.need(*pair))
    teams = []
    if request.interpreters_needed > 1:
        teams = [
            views.team(start_at, [(a, pair), (b, pair)], None)
            for start_at, a, b in _pairs(combinations(ranking.ranked[:PAIRING_POOL], 2), open_for)
        ]
    relays = [] if ranking.ranked else await _relays(matcher, views)
    return MatchOut(
        request=request_id,
        interpreters_needed=request.interpreters_needed,
        qualified=ranking.qualified,
        free=len(ranking.ranked),
        candidates=[views.candidate(r, pair) for r in ranking.ranked[:limit]],
        teams=teams,
        relays=relays,
    )


async def _relays(matcher: Matcher, views: Views) -> list[TeamOut]:
    """Chains language → pivot → working language, both legs free at one start."""
    language, working = matcher.request.language, matcher.request.working_language
    first_leg, _ = await matcher.rank(matcher.need(language, None, avoid=working))
    by_pivot: dict[str, list[Ranked]] = defaultdict(list)
    for ranked in first_leg.ranked:
        by_pivot[ranked.candidate.other].append(ranked)
    found = []
    for pivot, firsts in by_pivot.items():
        second_leg, _ = await matcher.rank(matcher.need(pivot, working))
        if not second_leg.ranked:
            continue
        firsts, seconds = firsts[:PAIRING_POOL], second_leg.ranked[:PAIRING_POOL]
        both = await matcher.openings([r.candidate for r in [*firsts, *seconds]])
        for start, a, b in _pairs(product(firsts, seconds), both):
            found.append(views.team(start, [(a, (language, pivot)), (b, (pivot, working))], pivot))
    found.sort(key=lambda team: (-team.score, team.start))
    return found[:MOST_PAIRS]

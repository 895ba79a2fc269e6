"""The seam through which work already taken reaches free/busy.

A package that holds interpreters' commitments (the bookings of the bookings issue)
registers a source at import; free/busy subtracts what every source returns, widened by
each interpreter's buffer, and counts it against their fatigue limits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence

from interpreters.availability.intervals import Interval

# (interpreter ids, start, end as UTC epoch seconds) -> each interpreter's busy intervals
CommitmentSource = Callable[[Sequence[int], int, int], Awaitable[Mapping[int, list[Interval]]]]

_sources: list[CommitmentSource] = []


def register(source: CommitmentSource) -> CommitmentSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister(source: CommitmentSource) -> None:
    if source in _sources:
        _sources.remove(source)


async def commitments(
    interpreter_ids: Sequence[int], start: int, end: int
) -> dict[int, list[Interval]]:
    found: dict[int, list[Interval]] = defaultdict(list)
    for source in _sources:
        for interpreter_id, intervals in (await source(interpreter_ids, start, end)).items():
            found[interpreter_id].extend(intervals)
    return found

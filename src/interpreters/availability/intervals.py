"""Half-open intervals of UTC epoch seconds, kept sorted and disjoint.

Integers rather than datetimes: free/busy for thousands of interpreters is set arithmetic
on many small lists, and integer comparisons keep it fast.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter

Interval = tuple[int, int]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint and with touching intervals joined; empty ones dropped."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(kept: list[Interval], removed: list[Interval]) -> list[Interval]:
    """`kept` minus `removed`; both sorted and disjoint."""
    if not removed:
        return kept
    result: list[Interval] = []
    index = 0
    for start, end in kept:
        while index < len(removed) and removed[index][1] <= start:
            index += 1
        cursor = start
        probe = index
        while probe < len(removed) and removed[probe][0] < end:
            cut_start, cut_end = removed[probe]
            if cut_start > cursor:
                result.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            if cut_end >= end:
                break
            probe += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(intervals: Sequence[Interval], low: int, high: int) -> list[Interval]:
    """The part inside [low, high); found by bisection, as most lists lie wholly inside."""
    if high <= low:
        return []
    first = bisect_right(intervals, low, key=itemgetter(1))
    beyond = bisect_left(intervals, high, lo=first, key=itemgetter(0))
    kept = list(intervals[first:beyond])
    if kept:
        kept[0] = (max(kept[0][0], low), kept[0][1])
        kept[-1] = (kept[-1][0], min(kept[-1][1], high))
    return kept


def overlap(intervals: list[Interval], low: int, high: int) -> int:
    """Seconds of `intervals` inside [low, high)."""
    return sum(min(e, high) - max(s, low) for s, e in intervals if e > low and s < high)

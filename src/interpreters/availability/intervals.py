"""Half-open intervals of UTC epoch seconds, kept sorted and disjoint.

Integers rather than datetimes: free/busy for thousands of interpreters is set arithmetic
on many small lists, and integer comparisons keep it fast.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def clip(intervals: list[Interval], low: int, high: int) -> list[Interval]:
    return [(max(s, low), min(e, high)) for s, e in intervals if e > low and s < high]


def overlap(intervals: list[Interval], low: int, high: int) -> int:
    """Seconds of `intervals` inside [low, high)."""
    return sum(min(e, high) - max(s, low) for s, e in intervals if e > low and s < high)

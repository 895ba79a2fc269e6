"""Ranking interpreters for a request: hard filters, scores and their reasons.

Floor: above notifications, below bookings. For other packages: `Matcher` (one request's
candidates ranked at a start, as offer waves send them) and its `Ranked` results; the
HTTP routes are `MatchingController`'s.
"""

from interpreters.matching.service import Matcher, Ranked

__all__ = ["Matcher", "Ranked"]

"""When interpreters can work, and their free/busy.

For other packages: `query.free_time` (free UTC intervals of many interpreters, the basis
of matching) and `commitments.register` (how bookings make their sessions count as busy).
"""

"""Interpretation requests, offers, bookings and facilities."""

# Importing the package makes active bookings count as busy time in free/busy.
from interpreters.bookings import commitments as commitments

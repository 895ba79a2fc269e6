"""Interpretation requests, offers, bookings and facilities."""

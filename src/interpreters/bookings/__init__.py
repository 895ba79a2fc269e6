"""Interpretation requests asked, offered, booked, moved and ended: the write rules of a
session, offers in waves, room holds, credential rules and their routes.

Floor: the top of the domains (it calls matching to rank offers and notifications to
announce each change); only the app, the command line and the demo import it.
"""

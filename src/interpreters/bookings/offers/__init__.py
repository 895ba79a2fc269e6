"""Offers: a request sent to interpreters in waves, best ranked first, their inbox and
their answers (the first acceptances fill the seats)."""

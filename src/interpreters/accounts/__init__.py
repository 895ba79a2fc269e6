"""What coordinators do with accounts, and what that sets off on the floors below: the
invitation and reset emails an account's life sends (accounts themselves, sign-in and
sessions are auth's).

Floor: the top domain floor, above bookings: an account's changes reach every domain that
acts for it. Only its routes use it.
"""

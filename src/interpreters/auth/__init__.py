"""Accounts: institutions, users and their roles, passwords, sessions and sign-in.

Floor: above registry (an interpreter's account names their registry record) and audit;
below availability and every domain that books or tells people. Who is asking (`Principal`)
and the route guards are the kernel's (`interpreters.principal`, `interpreters.guards`):
every floor needs them, so they stand below audit, which records the actor.
"""

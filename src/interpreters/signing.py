"""Short signed tokens for links: the payload in clear, an HMAC-SHA256 of it by the server.

A token proves that the server wrote its payload; it hides nothing. Each use signs under a
purpose of its own ("answer", "join", …), so that a token made for one cannot pass for
another even with the same payload.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from interpreters.settings import get_settings


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(purpose: str, payload: bytes) -> bytes:
    message = purpose.encode() + b"\0" + payload
    return hmac.new(get_settings().secret_key, message, hashlib.sha256).digest()


def sign(purpose: str, payload: str) -> str:
    """A URL-safe token carrying `payload`, verifiable by `verify` with the same purpose."""
    raw = payload.encode()
    return f"{_encode(raw)}.{_encode(_mac(purpose, raw))}"


def verify(purpose: str, token: str) -> str | None:
    """The payload of a token signed for `purpose`; None if it is garbled or forged."""
    encoded, dot, signature = token.partition(".")
    if not dot:
        return None
    try:
        raw, mac = _decode(encoded), _decode(signature)
        payload = raw.decode()
    except ValueError:  # bad base64 or UTF-8
        return None
    # The decoder skips stray characters and spare bits: only the one spelling is the token.
    if _encode(raw) != encoded or _encode(mac) != signature:
        return None
    if not hmac.compare_digest(mac, _mac(purpose, raw)):
        return None
    return payload


def digest(purpose: str, text: str) -> str:
    """A keyed digest of `text`: it names the text to the server without telling anyone
    else what it is (an email address in a link, say)."""
    return _mac(purpose, text.encode()).hex()

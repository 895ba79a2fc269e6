"""The headers every HTTP answer carries so that a browser holds the pages to their origin.

No page runs an inline script or loads anything from another site (the service must work on a
network without internet), so the policy allows this origin only. Join links carry their
token after `#`, which no Referer holds, and `no-referrer` keeps even the path to ourselves.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from interpreters.settings import get_settings

ROOM_PAGE = "/ui/room.html"
API_DOCS = "/schema"

_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Swagger UI (React) sets style attributes; its scripts stay held to this origin.
_DOCS_POLICY = {**_POLICY, "style-src": "'self' 'unsafe-inline'"}
_NO_DEVICES = "camera=(), microphone=(), display-capture=(), geolocation=(), payment=(), usb=()"
_ROOM_DEVICES = (
    "camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()"
)
HSTS = "max-age=31536000; includeSubDomains"


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


CONTENT_POLICY = _policy(_POLICY)
DOCS_CONTENT_POLICY = _policy(_DOCS_POLICY)


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    path = scope["path"]
    headers = MutableScopeHeaders.from_message(message)
    is_docs = path == API_DOCS or path.startswith(API_DOCS + "/")
    headers["content-security-policy"] = DOCS_CONTENT_POLICY if is_docs else CONTENT_POLICY
    headers["x-content-type-options"] = "nosniff"
    headers["referrer-policy"] = "no-referrer"
    headers["x-frame-options"] = "DENY"
    headers["cross-origin-opener-policy"] = "same-origin"
    headers["permissions-policy"] = _ROOM_DEVICES if path == ROOM_PAGE else _NO_DEVICES
    # Behind a proxy the scheme the browser used is the public URL's, not the socket's.
    if scope.get("scheme") == "https" or get_settings().public_url.startswith("https:"):
        headers["strict-transport-security"] = HSTS

"""What the service's logs must not hold: the secret in calendar feed and answer links."""

from __future__ import annotations

import logging
import re

# The token is the whole authority of these paths: whoever reads it can use it.
SECRET_PATH = re.compile(r"(/calendar/(?:feed|answer)/)[^/?#\s]+")
HIDDEN = r"\1…"


class HideSecretPaths(logging.Filter):
    """Rewrites uvicorn's access lines (`client - "METHOD path HTTP/x" status`), whose third
    argument is the request's path, so that a feed's or answer link's token is not written."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], SECRET_PATH.sub(HIDDEN, args[2]), *args[3:])
        return True


def hide_secret_paths() -> None:
    """Installs the filter on uvicorn's access log, once however many apps are made."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideSecretPaths) for f in access.filters):
        access.addFilter(HideSecretPaths())

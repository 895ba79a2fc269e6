"""Calendar feed and answer tokens never reach the access log."""

from __future__ import annotations

import logging

from interpreters.logs import HideSecretPaths


def access_line(path: str) -> str:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 200),
        None,
    )
    assert HideSecretPaths().filter(record)
    return record.getMessage()


def test_feed_and_answer_tokens_are_hidden_and_other_paths_kept() -> None:
    feed = access_line("/calendar/feed/J5xltQ-9aZ_secret.ics")
    assert feed == '127.0.0.1:5000 - "GET /calendar/feed/… HTTP/1.1" 200'
    answer = access_line("/calendar/answer/eyJhbGc.c2lnbmF0dXJl?lang=en")
    assert answer == '127.0.0.1:5000 - "GET /calendar/answer/…?lang=en HTTP/1.1" 200'
    other = access_line("/api/v1/requests/7")
    assert other == '127.0.0.1:5000 - "GET /api/v1/requests/7 HTTP/1.1" 200'

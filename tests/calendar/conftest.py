"""The calendar core touches no database, and reads what it writes with a second parser.

`ical.js` (an npm package, run by node) is that parser: `make install` installs it from
package-lock.json into tests/calendar/node_modules.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.calendar.factories import IcalJs

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "parse_ics.mjs"


@pytest.fixture(autouse=True)
def empty_tables() -> None:
    """Replaces the suite's per-test emptying of the database, which these tests never use."""


@pytest.fixture(scope="session")
def icaljs() -> IcalJs:
    """Parses iCalendar files with ical.js; fails, never skips, when it is not installed."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "ical.js").is_dir():
        pytest.fail("node and tests/calendar/node_modules/ical.js are needed: run `make install`")

    def parse(files: Sequence[bytes]) -> list[dict[str, Any]]:
        with tempfile.TemporaryDirectory() as scratch:
            paths = []
            for number, content in enumerate(files):
                path = Path(scratch) / f"{number}.ics"
                path.write_bytes(content)
                paths.append(str(path))
            done = subprocess.run(
                [node, str(SCRIPT), *paths],
                capture_output=True,
                check=False,
                cwd=HERE,
                timeout=60,
                # Local times without a VTIMEZONE would follow the machine's zone: pin it.
                env={"TZ": "UTC", "PATH": str(Path(node).parent)},
            )
        assert done.returncode == 0, done.stderr.decode()
        result: list[dict[str, Any]] = json.loads(done.stdout)
        return result

    return parse

"""The time zone database is the pinned one and knows the rules the region relies on."""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import interpreters

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_zone_rules_come_from_the_pinned_tzdata_package_only() -> None:
    assert interpreters.__name__ == "interpreters"  # importing it sets the path
    assert zoneinfo.TZPATH == ()
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    [pin] = [d for d in dependencies if d.startswith("tzdata")]
    assert re.fullmatch(r"tzdata==[\d.]+", pin), "keep tzdata pinned to one release"
    assert version("tzdata") == pin.removeprefix("tzdata==")


@pytest.mark.parametrize(
    ("zone", "moment", "hours"),
    [
        # Mexico abolished DST at the end of October 2022: UTC-6 all year since.
        ("America/Mexico_City", datetime(2026, 7, 1, 12), -6),
        ("America/Mexico_City", datetime(2026, 4, 12, 12), -6),
        # The border cities keep US rules.
        ("America/Tijuana", datetime(2026, 7, 1, 12), -7),
        ("America/Tijuana", datetime(2026, 1, 15, 12), -8),
        ("America/Ciudad_Juarez", datetime(2026, 7, 1, 12), -6),
        ("America/Ciudad_Juarez", datetime(2026, 1, 15, 12), -7),
        # Quintana Roo on UTC-5 since 2015.
        ("America/Cancun", datetime(2026, 1, 15, 12), -5),
        ("America/Santo_Domingo", datetime(2026, 7, 1, 12), -4),
        ("America/Tegucigalpa", datetime(2026, 7, 1, 12), -6),
        ("America/Belize", datetime(2026, 7, 1, 12), -6),
        ("America/Panama", datetime(2026, 7, 1, 12), -5),
        ("Europe/Madrid", datetime(2026, 7, 1, 12), 2),
        ("Europe/Madrid", datetime(2026, 1, 15, 12), 1),
    ],
)
def test_the_database_knows_the_current_rules(zone: str, moment: datetime, hours: int) -> None:
    assert moment.replace(tzinfo=ZoneInfo(zone)).utcoffset() == timedelta(hours=hours)

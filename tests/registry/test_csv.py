"""CSV import (all or nothing, every bad row reported), export, and the command line."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from interpreters.principal import Role
from interpreters.registry import csvio
from interpreters.registry.tables import Credential, Interpreter
from tests.factories import Account, empty_all_tables, make_account

URL = "/api/v1/registry/import"
HEADER = ",".join(csvio.COLUMNS)


def _row(n: int, **overrides: str) -> str:
    values = {
        "display_name": f"Intérprete {n}",
        "legal_name": f"Nombre Legal {n}",
        "email": f"csv{n}@example.org",
        "phone": "+502 2222 3333",
        "national_id": f"GT-{n}",
        "gender": "female",
        "country": "GT",
        "timezone": "America/Guatemala",
        "countries_served": "GT;HN",
        "modalities": "video;on_site",
        "specialisations": "victim_interviews",
        "skills": "quc|spa|both|4|consecutive+sight_translation|Central;kek|spa|both|3||",
        "credentials": "court_certified|Poder Judicial|PJ-9|quc|2024-01-10|2027-01-10",
    }
    values.update(overrides)
    out = io.StringIO()
    csv.writer(out).writerow(values[c] for c in csvio.COLUMNS)
    return out.getvalue().strip()


def _file(*rows: str) -> dict[str, Any]:
    return {"data": ("interpreters.csv", "\n".join([HEADER, *rows]).encode(), "text/csv")}


async def test_a_good_file_imports_every_row(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    response = await client.post(URL, files=_file(_row(1), _row(2)), headers=coordinator.headers)
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 2
    record = await client.get(
        f"/api/v1/interpreters/{response.json()['ids'][0]}", headers=coordinator.headers
    )
    body = record.json()
    assert body["countries_served"] == ["GT", "HN"]
    assert {(s["language"], s["proficiency"]) for s in body["skills"]} == {("quc", 4), ("kek", 3)}
    assert body["skills"][0]["variety"] == "Central"
    assert body["credentials"][0]["verified"] is False


async def test_one_bad_row_rejects_the_whole_file_and_every_problem_is_listed(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    rows = (
        _row(1),
        _row(2, skills="xxx|spa|both|4|consecutive|"),
        _row(3, credentials="court_certified|PJ|1|quc|2025-05-01|2024-05-01"),
        _row(4, timezone="Mars/Olympus"),
        _row(5, email="csv1@example.org"),
        "only,three,columns",
    )
    response = await client.post(URL, files=_file(*rows), headers=coordinator.headers)
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == [
        "row 3.skills.0.language",
        "row 4.credentials.0",
        "row 5.timezone",
        "row 6.email",
        "row 7",
    ]
    assert "nothing was imported" in response.json()["detail"]
    assert await Interpreter.count() == 0
    assert await Credential.count() == 0


async def test_missing_columns_already_registered_and_oversized_files_are_refused(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    no_columns = {"data": ("x.csv", b"display_name,email\nA,a@example.org\n", "text/csv")}
    response = await client.post(URL, files=no_columns, headers=coordinator.headers)
    assert response.status_code == 400
    assert {"field": "header", "message": "missing column 'legal_name'"} in response.json()[
        "errors"
    ]
    await client.post(URL, files=_file(_row(1)), headers=coordinator.headers)
    again = await client.post(URL, files=_file(_row(2), _row(1)), headers=coordinator.headers)
    assert again.status_code == 400
    assert again.json()["errors"] == [{"field": "row 3.email", "message": "already registered"}]
    assert await Interpreter.count() == 1
    huge = {"data": ("big.csv", b"x" * (6 * 1024 * 1024), "text/csv")}
    too_large = await client.post(URL, files=huge, headers=coordinator.headers)
    assert too_large.status_code == 413


async def test_export_then_import_gives_the_same_registry(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    await client.post(URL, files=_file(_row(1), _row(2)), headers=coordinator.headers)
    exported = await client.get("/api/v1/registry/export.csv", headers=coordinator.headers)
    assert exported.headers["content-type"].startswith("text/csv")
    assert "Nombre Legal 1" in exported.text
    await empty_all_tables()
    again = await make_account(Role.COORDINATOR, "again@example.org")
    upload = {"data": ("export.csv", exported.text.encode(), "text/csv")}
    assert (await client.post(URL, files=upload, headers=again.headers)).status_code == 201
    second = await client.get("/api/v1/registry/export.csv", headers=again.headers)
    assert second.text == exported.text


def test_command_line_import_shows_progress_and_reports_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, _row(1), _row(2, country="Guatemala")]), encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, _row(7), _row(8)]), encoding="utf-8")
    command = [sys.executable, "-m", "interpreters", "import"]
    failed = subprocess.run(
        [*command, str(bad)], capture_output=True, text=True, env=os.environ, check=False
    )
    assert failed.returncode == 1
    assert "row 3.country" in failed.stderr
    done = subprocess.run(
        [*command, str(good)], capture_output=True, text=True, env=os.environ, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Importing" in done.stdout
    assert "Imported 2 interpreters." in done.stdout


async def test_spreadsheet_formulas_are_neutralised_on_export_and_restored_on_import(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    formula = '=HYPERLINK("http://example.invalid","x")'
    await client.post(URL, files=_file(_row(1, display_name=formula)), headers=coordinator.headers)
    exported = (await client.get("/api/v1/registry/export.csv", headers=coordinator.headers)).text
    [record] = list(csv.DictReader(io.StringIO(exported)))
    assert record["display_name"] == "'" + formula
    assert record["phone"] == "'+502 2222 3333"
    assert csvio.parse(exported)[0].display_name == formula


async def test_rows_with_bad_skill_pairs_or_unreadable_csv_are_reported_by_row(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    belize = {"country": "BZ", "timezone": "America/Belize", "countries_served": "BZ"}
    rows = (
        _row(1, skills="eng||both|4||", **belize),
        _row(2, skills="quc|spa|both|4||;quc|spa|both|3||"),
        _row(3, skills="eng||both|4||", **belize),
    )
    response = await client.post(URL, files=_file(*rows), headers=coordinator.headers)
    assert [e["field"] for e in response.json()["errors"]] == [
        "row 2.skills.0.working_language",
        "row 3.skills",
        "row 4.skills.0.working_language",
    ]
    unreadable = {"data": ("x.csv", (HEADER + "\nA,B\rC,x\n").encode(), "text/csv")}
    broken = await client.post(URL, files=unreadable, headers=coordinator.headers)
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["field"].startswith("line ")
    assert await Interpreter.count() == 0

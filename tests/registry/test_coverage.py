"""The coverage report on a small data set whose numbers are known."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.factories import Account
from tests.registry.factories import TODAY, add_interpreter, credential


async def test_coverage_counts_vetted_credentialed_interpreters_per_language_and_country(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    soon = TODAY + timedelta(days=30)
    later = TODAY + timedelta(days=400)
    past = TODAY - timedelta(days=400)
    # K'iche' in GT and HN, credential for K'iche' expiring in 30 days.
    await add_interpreter(
        1,
        countries_served=["GT", "HN"],
        credentials=[credential("court_certified", past, soon, "quc")],
    )
    # K'iche' and Q'eqchi' in GT, a general training credential covers both languages.
    await add_interpreter(
        2,
        countries_served=["GT"],
        skills=[{"language": "quc", "proficiency": 4}, {"language": "kek", "proficiency": 3}],
        credentials=[credential("trauma_informed_training", past, later)],
    )
    # Miskito in HN: credential is for another language, so it does not count.
    await add_interpreter(
        3,
        countries_served=["HN"],
        skills=[{"language": "miq", "proficiency": 5}],
        credentials=[credential("court_certified", past, later, "quc")],
    )
    # Not counted: not vetted; credential expired; credential unverified.
    await add_interpreter(
        4, vetted=False, credentials=[credential("court_certified", past, later, "quc")]
    )
    await add_interpreter(5, credentials=[credential("court_certified", past, TODAY, "quc")])
    await add_interpreter(
        6, verified=False, credentials=[credential("court_certified", past, later, "quc")]
    )

    response = await client.get("/api/v1/registry/coverage", headers=coordinator.headers)
    assert response.status_code == 200
    report = response.json()
    cells = {(c["language"], c["country"]): c["interpreters"] for c in report["cells"]}
    assert cells == {("quc", "GT"): 2, ("quc", "HN"): 1, ("kek", "GT"): 1}
    assert [(e["display_name"], e["expires_on"]) for e in report["expiring"]] == [
        ("Interpreter 1", soon.isoformat())
    ]
    # Thirty-one days on, interpreter 1's credential has lapsed.
    later_report = await client.get(
        "/api/v1/registry/coverage",
        params={"on": (soon + timedelta(days=1)).isoformat()},
        headers=coordinator.headers,
    )
    later_cells = {
        (c["language"], c["country"]): c["interpreters"] for c in later_report.json()["cells"]
    }
    assert later_cells == {("quc", "GT"): 1, ("kek", "GT"): 1}

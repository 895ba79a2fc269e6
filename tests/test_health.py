import os
import subprocess
import sys
from pathlib import Path

import httpx


async def test_health_reports_service_and_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_every_route_in_the_schema_has_an_operation_id_and_a_summary(
    client: httpx.AsyncClient,
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 15
    for path, method, operation in operations:
        assert operation.get("operationId"), (method, path)
        assert operation.get("summary"), (method, path)
    assert all(p == "/health" or p.startswith("/api/v1/") for p in schema["paths"])


async def test_unknown_route_answers_with_problem_details(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_the_service_refuses_to_start_without_its_database(tmp_path: Path) -> None:
    """The lifespan fails loudly: no half-working server on an unreachable database."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:9/none",
        "DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "interpreters", "serve", "--port", "0"]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "Application startup failed" in result.stderr

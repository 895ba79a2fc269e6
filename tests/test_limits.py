"""Every list a client sends is bounded, and the bound is published in the OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx


def _arrays(schema: dict[str, Any], components: dict[str, Any], at: str) -> Iterator[str]:
    """Where `schema` holds an array without maxItems, following $refs (each once)."""
    seen: set[str] = set()

    def walk(node: Any, where: str, bounded: bool = False) -> Iterator[str]:
        """`bounded`: a maxItems beside a oneOf holds for each array of the choice."""
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, f"{where}[{index}]", bounded)
            return
        if not isinstance(node, dict):
            return
        reference = node.get("$ref")
        if isinstance(reference, str):
            name = reference.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                yield from walk(components[name], name)
        if node.get("type") == "array" and "maxItems" not in node and not bounded:
            yield where
        for key, value in node.items():
            if key in {"oneOf", "anyOf"}:
                yield from walk(value, f"{where}.{key}", "maxItems" in node)
            elif key not in {"examples", "example", "default"}:
                yield from walk(value, f"{where}.{key}")

    yield from walk(schema, at)


async def test_every_list_in_a_request_body_publishes_its_maximum(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/schema/openapi.json")).json()
    components = spec.get("components", {}).get("schemas", {})
    unbounded: list[str] = []
    bodies = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies += 1
                found = _arrays(media.get("schema", {}), components, f"{method} {path}")
                unbounded.extend(found)
    assert bodies > 20
    assert unbounded == [], unbounded

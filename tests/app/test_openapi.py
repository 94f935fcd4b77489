from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node)) if node else set()
    return set()


async def test_every_operation_is_documented(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operations = [
        (path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()
    ]
    assert len(operations) >= 45
    undocumented = [
        (p, m) for p, m, op in operations if not op.get("summary") or not op.get("tags")
    ]
    assert undocumented == []
    declared = {t["name"] for t in spec["tags"]}
    used = {t for _, _, op in operations for t in op["tags"]}
    assert used <= declared


async def test_every_schema_reference_resolves(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    dangling = {r for r in refs(spec) if r.removeprefix("#/components/schemas/") not in schemas}
    assert dangling == set()


async def test_errors_are_documented_as_problems(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    op = spec["paths"]["/v1/vehicles/{vehicle_id}/commands"]["post"]
    assert {"404", "408", "409", "422", "501"} <= set(op["responses"])
    assert "application/problem+json" in op["responses"]["409"]["content"]

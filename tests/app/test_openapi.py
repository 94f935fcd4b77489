from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.problems import PROBLEM_CODES

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


def operations_of(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, ops in spec["paths"].items() for m, op in ops.items()]


async def test_every_error_has_its_surfaces_schema(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    openai = {"schema": {"$ref": "#/components/schemas/OpenAIError"}}
    wrong = [
        (path, method, status)
        for path, method, op in operations_of(spec)
        if path.startswith(("/v1/", "/compatible-mode/"))
        for status, response in op["responses"].items()
        if int(status) >= 400
        and response["content"]
        != ({"application/json": openai} if path.startswith("/compatible-mode/") else None)
        and response["content"] != {"application/problem+json": problem}
    ]
    assert wrong == []
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    code = spec["components"]["schemas"]["Problem"]["properties"]["code"]
    assert code["enum"] == list(PROBLEM_CODES)


async def test_shared_answers_are_documented_everywhere(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    missing = []
    for path, method, op in operations_of(spec):
        sandboxed = path.startswith("/v1/") and not path.startswith("/v1/sim/sandboxes")
        wanted = {"400", "429", "500", "503", "504"} if sandboxed else set()
        if "requestBody" in op:
            wanted |= {"400", "413", "422"}
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            wanted |= {"404", "422"}
        if not wanted <= set(op["responses"]):
            missing.append((path, method, sorted(wanted - set(op["responses"]))))
    assert missing == []
    keys = spec["paths"]["/v1/vehicles/{vehicle_id}/keys"]["get"]["responses"]
    assert "404" in keys
    assert (
        "MALFORMED_JSON" in spec["paths"]["/v1/profiles"]["post"]["responses"]["400"]["description"]
    )


async def test_streams_are_documented_as_event_streams(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    ok = spec["paths"]["/v1/vehicles/{vehicle_id}/telemetry"]["get"]["responses"]["200"]
    assert list(ok["content"]) == ["text/event-stream"]
    stream = ok["content"]["text/event-stream"]
    assert "schema" not in stream  # a stream is not one JSON document
    assert stream["itemSchema"]["oneOf"][0]["properties"]["data"] == {
        "type": "string",
        "contentMediaType": "application/json",
        "contentSchema": {"$ref": "#/components/schemas/TelemetryFrame"},
    }


def pydantic_only_keywords(node: Any) -> set[str]:
    """Constraints pydantic leaves unconverted (`ge`, `lt`...) are not JSON Schema: no client
    or validator would enforce them."""
    if isinstance(node, dict):
        found = {k for k in ("ge", "gt", "le", "lt") if k in node and "type" in node}
        return found.union(*(pydantic_only_keywords(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(pydantic_only_keywords(v) for v in node))
    return set()


async def test_rules_are_stated_in_the_schema(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    assert pydantic_only_keywords(spec) == set()
    # Omitted is fine, null is not: the schema says so.
    update = schemas["ProfileUpdate"]["properties"]
    assert update["name"]["type"] == "string"
    assert "anyOf" not in update["locale"]
    assert "default" not in update["name"]
    assert "pattern" in schemas["ProfileCreate"]["properties"]["name"]

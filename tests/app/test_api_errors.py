"""Every error a problem: unknown paths, wrong methods, oversize bodies, malformed headers and
numbers no car reports. Each answers fast, in the surface's shape, and leaves the server healthy."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings
from tests.health import assert_healthy_fast

pytestmark = pytest.mark.anyio

PROBLEM = "application/problem+json"


# -- unknown paths and wrong methods ---------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/does-not-exist"),
        ("POST", "/v1/chat/completions"),
        ("GET", "/v1"),
        ("DELETE", "/api/v1/nothing/here"),
        ("GET", "/mcp/x"),
    ],
)
async def test_unknown_api_path_is_a_404_problem(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    r = await client.request(method, path)
    assert r.status_code == 404
    assert "allow" not in r.headers
    if path.startswith("/api/"):
        assert r.json()["code"] == "InvalidURL"
    elif path.startswith("/mcp"):  # a JSON-RPC error, which MCP clients raise
        assert r.json()["error"]["data"]["code"] == "NOT_FOUND"
        assert r.json()["error"]["message"] == "No API operation at /mcp/x."
    else:
        assert r.headers["content-type"] == PROBLEM
        body = r.json()
        assert body["code"] == "NOT_FOUND"
        assert body["message"] == {"zh": "找不到这个接口。", "en": "There is no such API endpoint."}
    await assert_healthy_fast(client)


async def test_wrong_method_is_a_405_problem_naming_the_allowed(client: httpx.AsyncClient) -> None:
    r = await client.delete("/v1/vehicles")
    assert (r.status_code, r.headers["allow"]) == (405, "GET, HEAD")
    assert r.json()["code"] == "METHOD_NOT_ALLOWED"
    r = await client.put("/v1/profiles/wang-lei")
    assert (r.status_code, r.headers["allow"]) == (405, "GET, HEAD, PATCH, DELETE")
    r = await client.get("/compatible-mode/v1/chat/completions")
    assert (r.status_code, r.headers["allow"]) == (405, "POST")
    assert r.json()["error"]["code"] == "method_not_allowed"


async def test_console_paths_are_untouched(client: httpx.AsyncClient) -> None:
    assert (await client.get("/")).status_code == 200
    missing = await client.get("/no-such-file.js")
    assert (missing.status_code, missing.json()["code"]) == (404, "NOT_FOUND")


# -- the request body limit ------------------------------------------------------------------


@pytest.fixture
async def small_limit(catalog: Catalog) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(max_body_bytes=4096), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as c:
        yield c


def _oversize_plan() -> bytes:
    return b'{"vehicle_id": "ix3-shanghai", "destination": "' + b"x" * 5000 + b'"}'


async def test_declared_oversize_body_is_a_413_problem(small_limit: httpx.AsyncClient) -> None:
    r = await small_limit.post(
        "/v1/trips/plan", content=_oversize_plan(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert r.json()["hint"] == "The limit is the setting INCAR_MAX_BODY_BYTES."
    await assert_healthy_fast(small_limit)


async def test_streamed_oversize_body_is_cut_off_with_a_413(small_limit: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        body = _oversize_plan()
        for i in range(0, len(body), 1000):
            yield body[i : i + 1000]

    r = await small_limit.post(
        "/v1/trips/plan", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in r.request.headers
    assert (r.status_code, r.json()["code"]) == (413, "PAYLOAD_TOO_LARGE")
    assert (await small_limit.get("/v1/trips")).json() == []  # nothing was planned


async def test_compat_413_is_in_openai_shape(small_limit: httpx.AsyncClient) -> None:
    big = {"model": "incar-auto", "messages": [{"role": "user", "content": "x" * 5000}]}
    r = await small_limit.post("/compatible-mode/v1/chat/completions", json=big)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


async def test_default_limit_is_one_mebibyte(client: httpx.AsyncClient) -> None:
    assert Settings().max_body_bytes == 1024 * 1024
    r = await client.post(
        "/v1/profiles", content=b"{" + b" " * (1024 * 1024) + b"}", headers={"content-type": "a/b"}
    )
    assert r.status_code == 413


async def test_malformed_content_length_is_a_400(client: httpx.AsyncClient) -> None:
    full_width_digits = "１２".encode()
    r = await client.post("/v1/sim/reset", headers={b"content-length": full_width_digits})
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_HEADER")


# -- malformed headers -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "1e3", "-5", "12345678901234567890", "", " 5", "NaN"])
async def test_malformed_latency_header_is_a_400(client: httpx.AsyncClient, value: str) -> None:
    r = await client.get("/v1/vehicles", headers={b"X-Sim-Latency-Ms": value.encode("utf-8")})
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_SIM_HEADER")
    await assert_healthy_fast(client)


async def test_malformed_request_id_is_a_400(client: httpx.AsyncClient) -> None:
    for value in (b"x" * 129, b"tab\there", "é".encode()):
        r = await client.get("/v1/vehicles", headers={b"X-Request-Id": value})
        assert (r.status_code, r.json()["code"]) == (400, "INVALID_HEADER")
        assert r.headers["x-request-id"].startswith("req-")


async def test_simulated_faults_carry_a_bilingual_message(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles", headers={"X-Sim-Fault": "503"})
    assert (r.status_code, r.headers["retry-after"]) == (503, "5")
    assert r.json()["message"]["en"] == "Service unavailable; try later."
    r = await client.get("/compatible-mode/v1/models", headers={"X-Sim-Fault": "500"})
    assert r.status_code == 500
    assert r.json()["error"]["type"] == "server_error"


# -- numbers no car reports ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '{"battery": {"soc_pct": NaN}}',
        '{"battery": {"soc_pct": Infinity}}',
        '{"motion": {"odometer_km": 1e30}}',
        '{"motion": {"speed_kmh": -Infinity}}',
        '{"climate": {"cabin_temp_c": 1e308}}',
        '{"service": [{"type": "OIL", "status": "OK", "due_km": 1e300}]}',
        '{"navigation": {"destination_name": "x", "coordinates": {"lat": 1, "lon": 1}, '
        '"distance_remaining_km": 1e100, "updated_at": "2026-06-01T08:00:00+08:00"}}',
    ],
)
async def test_absurd_numbers_in_a_state_patch_change_nothing(
    client: httpx.AsyncClient, body: str
) -> None:
    path = "/v1/sim/vehicles/ix3-shanghai/state"
    before = (await client.get("/v1/vehicles/ix3-shanghai")).json()
    r = await client.patch(path, content=body, headers={"content-type": "application/json"})
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")
    assert (await client.get("/v1/vehicles/ix3-shanghai")).json() == before
    await assert_healthy_fast(client)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
async def test_non_finite_query_numbers_are_refused(client: httpx.AsyncClient, value: str) -> None:
    r = await client.get("/v1/chargers", params={"lat": value, "lon": "121.4"})
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")


async def test_non_finite_numbers_in_a_plan_are_refused(client: httpx.AsyncClient) -> None:
    body = '{"vehicle_id": "ix3-shanghai", "destination": "杭州", "start_soc_pct": NaN}'
    r = await client.post(
        "/v1/trips/plan", content=body, headers={"content-type": "application/json"}
    )
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")


async def test_sandbox_cap_answers_in_the_surface_shape(catalog: Catalog) -> None:
    app = create_app(Settings(max_sandboxes=1), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as c:
        assert (await c.get("/v1/vehicles")).status_code == 200
        full = {"X-Sandbox": "second"}
        r = await c.get("/v1/vehicles", headers=full)
        assert (r.status_code, r.json()["code"]) == (429, "SANDBOX_LIMIT")
        assert r.headers["content-type"] == PROBLEM
        r = await c.get("/compatible-mode/v1/models", headers=full)
        assert r.status_code == 429
        assert r.json()["error"]["code"] == "sandbox_limit"


async def test_fault_rule_latency_must_be_a_number(client: httpx.AsyncClient) -> None:
    for latency in (False, "800", 1.5):
        rules = {"rules": [{"path_prefix": "/v1/vehicles", "latency_ms": latency}]}
        r = await client.put("/v1/sim/faults", json=rules)
        assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR"), latency

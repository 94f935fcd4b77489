"""One error shape per surface, for every kind of error: /v1 problem details with `code` and the
bilingual `message`; /compatible-mode OpenAI's error object; `Retry-After` on 429s and 503s."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from agents.catalog import Catalog
from agents.conversation.nlu.matching import has_cjk
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio

SETTINGS = Settings(fault_timeout_s=0.01, max_sandboxes=1, max_body_bytes=1024, max_profiles=4)
BIG = {"text": "x" * 2000}
JSON = {"Content-Type": "application/json"}
Request = tuple[str, str, dict[str, Any]]


async def _crash() -> None:
    raise RuntimeError("a bug")


def with_crashing_routes(app: FastAPI) -> FastAPI:
    for path in ("/v1/crash", "/compatible-mode/v1/crash"):
        app.router.routes.insert(0, APIRoute(path, _crash, include_in_schema=False))
    return app


@pytest.fixture
async def api(catalog: Catalog) -> AsyncIterator[httpx.AsyncClient]:
    app = with_crashing_routes(create_app(SETTINGS, catalog))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as client:
        await client.get("/v1/vehicles")  # the one sandbox there is room for: "default"
        yield client


def fault(kind: str) -> dict[str, Any]:
    return {"headers": {"X-Sim-Fault": kind}}


V1: dict[str, tuple[int, Request]] = {
    "VALIDATION_ERROR": (422, ("POST", "/v1/chat/sessions", {"json": {"locale": "zh"}})),
    "VEHICLE_NOT_FOUND": (404, ("GET", "/v1/vehicles/no-such-car", {})),
    "NOT_FOUND": (404, ("GET", "/v1/no-such-thing", {})),
    "METHOD_NOT_ALLOWED": (405, ("DELETE", "/v1/vehicles", {})),
    "MALFORMED_JSON": (400, ("POST", "/v1/profiles", {"content": b"{", "headers": JSON})),
    "INVALID_SIM_HEADER": (400, ("GET", "/v1/vehicles", {"headers": {"X-Sim-Fault": "?"}})),
    "PAYLOAD_TOO_LARGE": (413, ("POST", "/v1/profiles", {"json": BIG})),
    "PROFILE_LIMIT": (429, ("POST", "/v1/profiles", {"json": {"name": "Ann"}})),
    "SANDBOX_LIMIT": (429, ("GET", "/v1/vehicles", {"headers": {"X-Sandbox": "third"}})),
    "INTERNAL": (500, ("GET", "/v1/crash", {})),
    "SIMULATED_FAULT": (500, ("GET", "/v1/vehicles", fault("500"))),
    "SERVICE_UNAVAILABLE": (503, ("GET", "/v1/vehicles", fault("503"))),
    "GATEWAY_TIMEOUT": (504, ("GET", "/v1/vehicles", fault("timeout"))),
}

COMPLETION = {"model": "incar-auto", "messages": [{"role": "user", "content": "hi"}]}
COMPAT: dict[str, tuple[int, Request]] = {
    "unknown_url": (404, ("GET", "/compatible-mode/v1/no-such-thing", {})),
    "method_not_allowed": (405, ("GET", "/compatible-mode/v1/chat/completions", {})),
    "invalid_json": (400, ("POST", "/compatible-mode/v1/chat/completions", {"content": b"{"})),
    "payload_too_large": (
        413,
        ("POST", "/compatible-mode/v1/chat/completions", {"content": b"x" * 2000}),
    ),
    "sandbox_limit": (
        429,
        ("GET", "/compatible-mode/v1/models", {"headers": {"X-Sandbox": "third"}}),
    ),
    "internal": (500, ("GET", "/compatible-mode/v1/crash", {})),
    "simulated_fault": (500, ("GET", "/compatible-mode/v1/models", fault("500"))),
    "service_unavailable": (503, ("GET", "/compatible-mode/v1/models", fault("503"))),
    "gateway_timeout": (504, ("GET", "/compatible-mode/v1/models", fault("timeout"))),
    "vehicle_not_found": (
        404,
        (
            "POST",
            "/compatible-mode/v1/chat/completions",
            {"json": {**COMPLETION, "vehicle_id": "no-such-car"}},
        ),
    ),
}


@pytest.mark.parametrize(("code", "expected"), V1.items(), ids=list(V1))
async def test_every_v1_error_is_a_problem_with_a_bilingual_message(
    api: httpx.AsyncClient, code: str, expected: tuple[int, Request]
) -> None:
    status, (method, path, kwargs) = expected
    r = await api.request(method, path, **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert (body["status"], body["code"]) == (status, code)
    assert set(body["message"]) == {"zh", "en"}
    assert has_cjk(body["message"]["zh"])
    assert body["message"]["en"].isascii()
    assert body["message"]["en"]
    assert ("retry-after" in r.headers) == (status in (429, 503))
    if status in (429, 503):
        assert r.headers["retry-after"] == "5"


async def test_a_validation_message_names_the_first_field(api: httpx.AsyncClient) -> None:
    r = await api.post("/v1/chat/sessions", json={"locale": "zh"})
    assert r.json()["message"] == {
        "zh": "请求参数无效：vehicle_id",
        "en": "Invalid request: vehicle_id",
    }
    r = await api.get("/v1/vehicles/ix3-shanghai/telemetry?interval_ms=1")
    assert r.json()["message"] == {
        "zh": "请求参数无效：interval_ms",
        "en": "Invalid request: interval_ms",
    }


@pytest.mark.parametrize(("code", "expected"), COMPAT.items(), ids=list(COMPAT))
async def test_every_compat_error_is_openai_shaped(
    api: httpx.AsyncClient, code: str, expected: tuple[int, Request]
) -> None:
    status, (method, path, kwargs) = expected
    r = await api.request(method, path, **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert list(body) == ["error"]
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["code"] == code
    assert body["error"]["type"] == ("server_error" if status >= 500 else "invalid_request_error")
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    assert ("retry-after" in r.headers) == (status in (429, 503))


async def test_unauthorized_on_each_surface(catalog: Catalog) -> None:
    app = create_app(Settings(api_keys=["sk-test"]), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as client:
        v1 = await client.get("/v1/vehicles")
        compat = await client.get("/compatible-mode/v1/models")
    assert (v1.status_code, v1.json()["code"]) == (401, "UNAUTHORIZED")
    assert set(v1.json()["message"]) == {"zh", "en"}
    assert (compat.status_code, compat.json()["error"]["code"]) == (401, "invalid_api_key")

"""HEAD wherever GET: GET's status and headers without the body, streams included."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio

# Headers that differ between any two requests.
PER_REQUEST = {"x-request-id"}


def same_headers(head: httpx.Response, get: httpx.Response) -> None:
    assert head.content == b""
    assert head.status_code == get.status_code
    expected = {k: v for k, v in get.headers.items() if k not in PER_REQUEST}
    assert {k: v for k, v in head.headers.items() if k not in PER_REQUEST} == expected


@pytest.fixture(params=[True, False], ids=["fast-path", "route"])
async def either_path(
    catalog: Catalog, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """The snapshot answered by the fast path (app/fastpath.py) or by the FastAPI route."""
    app = create_app(Settings(snapshot_fast_path=request.param), catalog)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://incar.test"
    ) as client:
        yield client


async def test_head_on_the_snapshot_is_get_without_the_body(either_path: httpx.AsyncClient) -> None:
    get = await either_path.get("/v1/vehicles/ix3-shanghai")
    head = await either_path.head("/v1/vehicles/ix3-shanghai")
    same_headers(head, get)
    assert int(head.headers["content-length"]) == len(get.content) > 0
    assert head.headers["etag"] == get.headers["etag"]
    unchanged = await either_path.head(
        "/v1/vehicles/ix3-shanghai", headers={"If-None-Match": get.headers["etag"]}
    )
    assert (unchanged.status_code, unchanged.content) == (304, b"")


@pytest.mark.parametrize(
    "path",
    [
        "/v1/vehicles",
        "/v1/vehicles/ix3-shanghai/battery",
        "/v1/car-genius/warning-lights",
        "/compatible-mode/v1/models",
        "/healthz",
        "/openapi.json",
        "/",
    ],
)
async def test_head_wherever_get(client: httpx.AsyncClient, path: str) -> None:
    get = await client.get(path)
    head = await client.head(path)
    assert get.status_code == 200
    same_headers(head, get)


async def test_head_errors_are_get_errors_without_the_body(client: httpx.AsyncClient) -> None:
    for path, status in [("/v1/vehicles/no-such-car", 404), ("/v1/no-such-thing", 404)]:
        get = await client.get(path)
        head = await client.head(path)
        assert get.status_code == status
        same_headers(head, get)
    unavailable = await client.head("/v1/vehicles", headers={"X-Sim-Fault": "503"})
    assert (unavailable.status_code, unavailable.headers["retry-after"]) == (503, "5")
    assert unavailable.content == b""


async def test_head_on_a_stream_answers_the_headers_and_ends(client: httpx.AsyncClient) -> None:
    # Without max_frames the GET never ends; the HEAD must.
    with anyio.fail_after(5):
        head = await client.head("/v1/vehicles/ix3-shanghai/telemetry?interval_ms=50")
    assert head.status_code == 200
    assert head.headers["content-type"].startswith("text/event-stream")
    assert head.content == b""


async def test_allow_names_head_with_get_and_head_is_refused_where_get_is(
    client: httpx.AsyncClient,
) -> None:
    r = await client.delete("/v1/vehicles")
    assert (r.status_code, r.headers["allow"]) == (405, "GET, HEAD")
    r = await client.head("/v1/sim/reset")  # POST only: no GET, so no HEAD
    assert (r.status_code, r.headers["allow"], r.content) == (405, "POST", b"")
    r = await client.head("/compatible-mode/v1/chat/completions")
    assert (r.status_code, r.headers["allow"]) == (405, "POST")


async def test_the_journal_records_the_head(client: httpx.AsyncClient) -> None:
    await client.head("/v1/vehicles", headers={"X-Sandbox": "heads"})
    journal = (await client.get("/v1/sim/journal", headers={"X-Sandbox": "heads"})).json()
    assert [(e["method"], e["path"], e["status"]) for e in journal][:1] == [
        ("HEAD", "/v1/vehicles", 200)
    ]


async def test_the_document_lists_get_not_head(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    methods = {method for item in spec["paths"].values() for method in item}
    assert "get" in methods
    assert "head" not in methods

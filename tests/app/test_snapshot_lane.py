"""The snapshot lane (app/fastpath.py) answers byte for byte what the full stack answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from agents.catalog import Catalog
from app import fastpath
from app.body_limit import DeclaredSizeGuard
from app.fastpath import SnapshotLane
from app.head import HeadAsGet
from app.main import create_app
from app.middleware import SimMiddleware
from app.settings import Settings

pytestmark = pytest.mark.anyio

SNAPSHOT = "/v1/vehicles/ix3-shanghai"


def chain(app: object) -> list[str]:
    names = []
    while app is not None:
        names.append(type(app).__name__)
        app = getattr(app, "app", None)
    return names


@pytest.fixture
async def pair(catalog: Catalog) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The shipped app (lane + fast path) and one with neither (every request the long way)."""
    fast = create_app(Settings(), catalog)
    slow = create_app(Settings(snapshot_fast_path=False), catalog)
    assert isinstance(fast.build_middleware_stack(), SnapshotLane)
    assert not isinstance(slow.build_middleware_stack(), SnapshotLane)
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=a, raise_app_exceptions=False),
            base_url="http://incar.test",
        )
        for a in (fast, slow)
    ]
    yield clients[0], clients[1]
    for c in clients:
        await c.aclose()


async def same_answer(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient], path: str, **kwargs: object
) -> httpx.Response:
    fast, slow = pair
    a = await fast.get(path, **kwargs)  # type: ignore[arg-type]
    b = await slow.get(path, **kwargs)  # type: ignore[arg-type]
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert sorted(a.headers.multi_items()) == sorted(b.headers.multi_items())
    return a


def test_the_lane_enters_at_cors_under_its_own_error_handler(shared_app: FastAPI) -> None:
    stack = shared_app.build_middleware_stack()
    assert isinstance(stack, SnapshotLane)
    assert chain(stack.lane)[:4] == [
        "ServerErrorMiddleware",
        "CORSMiddleware",
        "SimMiddleware",
        "SnapshotFastPath",
    ]
    assert isinstance(stack.full, DeclaredSizeGuard)
    skipped = {"DeclaredSizeGuard", "HeadAsGet", "AppBodyLimitMiddleware"}
    assert skipped <= set(chain(stack.full))
    assert not skipped & set(chain(stack.lane))
    assert {HeadAsGet.__name__, SimMiddleware.__name__} <= set(chain(stack.full))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "http://localhost:5173"},  # allowed: CORS headers
        {"Origin": "https://elsewhere.example"},  # not allowed: Vary only
        {"X-Sandbox": "lane-b", "Accept-Language": "en"},
        {"X-Sim-Fault": "503"},
        {"X-Sandbox": "bad name!"},
    ],
)
async def test_same_answer_as_the_full_stack(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient], headers: dict[str, str]
) -> None:
    answer = await same_answer(pair, SNAPSHOT, headers={"X-Request-Id": "lane-1", **headers})
    assert answer.headers["x-request-id"] == "lane-1"
    assert "Origin" in answer.headers["vary"]


async def test_not_modified_unknown_vehicle_and_query_the_same(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    ok = await same_answer(pair, SNAPSHOT, headers={"X-Request-Id": "r1"})
    etag = ok.headers["etag"]
    not_modified = await same_answer(
        pair, SNAPSHOT, headers={"X-Request-Id": "r2", "If-None-Match": etag}
    )
    assert not_modified.status_code == 304
    missing = await same_answer(pair, "/v1/vehicles/no-such-car", headers={"X-Request-Id": "r3"})
    assert missing.status_code == 404
    queried = await same_answer(pair, SNAPSHOT + "?sandbox=lane-q", headers={"X-Request-Id": "r4"})
    assert queried.status_code == 200


async def test_a_get_declaring_a_huge_body_goes_the_long_way(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    answer = await same_answer(
        pair, SNAPSHOT, headers={"X-Request-Id": "r5", "Content-Length": str(64 * 1024 * 1024)}
    )
    assert answer.status_code == 413


async def test_an_unexpected_error_in_the_lane_is_the_same_500(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> tuple[bytes, str]:
        raise RuntimeError("cache broke")

    monkeypatch.setattr(fastpath, "rendered_snapshot", broken)
    fast, _ = pair
    answer = await fast.get(SNAPSHOT, headers={"X-Request-Id": "r6"})
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 500

"""The completion fast path (app/completion_fastpath.py) serves the compatible mode's and
DashScope's kept answers byte for byte as the routes serve them, and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.catalog import Catalog
from app.completion_fastpath import COMPAT_PATH, CompletionFastPath
from app.fastpath import SnapshotLane, _find
from app.main import create_app
from app.routes.dashscope import PATH as DASHSCOPE_PATH
from app.settings import Settings

pytestmark = pytest.mark.anyio

COMPLETION = {
    "model": "qwen-plus",
    "messages": [{"role": "user", "content": "How far can I drive?"}],
}
GENERATION = {"model": "qwen-plus", "input": {"messages": COMPLETION["messages"]}}
Pair = tuple[httpx.AsyncClient, httpx.AsyncClient]


class CountingRoute:
    """Counts the requests the fast path hands on to the long way."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


@pytest.fixture
async def apps(catalog: Catalog) -> AsyncIterator[tuple[Pair, CountingRoute]]:
    fast = create_app(Settings(), catalog)
    slow = create_app(Settings(completion_fast_path=False), catalog)
    stack = fast.middleware_stack = fast.build_middleware_stack()  # the stack it serves with
    assert isinstance(stack, SnapshotLane)
    path = _find(stack.full, CompletionFastPath)
    assert path is not None
    slow_stack = slow.build_middleware_stack()
    assert isinstance(slow_stack, SnapshotLane)
    assert _find(slow_stack.full, CompletionFastPath) is None
    counting = path.app = CountingRoute(path.app)
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=a, raise_app_exceptions=False),
            base_url="http://incar.test",
        )
        for a in (fast, slow)
    ]
    yield (clients[0], clients[1]), counting
    for c in clients:
        await c.aclose()


async def both(pair: Pair, path: str, **kwargs: Any) -> httpx.Response:
    fast, slow = pair
    a = await fast.post(path, **kwargs)
    b = await slow.post(path, **kwargs)
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert a.headers.multi_items() == b.headers.multi_items()
    return a


@pytest.mark.parametrize(
    ("path", "body"), [(COMPAT_PATH, COMPLETION), (DASHSCOPE_PATH, GENERATION)]
)
async def test_kept_answers_skip_the_route_and_come_out_the_same(
    apps: tuple[Pair, CountingRoute], path: str, body: dict[str, Any]
) -> None:
    pair, route = apps
    first = await both(pair, path, json=body)
    assert first.status_code == 200
    assert route.calls == 1
    for _ in range(2):
        again = await both(pair, path, json=body)
        assert again.content == first.content or path == DASHSCOPE_PATH  # its own request_id
    assert route.calls == 1
    # Anything that is not a plain repeat goes the long way, and is answered the same.
    long_way: list[dict[str, Any]] = [
        {"json": body, "headers": {"x-sim-chars-per-s": "x"}},  # 400 INVALID_SIM_HEADER
        {
            "json": body,
            "headers": {
                "accept": "text/event-stream",
                "x-sim-first-token-ms": "0",
                "x-sim-chars-per-s": "0",
            },
        },
        {
            "json": body | {"stream": True},
            "headers": {"x-sim-first-token-ms": "0", "x-sim-chars-per-s": "0"},
        },
        {"json": body, "headers": {"x-profile-id": "wang-lei"}},
        {"content": b"{not json"},
    ]
    for kwargs in long_way:
        before = route.calls
        await both(pair, path, **kwargs)
        assert route.calls == before + 1
    patch = {"battery": {"soc_pct": 40, "range_km": 240}}
    patched = await pair[0].patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    await pair[1].patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    assert patched.status_code == 200
    before = route.calls
    changed = await both(pair, path, json=body)
    assert route.calls == before + 1  # the kept answer is for a version gone by
    assert "240" in changed.text
    assert (await both(pair, path, json=body, headers={"x-sandbox": "other"})).status_code == 200
    assert route.calls == before + 2  # another sandbox keeps its own answers

"""The completion fast path (app/completion_fastpath.py) serves the compatible mode's and
DashScope's kept answers byte for byte as the routes serve them, and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from agents.catalog import Catalog
from app.completion_fastpath import COMPAT_PATH, CompletionFastPath
from app.routes.dashscope import PATH as DASHSCOPE_PATH
from app.settings import Settings
from tests.app.fastpath_pair import CountingRoute, Pair, both, fast_and_slow

pytestmark = pytest.mark.anyio

COMPLETION = {
    "model": "qwen-plus",
    "messages": [{"role": "user", "content": "How far can I drive?"}],
}
GENERATION = {"model": "qwen-plus", "input": {"messages": COMPLETION["messages"]}}


@pytest.fixture
async def apps(catalog: Catalog) -> AsyncIterator[tuple[Pair, CountingRoute]]:
    async with fast_and_slow(
        catalog, CompletionFastPath, Settings(completion_fast_path=False)
    ) as made:
        yield made


@pytest.mark.parametrize(
    ("path", "body"), [(COMPAT_PATH, COMPLETION), (DASHSCOPE_PATH, GENERATION)]
)
async def test_kept_answers_skip_the_route_and_come_out_the_same(
    apps: tuple[Pair, CountingRoute], path: str, body: dict[str, Any]
) -> None:
    pair, route = apps
    first = await both(pair, "POST", path, json=body)
    assert first.status_code == 200
    assert route.calls == 1
    for _ in range(2):
        again = await both(pair, "POST", path, json=body)
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
        await both(pair, "POST", path, **kwargs)
        assert route.calls == before + 1
    patch = {"battery": {"soc_pct": 40, "range_km": 240}}
    patched = await pair[0].patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    await pair[1].patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    assert patched.status_code == 200
    before = route.calls
    changed = await both(pair, "POST", path, json=body)
    assert route.calls == before + 1  # the kept answer is for a version gone by
    assert "240" in changed.text
    assert (
        await both(pair, "POST", path, json=body, headers={"x-sandbox": "other"})
    ).status_code == 200
    assert route.calls == before + 2  # another sandbox keeps its own answers

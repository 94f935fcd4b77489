"""The chat turn fast path (app/turn_fastpath.py) answers byte for byte what the route answers,
and only for turns said again while nothing they read has changed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from agents.catalog import Catalog
from app.settings import Settings
from app.turn_fastpath import TurnFastPath
from tests.app.fastpath_pair import CountingRoute, Pair, both, fast_and_slow

pytestmark = pytest.mark.anyio

RANGE = {"text": "How far can I drive?"}


@pytest.fixture
async def apps(catalog: Catalog) -> AsyncIterator[tuple[Pair, CountingRoute]]:
    async with fast_and_slow(catalog, TurnFastPath, Settings(turn_fast_path=False)) as made:
        yield made


async def test_turns_said_again_are_answered_by_the_fast_path_as_the_route_answers(
    apps: tuple[Pair, CountingRoute],
) -> None:
    pair, route = apps
    created = await both(pair, "POST", "/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
    turn_path = f"/v1/chat/sessions/{created.json()['session_id']}/messages"
    first = await both(pair, "POST", turn_path, json=RANGE)
    handed_on = route.calls
    for number in (2, 3):
        again = await both(pair, "POST", turn_path, json=RANGE)
        assert again.json()["turn"] == number
        assert again.headers["content-language"] == "zh-CN"
    assert route.calls == handed_on  # neither went the long way
    assert again.json() | {"turn": 1} == first.json()
    session = await both(pair, "GET", turn_path.removesuffix("/messages"))
    assert [e["turn"] for e in session.json()["transcript"]] == [1, 1, 2, 2, 3, 3]
    journal = (await pair[0].get("/v1/sim/journal")).json()  # durations are wall time
    assert [(e["path"], e["status"]) for e in journal[1:4]] == [(turn_path, 200)] * 3


async def test_what_the_fast_path_leaves_to_the_route_is_answered_the_same(
    apps: tuple[Pair, CountingRoute],
) -> None:
    pair, route = apps
    created = await both(pair, "POST", "/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
    turn_path = f"/v1/chat/sessions/{created.json()['session_id']}/messages"
    await both(pair, "POST", turn_path, json=RANGE)
    long_way: list[dict[str, Any]] = [
        {"json": {"text": " "}},  # 422
        {"json": {"text": "How far can I drive?", "seat": "roof"}},  # 422
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        {"content": b'{"text": "How far can I drive?"}', "headers": {"content-type": "text/plain"}},
        {"json": RANGE, "headers": {"x-sim-chars-per-s": "-1"}},  # 400 INVALID_SIM_HEADER
        {"json": RANGE, "headers": {"x-sim-fault": "503"}},
        {
            "json": RANGE,
            "headers": {
                "accept": "text/event-stream",
                "x-sim-first-token-ms": "0",
                "x-sim-chars-per-s": "0",
            },
        },
    ]
    for kwargs in long_way:
        before = route.calls
        await both(pair, "POST", turn_path, **kwargs)
        assert route.calls == before + (0 if "x-sim-fault" in kwargs.get("headers", {}) else 1)
    for unknown in ("chat-9999", "x" * 200):
        await both(pair, "POST", f"/v1/chat/sessions/{unknown}/messages", json=RANGE)
    # A patched car: the kept turn is stale, the route works the turn out again.
    patch = {"battery": {"soc_pct": 40, "range_km": 240}}
    await both(pair, "PATCH", "/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    before = route.calls
    changed = await both(pair, "POST", turn_path, json=RANGE)
    assert route.calls == before + 1
    assert changed.json()["speech"] == "电量40%，续航240公里。"
    # In another sandbox the session does not exist.
    other = await both(pair, "POST", turn_path, json=RANGE, headers={"x-sandbox": "other"})
    assert other.status_code == 404

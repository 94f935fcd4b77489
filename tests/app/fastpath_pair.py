"""Two apps over one catalog, one serving with a fast path and one without, and requests that
both must answer byte for byte alike: the tests of app/turn_fastpath.py and
app/completion_fastpath.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.catalog import Catalog
from app.fastpath import SnapshotLane, _find
from app.main import create_app
from app.settings import Settings

Pair = tuple[httpx.AsyncClient, httpx.AsyncClient]


class CountingRoute:
    """Counts the requests the fast path hands on to the long way."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


@asynccontextmanager
async def fast_and_slow(
    catalog: Catalog, layer: type[Any], without: Settings
) -> AsyncIterator[tuple[Pair, CountingRoute]]:
    """Clients of an app that serves with `layer` and of one (`without`) that does not, and a
    counter of what `layer` hands on."""
    fast = create_app(Settings(), catalog)
    slow = create_app(without, catalog)
    stack = fast.middleware_stack = fast.build_middleware_stack()  # the stack it serves with
    assert isinstance(stack, SnapshotLane)
    path = _find(stack.full, layer)
    assert path is not None
    slow_stack = slow.build_middleware_stack()
    assert isinstance(slow_stack, SnapshotLane)
    assert _find(slow_stack.full, layer) is None
    counting = path.app = CountingRoute(path.app)
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=a, raise_app_exceptions=False),
            base_url="http://incar.test",
        )
        for a in (fast, slow)
    ]
    try:
        yield (clients[0], clients[1]), counting
    finally:
        for c in clients:
            await c.aclose()


async def both(pair: Pair, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """The fast app's answer, once the slow one has given the same status, bytes and headers."""
    fast, slow = pair
    a = await fast.request(method, path, **kwargs)
    b = await slow.request(method, path, **kwargs)
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert a.headers.multi_items() == b.headers.multi_items()
    return a

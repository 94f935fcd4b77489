"""A fast path for the most polled read, `GET /v1/vehicles/{id}`, as plain ASGI.

Frontends poll the snapshot constantly. Between state changes its bytes and ETag are already
rendered (app/snapshots.py), so routing it through FastAPI's dependency machinery would cost more
than the answer itself. `SnapshotFastPath` sits inside SimMiddleware (so sandbox, faults, request
id and the journal still apply) and answers from the cache; anything unusual, such as an unknown or
asleep vehicle, falls through to the FastAPI route, which renders the same bytes or the problem.

`SnapshotLane` goes one step further, at the top of the stack: a plain snapshot GET (no body) skips
the layers that cannot change its answer (the body-size guards, HEAD handling, FastAPI's exception
telemetry) and enters at CORS, under its own ServerErrorMiddleware, so errors and CORS headers
come out exactly as on the full stack. Those layers cost more than the fast path itself (~13 of
~22 µs per request in-process), which is what kept `incar serve` under 0.8x a bare Starlette route.

What is left on the lane is kept cheap per request rather than skipped: CORS headers worked out
once per Origin (app/cors.py), response headers once per ETag (here), the journal sized without a
loop, no fault-rule or header parsing beyond what the request carries. In-process the lane now
costs ~8 µs a request against ~7 µs for a bare Starlette route serving the same bytes.
"""

from __future__ import annotations

import re
from typing import TypeVar

from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.errors import DomainError
from agents.sandbox import Sandbox
from app.snapshots import rendered_snapshot

_Layer = TypeVar("_Layer")

SNAPSHOT_PATH = re.compile(r"^/v1/vehicles/([a-z0-9][a-z0-9-]{1,40})$")


RawHeaders = tuple[tuple[bytes, bytes], ...]

# Response headers per ETag (the content's hash, so one ETag is one body); forgotten when full.
MAX_REMEMBERED_ETAGS = 1024


class SnapshotFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # ETag -> (304 headers, 200 headers): encoding them costs more than the lookup.
        self._headers: dict[str, tuple[RawHeaders, RawHeaders]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        match = SNAPSHOT_PATH.match(scope["path"])
        state = scope.get("state")
        sandbox: Sandbox | None = None if state is None else state.get("sandbox")
        if match is None or sandbox is None:
            await self.app(scope, receive, send)
            return
        try:
            body, etag = rendered_snapshot(sandbox, match.group(1))
        except DomainError:
            await self.app(scope, receive, send)
            return
        headers = self._headers.get(etag)
        if headers is None:
            headers = self._remember(etag, body)
        not_modified, ok = headers
        if _if_none_match(scope) == not_modified[0][1]:
            await send({"type": "http.response.start", "status": 304, "headers": [*not_modified]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [*ok]})
        await send({"type": "http.response.body", "body": body})

    def _remember(self, etag: str, body: bytes) -> tuple[RawHeaders, RawHeaders]:
        not_modified: RawHeaders = (
            (b"etag", etag.encode("latin-1")),
            (b"cache-control", b"no-cache"),
        )
        ok: RawHeaders = (
            *not_modified,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("latin-1")),
        )
        if len(self._headers) >= MAX_REMEMBERED_ETAGS:
            self._headers.clear()
        self._headers[etag] = (not_modified, ok)
        return not_modified, ok


def _if_none_match(scope: Scope) -> bytes | None:
    for key, value in scope["headers"]:
        if key == b"if-none-match":
            return bytes(value)
    return None


# A GET that declares a body goes the long way, through the size guards.
_BODY_HEADERS = frozenset({b"content-length", b"transfer-encoding"})


class SnapshotLane:
    """Routes plain snapshot GETs around the outer layers; everything else takes `full`."""

    def __init__(self, full: ASGIApp, lane: ASGIApp) -> None:
        self.full = full
        self.lane = lane

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and SNAPSHOT_PATH.match(scope["path"]) is not None
        ):
            for key, _ in scope["headers"]:
                if key in _BODY_HEADERS:
                    break
            else:
                await self.lane(scope, receive, send)
                return
        await self.full(scope, receive, send)


def snapshot_lane(full: ASGIApp) -> ASGIApp:
    """`full` with a lane that enters at its CORSMiddleware under a ServerErrorMiddleware with
    the same 500 handler; `full` alone unless it has both above a SnapshotFastPath."""
    errors = _find(full, ServerErrorMiddleware)
    cors = _find(full, CORSMiddleware)
    if errors is None or cors is None or _find(cors, SnapshotFastPath) is None:
        return full
    lane = ServerErrorMiddleware(cors, handler=errors.handler, debug=errors.debug)
    return SnapshotLane(full, lane)


def _find(app: ASGIApp, kind: type[_Layer]) -> _Layer | None:
    """The first layer of type `kind` down the chain of `.app` attributes."""
    layer: object = app
    for _ in range(64):  # a middleware stack is a short chain; never loop on a cycle
        if isinstance(layer, kind):
            return layer
        layer = getattr(layer, "app", None)
        if layer is None:
            return None
    return None

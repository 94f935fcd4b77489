"""A fast path for the most polled read, `GET /v1/vehicles/{id}`, as plain ASGI.

Frontends poll the snapshot constantly. Between state changes its bytes and ETag are already
rendered (app/snapshots.py), so routing it through FastAPI's dependency machinery would cost more
than the answer itself. This sits inside SimMiddleware (so sandbox, faults, request id and the
journal still apply) and answers from the cache; anything unusual, such as an unknown or asleep
vehicle, falls through to the FastAPI route, which renders the same bytes or the problem.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from agents.errors import DomainError
from agents.sandbox import Sandbox
from app.snapshots import rendered_snapshot

SNAPSHOT_PATH = re.compile(r"^/v1/vehicles/([a-z0-9][a-z0-9-]{1,40})$")


class SnapshotFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        match = SNAPSHOT_PATH.match(scope["path"])
        sandbox: Sandbox | None = scope.get("state", {}).get("sandbox")
        if match is None or sandbox is None:
            await self.app(scope, receive, send)
            return
        try:
            body, etag = rendered_snapshot(sandbox, match.group(1))
        except DomainError:
            await self.app(scope, receive, send)
            return
        etag_bytes = etag.encode("latin-1")
        headers = [(b"etag", etag_bytes), (b"cache-control", b"no-cache")]
        if _if_none_match(scope) == etag_bytes:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("latin-1")),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _if_none_match(scope: Scope) -> bytes | None:
    for key, value in scope["headers"]:
        if key == b"if-none-match":
            return bytes(value)
    return None

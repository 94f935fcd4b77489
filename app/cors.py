"""Starlette's CORSMiddleware, with what it adds to a response worked out once per Origin.

Starlette's version builds a `Headers` view of the request and a `MutableHeaders` view of every
response, and scans the response's headers once per header it sets: ~4 µs a request, a fifth of
a polled snapshot's cost. What it adds depends only on the request's Origin (and on the settings),
so this subclass asks Starlette's own `send` once per Origin, on an empty response, and appends
the result. A response that already carries one of those headers (a route setting Vary, say),
and every OPTIONS request (preflights), still go through Starlette's code, so the answer is the
same byte for byte.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers
from starlette.middleware import cors
from starlette.types import ASGIApp, Message, Receive, Scope, Send

RawHeaders = tuple[tuple[bytes, bytes], ...]

# Origins are chosen by clients: remember a few, work the rest out on each request.
MAX_REMEMBERED_ORIGINS = 64


class CORSMiddleware(cors.CORSMiddleware):
    """A drop-in for Starlette's (same arguments, same answers), cheaper per request."""

    def __init__(self, app: ASGIApp, /, **options: Any) -> None:
        super().__init__(app, **options)
        self._remembered: dict[bytes | None, RawHeaders] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            await super().__call__(scope, receive, send)
            return
        origin: bytes | None = None
        for key, value in scope["headers"]:
            if key == b"origin":  # the first, as Starlette's Headers.get reads it
                origin = value
                break
        added = self._remembered.get(origin)
        if added is None:
            added = await self._work_out(origin)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", ())
                for key, _ in headers:
                    if key in _SET_BY_CORS:
                        await self.send(message, send, _origin_headers(origin))
                        return
                message["headers"] = [*headers, *added]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _work_out(self, origin: bytes | None) -> RawHeaders:
        """The headers Starlette's `send` adds to a response without any of its own."""
        message: Message = {"type": "http.response.start", "status": 200, "headers": []}

        async def keep(_: Message) -> None:
            return None

        await self.send(message, keep, _origin_headers(origin))
        added = tuple(message["headers"])
        if not {key for key, _ in added} <= _SET_BY_CORS:  # a Starlette that sets more
            raise RuntimeError(f"CORSMiddleware sets headers beyond {sorted(_SET_BY_CORS)}")
        if len(self._remembered) < MAX_REMEMBERED_ORIGINS:
            self._remembered[origin] = added
        return added


# Every header Starlette's simple-response `send` may set (it replaces, never duplicates, them).
_SET_BY_CORS = frozenset(
    {
        b"access-control-allow-origin",
        b"access-control-allow-credentials",
        b"access-control-expose-headers",
        b"vary",
    }
)


def _origin_headers(origin: bytes | None) -> Headers:
    return Headers(raw=[] if origin is None else [(b"origin", origin)])

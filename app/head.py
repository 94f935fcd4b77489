"""HEAD wherever GET: the same status and headers (Content-Length, ETag, ...) without the body.

FastAPI's routes answer only the methods they declare, so HEAD was a 404 or 405. Rather than
declaring HEAD on every GET route (which would also put a HEAD operation in the OpenAPI document
beside each GET), a HEAD request is handled here as the GET it mirrors (RFC 9110 §9.3.2), and the
body is dropped on the way out. Everything downstream (auth, faults, the snapshot fast path, the
router) sees a GET; `is_head` tells streams to end at once (app/sse.py), and the journal records
the method the client sent.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEAD_KEY = "head"  # in scope["state"]: the request was a HEAD, answered as its GET


def is_head(scope: Scope) -> bool:
    return bool(scope.get("state", {}).get(HEAD_KEY))


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "method": "GET"}
        scope.setdefault("state", {})[HEAD_KEY] = True
        ended = False

        async def headers_only(message: Message) -> None:
            nonlocal ended
            if message["type"] == "http.response.start":
                await send(message)
            elif not ended and not message.get("more_body", False):
                # The last part of the body (or a file sent whole): end the empty body here.
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app(scope, receive, headers_only)

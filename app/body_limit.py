"""The request body limit, answered in the surface's own error shape.

FastAPI's `max_body_size` cuts off a body as it streams in and raises an HTTPException, which
problems.py shapes like any other error. But a body whose declared `Content-Length` is over the
limit gets Starlette's plain-text 413 in place of whatever the app answers, so that case is
refused here first, outside FastAPI's middleware stack, before anything reads the body.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from agents.text import bi
from app.surfaces import error_response


class DeclaredSizeGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is None:
            await self.app(scope, receive, send)
            return
        text = declared.decode("latin-1")
        if not (text.isascii() and text.isdigit() and len(text) <= 19):
            response = error_response(
                scope["path"],
                400,
                "INVALID_HEADER",
                "Content-Length must be a whole number.",
                message=bi("请求头 Content-Length 无效。", "Content-Length is malformed."),
            )
        elif int(text) > self.max_body_bytes:
            response = error_response(
                scope["path"],
                413,
                "PAYLOAD_TOO_LARGE",
                f"The request body is larger than {self.max_body_bytes} bytes.",
                message=bi("请求内容过大。", "The request is too large."),
                hint="The limit is the setting INCAR_MAX_BODY_BYTES.",
            )
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

"""`/mcp`: the Model Context Protocol server, loaded on first use.

The MCP SDK takes about as long to import as the whole service, and most runs never touch /mcp,
so the route holds this small ASGI app, which imports app/mcp/server.py (in a worker thread, so
other requests are served meanwhile) the first time a request arrives. Browsers may only post
from the origins CORS allows, which also stops a DNS-rebinding page (its own origin, our port).
"""

from __future__ import annotations

import importlib
import re

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.text import bi
from app.runtime import Runtime
from app.settings import LOOPBACK_ORIGIN_REGEX
from app.surfaces import error_response

MCP_PATH = "/mcp"
_LOOPBACK = re.compile(LOOPBACK_ORIGIN_REGEX)


class LazyMCP:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.allowed_origins = frozenset(runtime.settings.cors_origins)
        self._endpoint: ASGIApp | None = None
        self._loading = anyio.Lock()

    async def _load(self) -> ASGIApp:
        async with self._loading:
            if self._endpoint is None:
                module = await anyio.to_thread.run_sync(importlib.import_module, "app.mcp.server")
                self._endpoint = module.MCPEndpoint(self.runtime)
        return self._endpoint

    def _origin_allowed(self, scope: Scope) -> bool:
        origin = next((v for k, v in scope["headers"] if k == b"origin"), None)
        if origin is None:
            return True  # not a browser, or a same-origin GET
        text = origin.decode("latin-1")
        return text in self.allowed_origins or _LOOPBACK.match(text) is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._origin_allowed(scope):
            refusal = error_response(
                MCP_PATH,
                403,
                "ORIGIN_NOT_ALLOWED",
                "This Origin may not use /mcp (see INCAR_CORS_ORIGINS).",
                message=bi("不允许来自这个网页的请求。", "Requests from this page are refused."),
                request_id=scope.get("state", {}).get("request_id"),
            )
            await refusal(scope, receive, send)
            return
        endpoint = self._endpoint or await self._load()
        await endpoint(scope, receive, send)

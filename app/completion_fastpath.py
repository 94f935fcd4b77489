"""A fast path for a completion asked again: the compatible mode's and DashScope's kept answers
(app/answer_cache.py) served as plain ASGI.

A repeated read-only completion is already answered from memory, but reaching that memory
through FastAPI's routing and its JSON-or-stream switch costs more than the answer. When the
request's kept answer is there, `CompletionFastPath` (inside SimMiddleware, so sandbox, faults,
request id and the journal still apply) hands it to the route's own JSON handler, which builds
the very response the route would; anything else (no kept answer, a stream, pacing headers, a
body not declared small) goes the long way with the body handed on unread.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.sandbox import Sandbox
from app import answer_cache
from app.asgi_body import admitted_sandbox, declared_length, read_body, replaying
from app.routes import compat, dashscope

COMPAT_PATH = f"{compat.router.prefix}/chat/completions"
SURFACES = {COMPAT_PATH: "compat", dashscope.PATH: "dashscope"}


class CompletionFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sandbox = admitted_sandbox(scope)
        surface = None if sandbox is None else SURFACES.get(scope["path"])
        length = None if surface is None else declared_length(scope, json_only=False)
        if sandbox is None or surface is None or length is None:
            await self.app(scope, receive, send)
            return
        received, body = await read_body(receive, length)
        if body is not None:
            request = Request(scope, replaying(received, receive))
            response = await _kept_answer(request, surface, body, sandbox)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, replaying(received, receive), send)


async def _kept_answer(
    request: Request, surface: str, body: bytes, sandbox: Sandbox
) -> Response | None:
    """The route's JSON answer from the kept one (None when there is none)."""
    world = sandbox.world
    key = answer_cache.key_of(request, surface, body, world)
    hit = None if key is None else answer_cache.kept(world, key)
    state = request.scope["state"]
    if surface == "compat" and isinstance(hit, answer_cache.Completion):
        state[compat.REPEATED] = (key, hit)  # what the handler looks up first
        return await compat.chat_completions(request)
    if surface == "dashscope" and isinstance(hit, dashscope.Prepared):
        state[dashscope.PREPARED] = hit
        return await dashscope.generation(request)
    return None

"""One path operation, two answers: a JSON document, or the same content as FastAPI's native SSE.

FastAPI streams SSE from a path operation that is an async generator with
`response_class=EventSourceResponse`; a JSON answer needs an ordinary one. Routing can't tell
them apart (the chat API decides by `Accept`, the OpenAI protocol by `"stream": true` in the
body), so this route holds both and picks per request. The body is read once; FastAPI caches it
on the request, so the chosen handler parses the same bytes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any

import anyio
from fastapi import Depends, Header
from fastapi.routing import APIRoute
from fastapi.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import Response

WantsStream = Callable[[Request], Awaitable[bool]]


class StreamSwitchRoute(APIRoute):
    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        stream_endpoint: Callable[..., Any],
        wants_stream: WantsStream,
        **kwargs: Any,
    ) -> None:
        # Set before APIRoute.__init__, which builds the handler.
        self._stream_route = APIRoute(
            path,
            stream_endpoint,
            methods=kwargs.get("methods"),
            response_class=EventSourceResponse,
            include_in_schema=False,
        )
        self._wants_stream = wants_stream
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        as_json = super().get_route_handler()
        as_stream = self._stream_route.get_route_handler()
        wants_stream = self._wants_stream

        async def handler(request: Request) -> Response:
            if await wants_stream(request):
                return await as_stream(request)
            return await as_json(request)

        return handler


async def accepts_event_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


class Pacing:
    """Time to first token and characters per second of a streamed answer (0 = no waiting)."""

    def __init__(self, first_token_ms: int, chars_per_s: float) -> None:
        self.first_token_ms = first_token_ms
        self.chars_per_s = chars_per_s
        self._started = False

    async def before(self, text: str) -> None:
        if not self._started:
            self._started = True
            if self.first_token_ms > 0:
                await anyio.sleep(self.first_token_ms / 1000)
            return
        if self.chars_per_s > 0 and text:
            await anyio.sleep(len(text) / self.chars_per_s)


async def pacing(
    request: Request,
    x_sim_first_token_ms: Annotated[
        int | None, Header(ge=0, le=60_000, description="Override: delay before the first text")
    ] = None,
    x_sim_chars_per_s: Annotated[
        float | None, Header(ge=0, le=100_000, description="Override: streamed text speed")
    ] = None,
) -> Pacing:
    """The settings' pacing, overridden per request by `X-Sim-First-Token-Ms` and
    `X-Sim-Chars-Per-S`."""
    settings = request.app.state.runtime.settings
    return Pacing(
        settings.stream_first_token_ms if x_sim_first_token_ms is None else x_sim_first_token_ms,
        settings.stream_chars_per_s if x_sim_chars_per_s is None else x_sim_chars_per_s,
    )


PacingDep = Annotated[Pacing, Depends(pacing)]


def drops_stream(request: Request) -> bool:
    """`X-Sim-Fault: drop-stream` (header or sandbox rule): cut the stream off midway."""
    return bool(request.scope.get("state", {}).get("fault") == "drop-stream")

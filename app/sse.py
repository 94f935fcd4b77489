"""Server-sent events: one path for JSON or a stream, pacing, and streams that fail like a network.

FastAPI streams SSE from a path operation that is an async generator with
`response_class=EventSourceResponse`; a JSON answer needs an ordinary one. Routing can't tell
them apart (the chat API decides by `Accept`, the OpenAI protocol by `"stream": true` in the
body), so `StreamSwitchRoute` holds both and picks per request. The body is read once; FastAPI
caches it on the request, so the chosen handler parses the same bytes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends
from fastapi.routing import APIRoute
from fastapi.sse import EventSourceResponse, ServerSentEvent, format_sse_event
from starlette.requests import Request
from starlette.responses import Content, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from agents.text import bi
from app.shutdown import ShutdownSignal, shutdown_signal
from app.surfaces import error_response

WantsStream = Callable[[Request], Awaitable[bool]]
RouteHandler = Callable[[Request], Coroutine[Any, Any, Response]]

# -- drop-stream: the connection breaks mid-answer -------------------------------------------

# What a stream generator yields where the network should fail (on a DroppableStreamRoute or a
# StreamSwitchRoute); it never reaches the client.
DROP = ServerSentEvent(comment="X-Sim-Fault: drop-stream")
_DROP_BYTES = format_sse_event(comment=DROP.comment)
DROP_NOTE = (
    "`X-Sim-Fault: drop-stream` (or a sandbox fault rule) breaks a stream off halfway: the "
    "connection closes without the stream's end, as when the network fails (httpx raises "
    "`RemoteProtocolError`, the openai client `APIConnectionError`)."
)


class StreamDropped(Exception):
    """Raised after the response has started, so the server closes the connection without ending
    the chunked body: the client sees a broken stream (httpx: RemoteProtocolError), as when the
    network drops, instead of a short answer that ends cleanly. Nothing handles it on the way
    out; `QuietDrops` keeps uvicorn from logging it as a crash."""


def drops_stream(request: Request) -> bool:
    """`X-Sim-Fault: drop-stream` (header or sandbox rule; SimMiddleware puts it in the scope)."""
    return bool(request.scope.get("state", {}).get("fault") == "drop-stream")


async def _until_drop(chunks: AsyncIterator[Content]) -> AsyncIterator[Content]:
    """The response body up to the `DROP` marker, then StreamDropped. Raised here, once every
    earlier event has been handed to the server, so the client always gets all of them."""
    try:
        async for chunk in chunks:
            if chunk == _DROP_BYTES:
                raise StreamDropped("X-Sim-Fault: drop-stream")
            yield chunk
    finally:
        close = getattr(chunks, "aclose", None)
        if close is not None:
            await close()


def _droppable(handler: RouteHandler) -> RouteHandler:
    async def handle(request: Request) -> Response:
        response = await handler(request)
        if drops_stream(request) and isinstance(response, StreamingResponse):
            response.body_iterator = _until_drop(aiter(response.body_iterator))
        return response

    return handle


class _DropAwareRoute(APIRoute):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """StreamDropped comes out of FastAPI's SSE task group inside an ExceptionGroup; the
        server (and QuietDrops) and in-process tests see it bare."""
        try:
            await super().handle(scope, receive, send)
        except BaseExceptionGroup as group:
            dropped, rest = group.split(StreamDropped)
            if dropped is None or rest is not None:
                raise
            raise StreamDropped("X-Sim-Fault: drop-stream") from None


class DroppableStreamRoute(_DropAwareRoute):
    """A streaming route whose generator may yield `DROP` to break the connection there."""

    def get_route_handler(self) -> RouteHandler:
        return _droppable(super().get_route_handler())


class QuietDrops(logging.Filter):
    """Keeps uvicorn's "Exception in ASGI application" traceback out of the log for an intended
    drop (the access log and the sandbox journal still record the request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, StreamDropped)


def quiet_dropped_streams() -> None:
    """Install QuietDrops on uvicorn's error logger (after uvicorn configured logging)."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, QuietDrops) for f in logger.filters):
        logger.addFilter(QuietDrops())


# -- pacing: time to first token, then characters per second ---------------------------------

FIRST_TOKEN_MS_MAX = 60_000
CHARS_PER_S_MAX = 100_000
# ASCII digits only: no sign, decimals, exponent, NaN, Infinity or '²'; short enough for int().
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")

PACING_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "X-Sim-First-Token-Ms",
        "in": "header",
        "required": False,
        "description": (
            "Streamed answers: milliseconds before the first text (default "
            "`INCAR_STREAM_FIRST_TOKEN_MS`). A whole number 0 to 60000; anything else is a 400 "
            "`INVALID_SIM_HEADER`."
        ),
        "schema": {"type": "integer", "minimum": 0, "maximum": FIRST_TOKEN_MS_MAX},
    },
    {
        "name": "X-Sim-Chars-Per-S",
        "in": "header",
        "required": False,
        "description": (
            "Streamed answers: text speed in characters per second (default "
            "`INCAR_STREAM_CHARS_PER_S`); 0 sends the text at once. A whole number 0 to 100000; "
            "anything else is a 400 `INVALID_SIM_HEADER`."
        ),
        "schema": {"type": "integer", "minimum": 0, "maximum": CHARS_PER_S_MAX},
    },
]


class InvalidSimHeader(ValueError):
    def __init__(self, name: str, maximum: int) -> None:
        super().__init__(f"{name} must be a whole number from 0 to {maximum}.")
        self.name = name


class Pacing:
    """Time to first token and characters per second of a streamed answer (0 = no waiting).
    Once the server begins shutting down it stops waiting, so the answer ends at once."""

    def __init__(self, first_token_ms: int, chars_per_s: int, shutdown: ShutdownSignal) -> None:
        self.first_token_ms = first_token_ms
        self.chars_per_s = chars_per_s
        self._shutdown = shutdown
        self._started = False

    async def before(self, text: str) -> None:
        if not self._started:
            self._started = True
            delay = self.first_token_ms / 1000
        else:
            delay = len(text) / self.chars_per_s if self.chars_per_s > 0 else 0
        if delay > 0:
            await self._shutdown.sleep(delay)


def _header_number(request: Request, name: str, maximum: int) -> int | None:
    raw = request.headers.get(name)
    if raw is None:
        return None
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) > maximum:
        raise InvalidSimHeader(name, maximum)
    return int(raw)


def read_pacing(request: Request) -> Pacing:
    """The settings' pacing, overridden by `X-Sim-First-Token-Ms` and `X-Sim-Chars-Per-S`
    (InvalidSimHeader if one is out of bounds)."""
    settings = request.app.state.runtime.settings
    first_token_ms = _header_number(request, "X-Sim-First-Token-Ms", FIRST_TOKEN_MS_MAX)
    chars_per_s = _header_number(request, "X-Sim-Chars-Per-S", CHARS_PER_S_MAX)
    return Pacing(
        settings.stream_first_token_ms if first_token_ms is None else first_token_ms,
        settings.stream_chars_per_s if chars_per_s is None else chars_per_s,
        shutdown_signal(request.app),
    )


async def pacing(request: Request) -> Pacing:
    return read_pacing(request)  # StreamSwitchRoute refused bad headers before the stream began


PacingDep = Annotated[Pacing, Depends(pacing)]


def _bad_header(request: Request, exc: InvalidSimHeader) -> Response:
    return error_response(
        request.url.path,
        400,
        "INVALID_SIM_HEADER",
        str(exc),
        message=bi(f"请求头 {exc.name} 无效。", f"{exc.name} is invalid."),
        request_id=request.scope.get("state", {}).get("request_id"),
    )


# -- one path, JSON or a stream --------------------------------------------------------------


class StreamSwitchRoute(_DropAwareRoute):
    """JSON or SSE on one path. Both refuse bad pacing headers (app/openapi.py documents the 400
    every API route shares); the headers and drop-stream are documented here."""

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
        self._stream_route = DroppableStreamRoute(
            path,
            stream_endpoint,
            methods=kwargs.get("methods"),
            response_class=EventSourceResponse,
            include_in_schema=False,
        )
        self._wants_stream = wants_stream
        extra = dict(kwargs.pop("openapi_extra", None) or {})
        extra["parameters"] = [*extra.get("parameters", []), *PACING_PARAMETERS]
        description = " ".join(filter(None, [kwargs.pop("description", None), DROP_NOTE]))
        super().__init__(
            path,
            endpoint,
            openapi_extra=extra,
            description=description,
            **kwargs,
        )

    def get_route_handler(self) -> RouteHandler:
        as_json = super().get_route_handler()
        as_stream = self._stream_route.get_route_handler()
        wants_stream = self._wants_stream

        async def handler(request: Request) -> Response:
            try:
                read_pacing(request)
            except InvalidSimHeader as exc:
                return _bad_header(request, exc)
            if await wants_stream(request):
                return await as_stream(request)
            return await as_json(request)

        return handler


async def accepts_event_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")

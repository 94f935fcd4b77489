"""Server-sent events: one path for JSON or a stream, pacing, streams that fail like a network,
UTF-8 data, and the events each stream documents.

FastAPI streams SSE from a path operation that is an async generator with
`response_class=EventSourceResponse`; a JSON answer needs an ordinary one. Routing can't tell
them apart (the chat API decides by `Accept`, the OpenAI protocol by `"stream": true` in the
body), so `StreamSwitchRoute` holds both and picks per request. The body is read once; FastAPI
caches it on the request, so the chosen handler parses the same bytes.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends
from fastapi.routing import APIRoute
from fastapi.sse import EventSourceResponse, ServerSentEvent, format_sse_event
from pydantic_core import to_json
from starlette.requests import Request
from starlette.responses import Content, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from agents.text import bi
from app.head import is_head
from app.shutdown import ShutdownSignal, shutdown_signal
from app.surfaces import error_response

WantsStream = Callable[[Request], Awaitable[bool]]
RouteHandler = Callable[[Request], Coroutine[Any, Any, Response]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

# -- what a stream sends, for the OpenAPI document --------------------------------------------

_EVENT_DOCS = "__event_docs__"


@dataclass(frozen=True)
class EventDoc:
    """One kind of event a stream sends. app/openapi.py turns a stream's EventDocs into its
    `itemSchema`: a oneOf with one entry per kind, told apart by `event`."""

    title: str
    data: Any = None  # what `data` holds, as JSON: a model or a type pydantic can describe
    event: str | None = None  # the `event:` name; None for unnamed events (`message`)
    raw_data: str | None = None  # a fixed text as `data` instead (OpenAI's `[DONE]`)
    with_id: bool = False
    description: str = ""


def sends(*docs: EventDoc) -> Callable[[Endpoint], Endpoint]:
    """Declares on a stream endpoint the events it yields (FastAPI's own item type describes a
    single `data` schema for unnamed events; these streams name theirs)."""

    def declare(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _EVENT_DOCS, docs)
        return endpoint

    return declare


def event_docs(route: APIRoute) -> tuple[EventDoc, ...]:
    """The events the route streams, as declared with `sends` (none for a JSON-only route)."""
    stream = route.stream_route if isinstance(route, StreamSwitchRoute) else route
    docs: tuple[EventDoc, ...] = getattr(stream.endpoint, _EVENT_DOCS, ())
    return docs


# -- UTF-8 data --------------------------------------------------------------------------------


def _utf8(item: object) -> object:
    """FastAPI writes a ServerSentEvent's `data` that is not a model with `json.dumps`, which
    escapes every non-ASCII character (`\\u7535`). Serialised here instead as JSON responses are:
    UTF-8, and NaN or infinity as null."""
    if isinstance(item, ServerSentEvent) and item.data is not None:
        data = to_json(item.data, inf_nan_mode="null").decode()
        return item.model_copy(update={"data": None, "raw_data": data})
    return item


def _utf8_events(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if not inspect.isasyncgenfunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)  # FastAPI reads the parameters and declarations through this
    async def events(*args: Any, **kwargs: Any) -> AsyncIterator[object]:
        stream = endpoint(*args, **kwargs)
        try:
            async for item in stream:
                yield _utf8(item)
        finally:
            await stream.aclose()

    return events


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


async def _nothing(chunks: AsyncIterator[Content]) -> AsyncIterator[Content]:
    """No body: a HEAD request gets the stream's status and headers, and the stream ends."""
    close = getattr(chunks, "aclose", None)
    if close is not None:
        await close()
    return
    yield  # an async generator that yields nothing


def _droppable(handler: RouteHandler) -> RouteHandler:
    async def handle(request: Request) -> Response:
        response = await handler(request)
        if isinstance(response, StreamingResponse):
            if is_head(request.scope):
                response.body_iterator = _nothing(aiter(response.body_iterator))
            elif drops_stream(request):
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
    """A streaming route whose generator may yield `DROP` to break the connection there; its
    events' data goes out as UTF-8 JSON, and a HEAD request ends it after the headers."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _utf8_events(endpoint), **kwargs)

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


def check_pacing_headers(request: Request) -> None:
    """InvalidSimHeader if `X-Sim-First-Token-Ms` or `X-Sim-Chars-Per-S` is out of bounds (a
    JSON answer is refused for them too, so a client learns of a bad header either way)."""
    _header_number(request, "X-Sim-First-Token-Ms", FIRST_TOKEN_MS_MAX)
    _header_number(request, "X-Sim-Chars-Per-S", CHARS_PER_S_MAX)


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
        self.stream_route = DroppableStreamRoute(
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
        as_stream = self.stream_route.get_route_handler()
        wants_stream = self._wants_stream

        async def handler(request: Request) -> Response:
            try:
                check_pacing_headers(request)
            except InvalidSimHeader as exc:
                return _bad_header(request, exc)
            if await wants_stream(request):
                return await as_stream(request)
            return await as_json(request)

        return handler


async def accepts_event_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")

"""What the fast paths (app/turn_fastpath.py, app/completion_fastpath.py) share: which requests
they may answer, reading a small body, and handing it on unread when they don't answer.

A fast path takes only a request whose body is declared small and whose headers leave the
route's choice of answer alone (no stream, no pacing); the size guards outside have already
refused a declared oversize body, so reading it here cannot trip them.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from agents.sandbox import Sandbox

MAX_BODY_BYTES = 8192  # app/answer_cache.py keeps no longer request; a chat message is shorter
# Headers that change how the routes answer (a stream, its pacing) or how the body arrives.
ROUTE_HEADERS = frozenset(
    {b"x-sim-first-token-ms", b"x-sim-chars-per-s", b"x-dashscope-sse", b"transfer-encoding"}
)


def admitted_sandbox(scope: Scope) -> Sandbox | None:
    """The sandbox of a POST a fast path may answer itself: one SimMiddleware admitted, with no
    fault for the route to act on and no root path (the routes would see a proxy's prefix);
    None for anything else."""
    if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
        return None
    state = scope.get("state")
    if state is None or "fault" in state:
        return None
    sandbox: Sandbox | None = state.get("sandbox")
    return sandbox


def declared_length(scope: Scope, *, json_only: bool) -> int | None:
    """The declared body length of a request only the route's JSON answer handles (with
    `json_only`, sent as `Content-Type: application/json`); None for anything else."""
    length: int | None = None
    json_body = False
    for key, value in scope["headers"]:
        if key == b"content-length":
            if length is not None or not value.isdigit() or len(value) > 5:
                return None
            length = int(value)
        elif key == b"content-type":
            json_body = value == b"application/json"
        elif key == b"accept":
            if b"text/event-stream" in value:
                return None
        elif key in ROUTE_HEADERS:
            return None
    if (json_only and not json_body) or length is None or length > MAX_BODY_BYTES:
        return None
    return length


async def read_body(receive: Receive, length: int) -> tuple[list[Message], bytes | None]:
    """The messages received and the body (None unless it arrived whole at `length` bytes)."""
    received: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request":
            return received, None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    return received, body if len(body) == length else None


def replaying(received: list[Message], receive: Receive) -> Receive:
    """`receive` for the long way: the messages already read, then the server's."""
    pending = list(received)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def send_json(send: Send, body: bytes, content_language: str) -> None:
    """A 200 JSON answer with the headers the routes' responses carry, in their order."""
    headers = [
        (b"content-length", str(len(body)).encode("latin-1")),
        (b"content-type", b"application/json"),
        (b"content-language", content_language.encode("latin-1")),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})

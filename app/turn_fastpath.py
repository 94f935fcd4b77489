"""A fast path for a chat turn said again, `POST /v1/chat/sessions/{id}/messages`, as plain ASGI.

A UI polling its assistant, or a load test, says the same words to one session over and over.
When nothing the turn reads has changed, agents/conversation/repeats.py answers it from the
session's kept turn; what is left is HTTP, and FastAPI's routing, dependency solving and response
validation would cost several times the answer. `TurnFastPath` sits inside SimMiddleware (so
sandbox, faults, request id and the journal still apply) and answers such a turn itself: the
same body, validated by the same model, the same session lookup and proactive look, the kept
turn's bytes with the new turn number, the same headers.

Everything else goes the long way with the body handed on unread: a stream (`Accept:
text/event-stream`), pacing or fault headers, a body that is not plain declared-length JSON or
does not validate, an unknown session, and any turn that must be worked out (which then keeps it
for next time).
"""

from __future__ import annotations

import json
import re

from pydantic import TypeAdapter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents.conversation import repeats
from agents.conversation.limits import MAX_ID_CHARS
from agents.conversation.tools import ToolContext
from agents.conversation.turns.models import Turn
from agents.errors import DomainError
from agents.locales import CONTENT_LANGUAGE
from agents.sandbox import Sandbox
from app.routes.chat import MessageIn
from app.runtime import Runtime

TURN_PATH = re.compile(r"^/v1/chat/sessions/([^/]+)/messages$")
MAX_BODY_BYTES = 8192  # a message is at most MAX_MESSAGE_CHARS; longer bodies go the long way
# Headers that change how the route answers (a stream, its pacing): those requests take it.
_ROUTE_HEADERS = frozenset({b"x-sim-first-token-ms", b"x-sim-chars-per-s", b"transfer-encoding"})
# How FastAPI renders the route's response model (fastapi.routing's dump_json path).
_TURN = TypeAdapter(Turn)
# Rendered kept turns: (the kept turn, bytes before the turn number, bytes after it).
MAX_RENDERED = 256


class TurnFastPath:
    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime
        self._rendered: dict[int, tuple[repeats.KeptTurn, bytes, bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        match = TURN_PATH.match(scope["path"])
        state = scope.get("state")
        sandbox: Sandbox | None = None if state is None else state.get("sandbox")
        length = _plain_json_length(scope)
        if (
            match is None
            or sandbox is None
            or length is None
            or "fault" in state  # type: ignore[operator]  # not None: it holds the sandbox
            or scope.get("root_path")
        ):
            await self.app(scope, receive, send)
            return
        received, body = await _read(receive, length)
        if body is not None:
            answer = self._repeat(sandbox, match.group(1), body)
            if answer is not None:
                await _send_json(send, *answer)
                return
        await self.app(scope, _replaying(received, receive), send)

    def _repeat(self, sandbox: Sandbox, session_id: str, body: bytes) -> tuple[bytes, str] | None:
        """The kept turn's bytes, numbered as this turn, and its Content-Language; None when
        the turn has to go the long way (which answers errors and works turns out)."""
        if len(session_id) > MAX_ID_CHARS:
            return None
        try:
            message = MessageIn.model_validate(json.loads(body))
            session = sandbox.chats.get(session_id)
        except (ValueError, RecursionError, DomainError):  # pydantic's ValidationError included
            return None
        sandbox.observe()  # as the route's session dependency does, before the turn
        ctx = ToolContext(
            sandbox, self.runtime.catalog, session.vehicle_id, session.profile_id, session.locale
        )
        kept = repeats.find(session, message.text, ctx, message.seat or session.seat)
        if kept is None:
            return None
        turn = repeats.replay(session, kept)
        return self._render(kept, turn), CONTENT_LANGUAGE[turn.locale]

    def _render(self, kept: repeats.KeptTurn, turn: Turn) -> bytes:
        """FastAPI's bytes for `turn` (its response model's dump), rendered once per kept turn:
        they differ from the kept turn's only in the number."""
        found = self._rendered.get(id(kept))
        if found is None or found[0] is not kept:
            whole = _render_turn(kept.turn)
            head = whole.index(b',"turn":') + len(b',"turn":')
            number = str(kept.turn.turn).encode()
            if whole[head : head + len(number) + 1] != number + b",":
                return _render_turn(turn)  # not the layout expected: render it whole
            if len(self._rendered) >= MAX_RENDERED:
                self._rendered.clear()
            found = self._rendered[id(kept)] = (kept, whole[:head], whole[head + len(number) :])
        _, before, after = found
        return b"".join((before, str(turn.turn).encode(), after))


def _render_turn(turn: Turn) -> bytes:
    return _TURN.dump_json(turn, by_alias=True)


def _plain_json_length(scope: Scope) -> int | None:
    """The declared body length of a plain JSON request that only the route's JSON answer
    handles; None for anything else."""
    length: int | None = None
    json_body = False
    for key, value in scope["headers"]:
        if key == b"content-length":
            if length is not None or not value.isdigit() or len(value) > 5:
                return None
            length = int(value)
        elif key == b"content-type":
            json_body = value == b"application/json"
            if not json_body:
                return None
        elif key == b"accept":
            if b"text/event-stream" in value:
                return None
        elif key in _ROUTE_HEADERS:
            return None
    if not json_body or length is None or length > MAX_BODY_BYTES:
        return None
    return length


async def _read(receive: Receive, length: int) -> tuple[list[Message], bytes | None]:
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


def _replaying(received: list[Message], receive: Receive) -> Receive:
    """`receive` for the long way: the messages already read, then the server's."""
    pending = list(received)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def _send_json(send: Send, body: bytes, content_language: str) -> None:
    headers = [
        (b"content-length", str(len(body)).encode("latin-1")),
        (b"content-type", b"application/json"),
        (b"content-language", content_language.encode("latin-1")),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})

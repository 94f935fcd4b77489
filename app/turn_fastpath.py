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
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.conversation import repeats
from agents.conversation.limits import MAX_ID_CHARS
from agents.conversation.tools import ToolContext
from agents.conversation.turns.models import Turn
from agents.errors import DomainError
from agents.locales import CONTENT_LANGUAGE
from agents.sandbox import Sandbox
from app.asgi_body import admitted_sandbox, declared_length, read_body, replaying, send_json
from app.routes.chat import MessageIn
from app.runtime import Runtime

TURN_PATH = re.compile(r"^/v1/chat/sessions/([^/]+)/messages$")
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
        sandbox = admitted_sandbox(scope)
        match = None if sandbox is None else TURN_PATH.match(scope["path"])
        length = None if match is None else declared_length(scope, json_only=True)
        if sandbox is None or match is None or length is None:
            await self.app(scope, receive, send)
            return
        received, body = await read_body(receive, length)
        if body is not None:
            answer = self._repeat(sandbox, match.group(1), body)
            if answer is not None:
                await send_json(send, *answer)
                return
        await self.app(scope, replaying(received, receive), send)

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
        number = repeats.replay(session, kept)
        return self._render(kept, number), CONTENT_LANGUAGE[kept.turn.locale]

    def _render(self, kept: repeats.KeptTurn, number: int) -> bytes:
        """FastAPI's bytes for the kept turn numbered `number` (its response model's dump),
        rendered once per kept turn: they differ only in the number."""
        found = self._rendered.get(id(kept))
        if found is None or found[0] is not kept:
            whole = _render_turn(kept.turn)
            head = whole.index(b',"turn":') + len(b',"turn":')
            kept_number = str(kept.turn.turn).encode()
            if whole[head : head + len(kept_number) + 1] != kept_number + b",":
                # Not the layout expected: render it whole.
                return _render_turn(kept.turn.model_copy(update={"turn": number}))
            if len(self._rendered) >= MAX_RENDERED:
                self._rendered.clear()
            after = whole[head + len(kept_number) :]
            found = self._rendered[id(kept)] = (kept, whole[:head], after)
        _, before, after = found
        return b"".join((before, str(number).encode(), after))


def _render_turn(turn: Turn) -> bytes:
    return _TURN.dump_json(turn, by_alias=True)

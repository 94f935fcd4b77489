"""Chat sessions and turns: JSON, or the same turn as SSE (`Accept: text/event-stream`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.sse import ServerSentEvent
from pydantic import BaseModel, Field, field_validator

from agents.conversation.dialogue import Turn, run_turn
from agents.conversation.events import turn_events
from agents.conversation.limits import MAX_ID_CHARS, MAX_MESSAGE_CHARS, MAX_REQUESTS_PER_MESSAGE
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext
from agents.text import Locale
from app.deps import RuntimeDep, SandboxDep
from app.problems import problem_responses
from app.runtime import Runtime
from app.sse import DROP, PacingDep, StreamSwitchRoute, accepts_event_stream, drops_stream

router = APIRouter(prefix="/v1/chat", tags=["chat"])


class SessionCreate(BaseModel):
    vehicle_id: str = Field(max_length=MAX_ID_CHARS, examples=["ix3-shanghai"])
    profile_id: str | None = Field(default=None, max_length=MAX_ID_CHARS, examples=["wang-lei"])
    locale: Locale = Field(default="zh", description="The language the assistant speaks")


class MessageIn(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=MAX_MESSAGE_CHARS,
        description=(
            f"What the driver says; up to {MAX_REQUESTS_PER_MESSAGE} requests in it are "
            "answered, the rest named in a note"
        ),
        examples=["还能开多远？", "Lock the car and find a fast charger"],
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the message is empty")
        return value


@router.post(
    "/sessions",
    status_code=201,
    summary="Start a conversation",
    responses=problem_responses(404, 422, 429),
)
async def create_session(body: SessionCreate, sandbox: SandboxDep) -> Session:
    return sandbox.start_chat(body.vehicle_id, body.profile_id, body.locale)


async def session_of(
    session_id: Annotated[str, Path(max_length=MAX_ID_CHARS, examples=["chat-0001"])],
    sandbox: SandboxDep,
) -> Session:
    return sandbox.chats.get(session_id)


SessionDep = Annotated[Session, Depends(session_of)]


@router.get(
    "/sessions/{session_id}",
    summary="A conversation and its transcript",
    responses=problem_responses(404),
)
async def get_session(session: SessionDep) -> Session:
    return session


def _turn(session: Session, text: str, sandbox: SandboxDep, runtime: Runtime) -> Turn:
    ctx = ToolContext(
        sandbox=sandbox,
        catalog=runtime.catalog,
        vehicle_id=session.vehicle_id,
        profile_id=session.profile_id,
        locale=session.locale,
    )
    return run_turn(session, text, ctx)


async def post_message(
    body: MessageIn, session: SessionDep, sandbox: SandboxDep, runtime: RuntimeDep
) -> Turn:
    return _turn(session, body.text, sandbox, runtime)


async def stream_message(
    body: MessageIn,
    session: SessionDep,
    sandbox: SandboxDep,
    runtime: RuntimeDep,
    request: Request,
    pacing: PacingDep,
) -> AsyncIterator[ServerSentEvent]:
    events = turn_events(_turn(session, body.text, sandbox, runtime))
    cut_at = len(events) // 2 if drops_stream(request) else None
    for position, event in enumerate(events):
        if position == cut_at:
            yield DROP  # the connection breaks here; the client never sees `turn.end`
            return
        if event.event == "speech.delta":
            await pacing.before(str(event.data["text"]))
        yield ServerSentEvent(event=event.event, data=event.data, id=str(position))


router.routes.append(
    StreamSwitchRoute(
        "/v1/chat/sessions/{session_id}/messages",
        post_message,
        stream_endpoint=stream_message,
        wants_stream=accepts_event_stream,
        methods=["POST"],
        tags=["chat"],
        summary="Say something; JSON, or SSE with Accept: text/event-stream",
        description=(
            "One turn: the agent that answered, the intent with confidence and slots, speech in "
            "the session's language (`speech_text` has both), cards, actions, suggested replies "
            "and a trace of the tool calls with the fixtures they read. With "
            "`Accept: text/event-stream` the same turn streams as events `turn.start`, "
            "`intent`, `tool_call`, `tool_result`, `speech.delta`..., `card`, `turn.end`, paced "
            "by `X-Sim-First-Token-Ms` and `X-Sim-Chars-Per-S`."
        ),
        response_model=Turn,
        responses={
            200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
            **problem_responses(404, 422),
        },
    )
)

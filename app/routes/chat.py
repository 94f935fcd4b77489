"""Chat sessions and turns: JSON, or the same turn as SSE (`Accept: text/event-stream`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from fastapi.sse import ServerSentEvent
from pydantic import BaseModel, Field, field_validator

from agents.conversation.dialogue import Turn, run_turn
from agents.conversation.events import EVENT_DATA, SpeechDelta, turn_events
from agents.conversation.limits import MAX_ID_CHARS, MAX_MESSAGE_CHARS, MAX_REQUESTS_PER_MESSAGE
from agents.conversation.nlu import Seat
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext
from agents.errors import NotFound
from agents.locales import LocaleTag, choose_locale
from agents.sandbox import Sandbox
from agents.text import Locale
from app.deps import SandboxDep
from app.examples import MESSAGE_REQUESTS, SESSION_REQUESTS, ok
from app.locale import AcceptLanguage, set_content_language
from app.problems import problem_responses
from app.runtime import Runtime
from app.sse import (
    DROP,
    EventDoc,
    PacingDep,
    StreamSwitchRoute,
    accepts_event_stream,
    drops_stream,
    sends,
)

router = APIRouter(prefix="/v1/chat", tags=["chat"])


_SEAT_DESCRIPTION = (
    "Who speaks: `driver` (default), `passenger`, `rear_left` or `rear_right`. Cabin requests "
    'that name no seat ("open my window", "我有点冷") are for this seat\'s zone.'
)


class SessionCreate(BaseModel):
    vehicle_id: str = Field(max_length=MAX_ID_CHARS, examples=["ix3-shanghai"])
    profile_id: str | None = Field(default=None, max_length=MAX_ID_CHARS, examples=["wang-lei"])
    locale: LocaleTag | None = Field(
        default=None,
        description=(
            "The language the assistant speaks in this session, as a BCP 47 tag (`zh-CN`, "
            "`en-US`, `zh_CN`...; `zh-TW`, `zh-HK` and `zh-Hant` get Simplified Chinese). Left "
            "out or null: the profile's `locale`, else the best of `Accept-Language`, else `zh`."
        ),
    )
    seat: Seat = Field(default="driver", description=_SEAT_DESCRIPTION)


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
    seat: Seat | None = Field(
        default=None,
        description=f"{_SEAT_DESCRIPTION} Left out: the session's `seat`. For this message only.",
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
    description=(
        "Starts a chat with the assistant about one car (and optionally a driver profile) in "
        "this sandbox, in `locale`. Answers the session with its id (`chat-0001`, ...) and an "
        "empty transcript. A full sandbox (`INCAR_MAX_CHAT_SESSIONS`) forgets its least "
        "recently used session. Errors: 404 `VEHICLE_NOT_FOUND`, `PROFILE_NOT_FOUND`."
    ),
    responses={201: ok("create_session"), **problem_responses(404, 422, 429)},
)
async def create_session(
    body: Annotated[SessionCreate, Body(openapi_examples=SESSION_REQUESTS)],
    sandbox: SandboxDep,
    response: Response,
    accept_language: AcceptLanguage = None,
) -> Session:
    locale = choose_locale(body.locale, _profile_locale(sandbox, body), accept_language)
    session = sandbox.start_chat(body.vehicle_id, body.profile_id, locale)
    session.seat = body.seat
    set_content_language(response, session.locale)
    return session


def _profile_locale(sandbox: Sandbox, body: SessionCreate) -> Locale | None:
    """The driver's own language, when the request names no locale (a missing profile is
    start_chat's 404, after the vehicle's)."""
    if body.locale is not None or body.profile_id is None:
        return None
    try:
        return sandbox.profiles.get(body.profile_id).locale
    except NotFound:
        return None


def _sandbox(request: Request) -> Sandbox:
    """The request's sandbox (set by SimMiddleware), read directly: a turn is the hot path, and
    each FastAPI sub-dependency costs more to solve than this line."""
    sandbox: Sandbox = request.scope["state"]["sandbox"]
    return sandbox


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def session_of(
    session_id: Annotated[str, Path(max_length=MAX_ID_CHARS, examples=["chat-0001"])],
    request: Request,
    response: Response,
) -> Session:
    sandbox = _sandbox(request)
    session = sandbox.chats.get(session_id)
    sandbox.observe()  # what the assistant has to say unasked joins the session first
    # Its transcript and turns are in the session's language, streamed ones included.
    set_content_language(response, session.locale)
    return session


SessionDep = Annotated[Session, Depends(session_of)]


@router.get(
    "/sessions/{session_id}",
    summary="A conversation and its transcript",
    description=(
        "The session: car, profile, locale, what the assistant is waiting for (an action to "
        "confirm, a missing detail), and the transcript of its newest turns "
        "(`INCAR_MAX_TURNS_PER_SESSION`). Reads only. Errors: 404 "
        "`SESSION_NOT_FOUND` (with a hint when it was forgotten to make room)."
    ),
    responses={200: ok("get_session"), **problem_responses(404)},
)
async def get_session(session: SessionDep) -> Session:
    return session


def _turn(session: Session, body: MessageIn, request: Request) -> Turn:
    ctx = ToolContext(
        sandbox=_sandbox(request),
        catalog=_runtime(request).catalog,
        vehicle_id=session.vehicle_id,
        profile_id=session.profile_id,
        locale=session.locale,
    )
    return run_turn(session, body.text, ctx, seat=body.seat)


async def post_message(
    body: Annotated[MessageIn, Body(openapi_examples=MESSAGE_REQUESTS)],
    session: SessionDep,
    request: Request,
) -> Turn:
    return _turn(session, body, request)


@sends(*(EventDoc(name, data=data, event=name, with_id=True) for name, data in EVENT_DATA.items()))
async def stream_message(
    body: MessageIn,
    session: SessionDep,
    request: Request,
    pacing: PacingDep,
) -> AsyncIterator[ServerSentEvent]:
    events = turn_events(_turn(session, body, request))
    cut_at = len(events) // 2 if drops_stream(request) else None
    for position, event in enumerate(events):
        if position == cut_at:
            yield DROP  # the connection breaks here; the client never sees `turn.end`
            return
        if isinstance(event.data, SpeechDelta):
            await pacing.before(event.data.text)
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
            "by `X-Sim-First-Token-Ms` and `X-Sim-Chars-Per-S`; the stream ends after "
            "`turn.end`. The turn joins the transcript, and actions the driver confirmed change "
            "the car. Errors (before any event): 404 `SESSION_NOT_FOUND`, 422 "
            "`VALIDATION_ERROR` (an empty or over-long `text`)."
        ),
        response_model=Turn,
        responses={
            200: ok("post_message", stream="stream_message"),
            **problem_responses(404, 422),
        },
    )
)

"""The proactive assistant over HTTP: a session's events as SSE, its settings, its buttons."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Body, Header, Path, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field

from agents.conversation.limits import MAX_ID_CHARS
from agents.conversation.proactive.models import ProactiveEvent, ProactiveSettings, QuietHours
from agents.conversation.proactive.monitor import ActionOutcome
from agents.conversation.sessions import Session
from agents.sandbox import Sandbox
from app.deps import SandboxDep
from app.examples import ACTION_REQUESTS, PROACTIVE_SETTINGS, events, ok
from app.problems import problem_responses
from app.routes.chat import SessionDep
from app.shutdown import shutdown_signal
from app.sse import DROP, DroppableStreamRoute, EventDoc, drops_stream, sends

router = APIRouter(prefix="/v1/chat", tags=["chat"], route_class=DroppableStreamRoute)

_SEQ = re.compile(r"^[0-9]{1,9}$")
IdPart = Annotated[str, Path(max_length=MAX_ID_CHARS)]


class StreamReady(BaseModel):
    """The stream's first event: whose events follow, and how the session is set."""

    session_id: str = Field(examples=["chat-0001"])
    vehicle_id: str = Field(examples=["ix3-shanghai"])
    told: int = Field(description="Events told so far (the newest `seq`)")
    settings: ProactiveSettings


class SettingsPatch(BaseModel):
    """Fields left out stay as they are; `quiet_hours: null` removes them."""

    model_config = ConfigDict(extra="forbid")

    muted: bool | None = Field(default=None, strict=True)
    quiet_hours: QuietHours | None = None


class ActionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: bool = Field(
        strict=True, description="The driver's answer: true acts, false changes nothing"
    )


@router.get(
    "/sessions/{session_id}/events",
    summary="Proactive events (SSE)",
    description=(
        "What the assistant says unasked in this session, as server-sent events: first an "
        "`event: ready` (the session's settings and how many events it was told), then each "
        "event the session keeps with `seq` after `after` (or the `Last-Event-ID` header), "
        "then new ones as they happen, checked every `interval_ms` of wall time; `id` is the "
        "event's `seq`. Triggers, each told once per occurrence (its `event_id`), come from the "
        "sim clock and the car's state: the SoC falling below 20 % while driving (chargers "
        "nearby, each with an `add_stop` action on a trip), a planned charger with no free "
        "stall 20 minutes before the car gets there (a `replan` action), 30 minutes before "
        "12:00 and 18:00 on a trip (dining near the next stop that suits the driver's "
        "profile, each with its reasons), a new warning light or a tyre losing pressure (Car "
        "Genius explains), and arrival (distance, energy, charging time and cost). A muted "
        "session or one in its quiet hours is not told (`PATCH .../proactive`). The same "
        "events are in the session (`GET /v1/chat/sessions/{id}`, `proactive.events`). The "
        "stream ends after `max_events` events, when the session is dropped or the sandbox "
        "reset, or when the server shuts down. `X-Sim-Fault: drop-stream` breaks it after the "
        "`ready` event. Errors (before the stream starts): 404 `SESSION_NOT_FOUND`. Browsers' "
        "`EventSource` can't send headers: use `?sandbox=` and `?api_key=`."
    ),
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {"examples": events("proactive_events")}}},
        **problem_responses(404),
    },
)
@sends(
    EventDoc("ready", data=StreamReady, event="ready", description="First, at once"),
    EventDoc("proactive", data=ProactiveEvent, event="proactive", with_id=True),
)
async def proactive_events(
    session: SessionDep,
    sandbox: SandboxDep,
    request: Request,
    after: Annotated[
        int, Query(ge=0, le=999_999_999, description="Send events after this seq")
    ] = 0,
    interval_ms: Annotated[int, Query(ge=50, le=60_000)] = 1000,
    max_events: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    last_event_id: Annotated[
        str | None,
        Header(
            max_length=64,
            description="A reconnecting `EventSource` sends the last `id` it saw; wins over "
            "`after` (ignored unless a whole number)",
        ),
    ] = None,
) -> AsyncIterator[ServerSentEvent]:
    if last_event_id is not None and _SEQ.match(last_event_id):
        after = int(last_event_id)
    inbox = session.proactive
    yield ServerSentEvent(
        event="ready",
        data=StreamReady(
            session_id=session.session_id,
            vehicle_id=session.vehicle_id,
            told=inbox.told,
            settings=inbox.settings,
        ),
    )
    if drops_stream(request):
        yield DROP
        return
    shutdown = shutdown_signal(request.app)
    sent = 0
    while True:
        if not _still_kept(sandbox, session):
            return
        for event in inbox.after(after):
            yield ServerSentEvent(event="proactive", id=str(event.seq), data=event)
            after, sent = event.seq, sent + 1
            if max_events is not None and sent >= max_events:
                return
        if await shutdown.sleep(interval_ms / 1000):
            return
        sandbox.observe()


def _still_kept(sandbox: Sandbox, session: Session) -> bool:
    """False once the session was dropped (evicted, or the sandbox reset or reloaded)."""
    return any(kept is session for kept in sandbox.chats.live())


@router.patch(
    "/sessions/{session_id}/proactive",
    summary="Mute the proactive assistant, or set quiet hours",
    description=(
        "This session's proactive settings: `muted` (say nothing unasked) and `quiet_hours` "
        "(`{start, end}` as HH:MM local time, +08:00; a start after the end spans midnight; "
        "`null` removes them). Fields left out stay. What happens while muted or quiet is not "
        "told later (`silenced` counts it). Answers the settings. Errors: 404 "
        "`SESSION_NOT_FOUND`, 422 `VALIDATION_ERROR`."
    ),
    responses={200: ok("proactive_settings"), **problem_responses(404, 422)},
)
async def patch_settings(
    patch: Annotated[SettingsPatch, Body(openapi_examples=PROACTIVE_SETTINGS)],
    session: SessionDep,
) -> ProactiveSettings:
    current = session.proactive.settings.model_dump()
    changes = patch.model_dump(exclude_unset=True)
    if changes.get("muted") is None:  # `"muted": null` leaves it as it is
        changes.pop("muted", None)
    session.proactive.settings = ProactiveSettings.model_validate({**current, **changes})
    return session.proactive.settings


@router.post(
    "/sessions/{session_id}/events/{event_id}/actions/{action_id}",
    summary="Answer a proactive event's button",
    description=(
        "The driver's answer to an action of an event this session was told (`add_stop`: a "
        "charger becomes the next stop of the trip; `replan`: the trip is planned again from "
        "where the car is). Each acts only with `confirm: true`; `false` changes nothing and "
        "answers `declined`. `done`: the trip was replanned and started (`trip_id` is the new "
        "one); `infeasible`: the new plan can't be driven, the old one stays. Errors: 404 "
        "`SESSION_NOT_FOUND`, `EVENT_NOT_FOUND`, `ACTION_NOT_FOUND`, `TRIP_NOT_FOUND`; 409 "
        "`TRIP_NOT_ACTIVE` (the trip arrived or was replaced), `TRIP_LIMIT`-style 429."
    ),
    responses={200: ok("proactive_action"), **problem_responses(404, 409, 422, 429)},
)
async def answer_action(
    event_id: IdPart,
    action_id: IdPart,
    answer: Annotated[ActionRequest, Body(openapi_examples=ACTION_REQUESTS)],
    session: SessionDep,
    sandbox: SandboxDep,
) -> ActionOutcome:
    return sandbox.proactive_monitor().act(session, event_id, action_id, answer.confirm)

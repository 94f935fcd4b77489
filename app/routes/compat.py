"""The OpenAI-compatible endpoint (the path DashScope uses for Qwen): same agents, same tools.

Errors here take OpenAI's shape (`{"error": {...}}`), which the official clients parse; everything
else in the service answers problem+json.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from fastapi.sse import ServerSentEvent

from agents.conversation import compat
from agents.conversation.compat import CompatError, CompletionRequest, Reply
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext
from agents.errors import DomainError
from agents.sandbox import Sandbox
from agents.text import Locale
from app.problems import STATUS_OF_KIND
from app.runtime import Runtime
from app.sse import PacingDep, StreamSwitchRoute, drops_stream

router = APIRouter(prefix="/compatible-mode/v1", tags=["compatible-mode"])

PARSED = "compat_request"


async def _parsed(request: Request) -> CompletionRequest:
    """The validated body, parsed once per request (CompatError if it isn't valid)."""
    cached = request.scope.setdefault("state", {}).get(PARSED)
    if isinstance(cached, CompletionRequest):
        return cached
    try:
        raw: Any = await request.json()
    except ValueError:
        raise CompatError(400, "The request body is not valid JSON.", "invalid_json") from None
    parsed = compat.parse_request(raw)
    request.scope["state"][PARSED] = parsed
    return parsed


async def _wants_stream(request: Request) -> bool:
    try:
        return (await _parsed(request)).stream
    except CompatError:
        return False  # the JSON handler answers the error


def _error(exc: CompatError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status)


def _sandbox(request: Request, body: CompletionRequest) -> Sandbox:
    name = (body.model_extra or {}).get("sandbox")
    if isinstance(name, str) and name:
        runtime: Runtime = request.app.state.runtime
        return runtime.sandboxes.get(name)
    sandbox: Sandbox = request.scope["state"]["sandbox"]
    return sandbox


def _answer(request: Request, body: CompletionRequest) -> tuple[Reply, int]:
    """The reply and the `created` timestamp (the sim clock, so it is deterministic)."""
    runtime: Runtime = request.app.state.runtime
    try:
        sandbox = _sandbox(request, body)
        world = sandbox.world
        now = world.now()
        vehicle_id = body.vehicle_id or request.headers.get("x-vehicle-id") or world.focus_vehicle()
        world.vehicle(vehicle_id)
        profile_id = body.profile_id or request.headers.get("x-profile-id")
        sandbox.profiles.optional(profile_id)
    except DomainError as exc:
        # The same status as everywhere (problems.py), in OpenAI's error shape.
        raise CompatError(STATUS_OF_KIND[exc.kind], exc.message.en, exc.code.lower()) from exc
    header_locale = request.headers.get("x-locale")
    locale: Locale = (
        "zh"
        if header_locale == "zh"
        else "en"
        if header_locale == "en"
        else compat.request_locale(body)
    )
    session = Session(
        session_id="compat", vehicle_id=vehicle_id, profile_id=profile_id, locale=locale,
        created_at=now,
    )  # fmt: skip
    ctx = ToolContext(sandbox, runtime.catalog, vehicle_id, profile_id, locale)
    return compat.respond(body, ctx, session), _timestamp(now)


def _timestamp(now: datetime) -> int:
    return int(now.timestamp())


async def chat_completions(request: Request) -> JSONResponse:
    try:
        body = await _parsed(request)
        reply, created = _answer(request, body)
    except CompatError as exc:
        return _error(exc)
    return JSONResponse(compat.completion(body, reply, created))


async def stream_chat_completions(
    request: Request, pacing: PacingDep
) -> AsyncIterator[ServerSentEvent]:
    body = await _parsed(request)
    try:
        reply, created = _answer(request, body)
    except CompatError as exc:
        yield ServerSentEvent(data=exc.body())
        return
    chunks = compat.completion_chunks(body, reply, created)
    cut_at = len(chunks) // 2 if drops_stream(request) else None
    for position, chunk in enumerate(chunks):
        if position == cut_at:
            return
        choices = chunk["choices"]
        if choices and "content" in choices[0]["delta"]:
            await pacing.before(str(choices[0]["delta"]["content"]))
        yield ServerSentEvent(data=chunk)
    yield ServerSentEvent(raw_data="[DONE]")


router.routes.append(
    StreamSwitchRoute(
        "/compatible-mode/v1/chat/completions",
        chat_completions,
        stream_endpoint=stream_chat_completions,
        wants_stream=_wants_stream,
        methods=["POST"],
        tags=["compatible-mode"],
        summary='OpenAI-compatible chat completion (streamed with "stream": true)',
        description=(
            "Models: `incar-auto` (routes to either agent), `incar-car-genius`, "
            "`incar-travel-companion`. Vehicle, profile and locale come from `X-Vehicle-Id`, "
            "`X-Profile-Id`, `X-Locale` or the body's `vehicle_id`, `profile_id`, `locale` "
            "(the client's `extra_body`); the sandbox from `X-Sandbox` or `sandbox`. With "
            "`tools`, the answer is a `tool_calls` message for the tool the agent would use; "
            "given the `tool` messages back, it writes the final answer. Without `tools` the "
            "agents run their own tools."
        ),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        # Validated by hand (errors in OpenAI's shape), so described here.
                        "schema": {
                            "type": "object",
                            "required": ["model", "messages"],
                            "properties": {
                                "model": {"type": "string", "enum": list(compat.MODELS)},
                                "messages": {"type": "array", "items": {"type": "object"}},
                                "stream": {"type": "boolean", "default": False},
                                "stream_options": {"type": "object"},
                                "tools": {"type": "array", "items": {"type": "object"}},
                                "tool_choice": {},
                                "vehicle_id": {"type": "string"},
                                "profile_id": {"type": "string"},
                                "locale": {"type": "string", "enum": ["zh", "en"]},
                                "sandbox": {"type": "string"},
                            },
                        },
                        "example": {
                            "model": "incar-auto",
                            "messages": [{"role": "user", "content": "还能开多远？"}],
                        },
                    }
                },
            }
        },
    )
)


@router.get("/models", summary="Models (one per agent, plus automatic routing)")
async def list_models(request: Request) -> dict[str, Any]:
    sandbox: Sandbox = request.scope["state"]["sandbox"]
    return compat.models_list(_timestamp(sandbox.world.now()))

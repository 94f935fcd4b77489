"""The OpenAI-compatible endpoint (the path DashScope uses for Qwen): same agents, same tools.

Errors here take OpenAI's shape (`{"error": {...}}`), which the official clients parse; everything
else in the service answers problem+json.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from fastapi.sse import ServerSentEvent

from agents.conversation import compat
from agents.conversation import limits as lim
from agents.conversation.compat import CompatError, CompletionRequest, Reply
from agents.conversation.model_names import LISTED, PATTERN_RULE, QWEN_PATTERN
from agents.conversation.thinking import MAX_THINKING_BUDGET
from agents.conversation.tools import ToolContext
from agents.errors import DomainError
from agents.locales import (
    MAX_TAG_CHARS,
    TAG_DESCRIPTION,
    TAG_PATTERN,
    UnsupportedLocale,
    parse_locale,
)
from agents.sandbox import Sandbox
from agents.text import Locale
from app import answer_cache
from app.examples import COMPLETION_REQUESTS, events, ok
from app.locale import ACCEPT_LANGUAGE_PARAMETER, set_content_language
from app.openapi import COMPLETION_EVENTS
from app.problems import STATUS_OF_KIND
from app.runtime import Runtime
from app.sse import DROP, PacingDep, StreamSwitchRoute, drops_stream, sends

router = APIRouter(prefix="/compatible-mode/v1", tags=["compatible-mode"])

PARSED = "compat_request"
REPEATED = "compat_repeated"


async def _parsed(request: Request) -> CompletionRequest:
    """The validated body, parsed once per request (CompatError if it isn't valid)."""
    state = request.scope.setdefault("state", {})
    cached = state.get(PARSED)
    if isinstance(cached, CompletionRequest | CompatError):
        if isinstance(cached, CompatError):
            raise cached
        return cached
    try:
        parsed = compat.parse_request(await _json(request))
        _check_sandbox(request, parsed)
        header_locale(request)
    except CompatError as exc:
        state[PARSED] = exc
        raise
    state[PARSED] = parsed
    return parsed


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:  # also bytes that aren't UTF-8
        raise CompatError(400, "The request body is not valid JSON.", "invalid_json") from None
    except RecursionError:
        raise CompatError(
            400,
            "The request body is nested too deeply to parse.",
            "invalid_json",
        ) from None


def _check_sandbox(request: Request, body: CompletionRequest) -> None:
    """A request reaches one sandbox: the one `X-Sandbox` named, whose fault rules and journal
    the middleware applied. A body `sandbox` may repeat that name, never pick another."""
    addressed: str = request.scope["state"]["sandbox_name"]
    if body.sandbox is not None and body.sandbox != addressed:
        raise CompatError(
            400,
            f"The body's sandbox '{body.sandbox}' is not the sandbox this request is addressed "
            f"to ('{addressed}'). Name the sandbox with the X-Sandbox header; a body 'sandbox' "
            "must match it.",
            "sandbox_mismatch",
            "sandbox",
        )


def header_locale(request: Request) -> Locale | None:
    """`X-Locale`, when sent: a BCP 47 tag for Chinese or English (400 otherwise)."""
    tag = request.headers.get("x-locale")
    if tag is None:
        return None
    try:
        return parse_locale(tag)
    except UnsupportedLocale as exc:
        raise CompatError(
            400, f"Invalid 'X-Locale': {exc.message.en}. {exc.hint}", exc.code.lower(), "X-Locale"
        ) from None


def _locale(request: Request, body: CompletionRequest) -> Locale:
    accept_language = request.headers.get("accept-language")
    return compat.request_locale(body, header_locale(request), accept_language)


async def _repeated(request: Request) -> Response | None:
    """The answer this very request got before, while nothing it read has changed (see
    app/answer_cache.py); looked up from the raw bytes, before any parsing."""
    state = request.scope["state"]
    if REPEATED not in state:
        world = state["sandbox"].world
        key = answer_cache.key_of(request, "compat", await request.body(), world)
        hit = None if key is None else answer_cache.kept(world, key)
        state[REPEATED] = (key, hit)
    hit = state[REPEATED][1]
    if not isinstance(hit, answer_cache.Completion):
        return None
    response = Response(hit.body, media_type="application/json")
    set_content_language(response, hit.locale)
    return response


async def _wants_stream(request: Request) -> bool:
    if await _repeated(request) is not None:
        return False  # only answers that were not streamed are kept
    try:
        return (await _parsed(request)).stream
    except CompatError:
        return False  # the JSON handler answers the error


def _error(exc: CompatError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status)


def answer(request: Request, body: CompletionRequest) -> tuple[Reply, int, Locale]:
    """The reply, the `created` timestamp (the sim clock, so it is deterministic) and the
    language it is in (the DashScope surface answers through here too)."""
    runtime: Runtime = request.app.state.runtime
    try:
        sandbox: Sandbox = request.scope["state"]["sandbox"]
        world = sandbox.world
        now = world.now()
        vehicle_id = body.vehicle_id or request.headers.get("x-vehicle-id") or world.focus_vehicle()
        world.vehicle(vehicle_id)
        profile_id = body.profile_id or request.headers.get("x-profile-id")
        sandbox.profiles.optional(profile_id)
    except DomainError as exc:
        # The same status as everywhere (problems.py), in OpenAI's error shape.
        raise CompatError(STATUS_OF_KIND[exc.kind], exc.message.en, exc.code.lower()) from exc
    locale = _locale(request, body)
    ctx = ToolContext(sandbox, runtime.catalog, vehicle_id, profile_id, locale)
    return compat.respond(body, ctx, now), _timestamp(now), locale


def _timestamp(now: datetime) -> int:
    return int(now.timestamp())


async def chat_completions(request: Request) -> Response:
    repeated = await _repeated(request)
    if repeated is not None:
        return repeated
    try:
        body = await _parsed(request)
        reply, created, locale = answer(request, body)
    except CompatError as exc:
        return _error(exc)
    response = JSONResponse(compat.completion(body, reply, created))
    set_content_language(response, locale)
    key = request.scope["state"][REPEATED][0]
    if key is not None and reply.repeatable and not body.profile_id:
        kept = answer_cache.Completion(bytes(response.body), locale)
        answer_cache.keep(request.scope["state"]["sandbox"].world, key, kept)
    return response


async def _stream_language(request: Request, response: Response) -> None:
    """`Content-Language` of a streamed answer, set before its first event."""
    # A request that isn't valid isn't streamed: the JSON handler answers its error.
    with suppress(CompatError):
        set_content_language(response, _locale(request, await _parsed(request)))


StreamLanguage = Annotated[None, Depends(_stream_language)]


@sends(*COMPLETION_EVENTS)
async def stream_chat_completions(
    request: Request, pacing: PacingDep, _language: StreamLanguage
) -> AsyncIterator[ServerSentEvent]:
    body = await _parsed(request)
    try:
        reply, created, _ = answer(request, body)
    except CompatError as exc:
        yield ServerSentEvent(data=exc.body())
        return
    chunks = compat.completion_chunks(body, reply, created)
    cut_at = len(chunks) // 2 if drops_stream(request) else None
    for position, chunk in enumerate(chunks):
        if position == cut_at:
            yield DROP  # the connection breaks here; the client never sees `[DONE]`
            return
        choices = chunk["choices"]
        if choices and "content" in choices[0]["delta"]:
            await pacing.before(str(choices[0]["delta"]["content"]))
        yield ServerSentEvent(data=chunk)
    yield ServerSentEvent(raw_data="[DONE]")


LOCALE_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "X-Locale",
        "in": "header",
        "required": False,
        "description": (
            "The language to answer in, when the body has no `locale` (a malformed or "
            "unsupported tag is a 400 `unsupported_locale`). " + TAG_DESCRIPTION
        ),
        "schema": {"type": "string", "pattern": TAG_PATTERN, "maxLength": MAX_TAG_CHARS},
        "example": "zh-CN",
    },
    {
        **ACCEPT_LANGUAGE_PARAMETER,
        "description": (
            "Decides the language only when neither `locale` nor `X-Locale` is given and the "
            "last user message has no words to tell by. " + ACCEPT_LANGUAGE_PARAMETER["description"]
        ),
    },
]


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Optional parameters may also be sent as null, as OpenAI's API takes them."""
    return {"anyOf": [schema, {"type": "null"}]}


def _content(max_chars: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "maxLength": max_chars},
            {
                "type": "array",
                "maxItems": lim.MAX_CONTENT_PARTS,
                "items": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {
                        "type": {"type": "string", "maxLength": lim.MAX_NAME_CHARS},
                        "text": _or_null({"type": "string", "maxLength": max_chars}),
                    },
                },
            },
            {"type": "null"},
        ],
        "description": f"At most {max_chars} characters of text",
    }


def _message(role: compat.Role, *others: str, **extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["role"],
        "properties": {
            "role": {"type": "string", "enum": [role, *others]},
            "content": _content(compat.CONTENT_LIMITS[role]),
            "name": _or_null({"type": "string", "maxLength": lim.MAX_NAME_CHARS}),
            **{key: _or_null(value) for key, value in extra.items()},
        },
    }


_TOOL_CALL = {
    "type": "object",
    "required": ["id", "function"],
    "properties": {
        "id": {"type": "string", "maxLength": lim.MAX_ID_CHARS},
        "type": {"type": "string", "enum": ["function"]},
        "function": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "maxLength": lim.MAX_NAME_CHARS},
                "arguments": {"type": "string", "maxLength": lim.MAX_ARGUMENTS_CHARS},
            },
        },
    },
}
_ID = {"type": "string", "maxLength": lim.MAX_ID_CHARS}


MODEL_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "enum": [m.name for m in LISTED]},
        {"type": "string", "pattern": QWEN_PATTERN, "maxLength": lim.MAX_NAME_CHARS},
    ],
    "description": "One of the listed models. " + PATTERN_RULE,
}
THINKING_PROPERTIES: dict[str, Any] = {
    "enable_thinking": {
        **_or_null({"type": "boolean"}),
        "description": "Stream `reasoning_content` before the answer (`qwq-*` always think)",
    },
    "thinking_budget": {
        **_or_null({"type": "integer", "minimum": 1, "maximum": MAX_THINKING_BUDGET}),
        "description": "The most tokens of reasoning",
    },
}

REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["model", "messages"],
    "properties": {
        "model": MODEL_SCHEMA,
        "messages": {
            "type": "array",
            "minItems": 1,
            "maxItems": lim.MAX_MESSAGES,
            # At least one of them from the user.
            "contains": {
                "type": "object",
                "required": ["role"],
                "properties": {"role": {"const": "user"}},
            },
            "description": (
                f"At least one user message; {lim.MAX_REQUEST_CHARS} characters of text in all"
            ),
            "items": {
                "oneOf": [
                    _message("user"),
                    _message("system", "developer"),
                    _message(
                        "assistant",
                        tool_calls={
                            "type": "array",
                            "maxItems": lim.MAX_TOOL_CALLS,
                            "items": _TOOL_CALL,
                        },
                    ),
                    _message("tool", tool_call_id=_ID),
                ]
            },
        },
        "stream": {"type": "boolean", "default": False},
        "stream_options": _or_null(
            {
                "type": "object",
                "properties": {"include_usage": {"type": "boolean", "default": False}},
            }
        ),
        "tools": _or_null(
            {
                "type": "array",
                "maxItems": lim.MAX_TOOLS,
                "items": {
                    "type": "object",
                    "required": ["function"],
                    "properties": {
                        "type": {"type": "string", "enum": ["function"]},
                        "function": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {
                                "name": {
                                    "type": "string",
                                    "minLength": 1,
                                    "maxLength": lim.MAX_NAME_CHARS,
                                },
                                "description": _or_null(
                                    {"type": "string", "maxLength": lim.MAX_DESCRIPTION_CHARS}
                                ),
                                "parameters": _or_null({"type": "object"}),
                            },
                        },
                    },
                },
            }
        ),
        "tool_choice": {},
        **THINKING_PROPERTIES,
        "vehicle_id": _or_null(_ID),
        "profile_id": _or_null(_ID),
        "locale": {
            **_or_null({"type": "string", "pattern": TAG_PATTERN, "maxLength": MAX_TAG_CHARS}),
            "description": f"{TAG_DESCRIPTION} Wins over `X-Locale`.",
        },
        "sandbox": {
            **_or_null(_ID),
            "description": "Optional: the sandbox X-Sandbox names (another one is a 400)",
        },
    },
}


router.routes.append(
    StreamSwitchRoute(
        "/compatible-mode/v1/chat/completions",
        chat_completions,
        stream_endpoint=stream_chat_completions,
        wants_stream=_wants_stream,
        methods=["POST"],
        tags=["compatible-mode"],
        summary='OpenAI-compatible chat completion (streamed with "stream": true)',
        responses={
            200: {
                "description": 'A chat.completion; with `"stream": true` chat.completion.chunk '
                "events, then `data: [DONE]`",
                "content": {
                    **ok("chat_completions")["content"],
                    "text/event-stream": {"examples": events("stream_chat_completions")},
                },
            },
            404: {"description": "Unknown model, vehicle or profile"},
        },
        description=(
            "Models: `incar-auto` (routes to either agent), `incar-car-genius`, "
            "`incar-travel-companion`, and Qwen names (`qwen-plus`, `qwen-max`, `qwen3-*`, "
            "`qwq-*`...), which answer as `incar-auto`. Vehicle, profile and locale come "
            "from `X-Vehicle-Id`, "
            "`X-Profile-Id`, `X-Locale` or the body's `vehicle_id`, `profile_id`, `locale` "
            "(the client's `extra_body`). The sandbox is the one `X-Sandbox` names; a body "
            "`sandbox`, if sent, must name the same one (else 400 `sandbox_mismatch`). With "
            "`tools`, the answer is a `tool_calls` message with one call per request in the "
            "message; given the `tool` messages back (any JSON or text), it phrases them. "
            "With `enable_thinking` (the client's `extra_body`), `reasoning_content` comes "
            "first: what the assistant looked at, cut at `thinking_budget` tokens, counted in "
            "`usage.completion_tokens_details.reasoning_tokens`. Without `tools` the "
            "agents run their own tools, replaying the last few user messages for context.\n\n"
            f"Limits (400 `invalid_request_error` naming the `param`): {lim.MAX_MESSAGES} "
            f"messages; a user message {lim.MAX_MESSAGE_CHARS} characters, a system, developer "
            f"or assistant message {lim.MAX_CONTEXT_CHARS}, a tool message "
            f"{lim.MAX_TOOL_RESULT_CHARS}; {lim.MAX_REQUEST_CHARS} characters of message text in "
            f"all (`context_length_exceeded`); {lim.MAX_TOOLS} tools. Text must be valid Unicode "
            "(`invalid_unicode`). Parameters such as `temperature` are accepted and ignored.\n\n"
            'Streamed (`"stream": true`): `chat.completion.chunk` events, the role first, then '
            "the text in pieces paced by `X-Sim-First-Token-Ms` and `X-Sim-Chars-Per-S`, a last "
            "chunk with `finish_reason`, a usage chunk with `stream_options.include_usage`, then "
            "`data: [DONE]` ends the stream. The answer reads the sandbox and never changes it "
            "(no session is kept)."
        ),
        openapi_extra={
            "parameters": LOCALE_PARAMETERS,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        # Validated by hand (errors in OpenAI's shape), so described here.
                        "schema": REQUEST_SCHEMA,
                        "examples": COMPLETION_REQUESTS,
                    }
                },
            },
        },
    )
)


@router.get(
    "/models",
    summary="Models (one per agent, plus automatic routing)",
    description=(
        "The models `chat/completions` takes, in OpenAI's list shape: `incar-auto` (routes "
        "each message to the right agent), `incar-car-genius`, `incar-travel-companion`, and "
        "well-known Qwen names, which answer as `incar-auto`. " + PATTERN_RULE + " "
        "`created` is the sim clock. Static; reads only."
    ),
    responses={200: ok("list_models")},
)
async def list_models(request: Request) -> dict[str, Any]:
    sandbox: Sandbox = request.scope["state"]["sandbox"]
    return compat.models_list(_timestamp(sandbox.world.now()))

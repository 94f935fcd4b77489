"""DashScope's native text generation (the protocol of the official `dashscope` SDK): the same
assistant, sandboxes, keys, faults and limits as the compatible mode, answered through it.

Errors take DashScope's shape, `{code, message, request_id}` with its codes (`InvalidParameter`,
`ModelNotFound`, `InvalidApiKey`, `Throttling.RateQuota`...). The answer is worked out before
the response starts, so a streamed request that fails gets its error with the right status.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from fastapi.sse import ServerSentEvent
from pydantic import BaseModel, Field

from agents.conversation import dashscope as ds
from agents.conversation import limits as lim
from agents.conversation.compat import CompatError
from agents.conversation.dashscope import DashScopeError, Generation
from agents.locales import MAX_TAG_CHARS, TAG_DESCRIPTION, TAG_PATTERN
from agents.text import Locale
from app import answer_cache
from app.examples import GENERATION_REQUESTS, events, ok
from app.locale import set_content_language
from app.routes.compat import (
    LOCALE_PARAMETERS,
    MODEL_SCHEMA,
    REQUEST_SCHEMA,
    THINKING_PROPERTIES,
    answer,
    header_locale,
)
from app.sse import (
    DROP,
    EventDoc,
    PacingDep,
    StreamSwitchRoute,
    accepts_event_stream,
    drops_stream,
    sends,
)

PATH = "/api/v1/services/aigc/text-generation/generation"
router = APIRouter(tags=["dashscope"])

PREPARED = "dashscope_answer"


@dataclass(frozen=True)
class Prepared:
    generation: Generation
    answer: ds.Answer
    locale: Locale


def _request_id(request: Request) -> str:
    request_id: str = request.scope["state"]["request_id"]
    return request_id


async def _prepared(request: Request) -> Prepared:
    """The request parsed and answered, once (DashScopeError if it can't be)."""
    state = request.scope.setdefault("state", {})
    cached = state.get(PREPARED)
    if isinstance(cached, DashScopeError):
        raise cached
    if isinstance(cached, Prepared):
        return cached
    world = state["sandbox"].world
    key = answer_cache.key_of(request, "dashscope", await request.body(), world)
    hit = None if key is None else answer_cache.kept(world, key)
    if isinstance(hit, Prepared):
        state[PREPARED] = hit
        return hit
    try:
        generation = ds.parse_generation(await _json(request))
        header_locale(request)
        reply, _, locale = answer(request, generation.chat)
        prepared = Prepared(generation, ds.answer(generation, reply), locale)
        if key is not None and reply.repeatable and not generation.chat.profile_id:
            answer_cache.keep(world, key, prepared)  # the same request, worked out once
    except CompatError as exc:
        state[PREPARED] = DashScopeError.of(exc)
        raise state[PREPARED] from None
    except DashScopeError as exc:
        state[PREPARED] = exc
        raise
    state[PREPARED] = prepared
    return prepared


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except (ValueError, RecursionError):  # also bytes that aren't UTF-8, or nesting too deep
        raise DashScopeError(
            400, "InvalidParameter", "The request body is not valid JSON."
        ) from None


def _asks_for_stream(request: Request) -> bool:
    return request.headers.get("x-dashscope-sse", "").lower() == "enable"


async def _wants_stream(request: Request) -> bool:
    if not (_asks_for_stream(request) or await accepts_event_stream(request)):
        return False
    try:
        await _prepared(request)
    except DashScopeError:
        return False  # the JSON handler answers the error, with its status
    return True


async def generation(request: Request) -> Response:
    try:
        prepared = await _prepared(request)
    except DashScopeError as exc:
        return JSONResponse(exc.body(_request_id(request)), status_code=exc.status)
    document = ds.generation_document(_request_id(request), prepared.generation, prepared.answer)
    response = JSONResponse(document)
    set_content_language(response, prepared.locale)
    return response


async def _stream_language(request: Request, response: Response) -> None:
    """`Content-Language` of a streamed answer, set before its first event."""
    set_content_language(response, (await _prepared(request)).locale)


StreamLanguage = Annotated[None, Depends(_stream_language)]


# --- what the answers look like (for the OpenAPI document) --------------------------------------

FinishReason = Literal["stop", "tool_calls", "length", "null"]


class GenerationFunction(BaseModel):
    name: str
    arguments: str = Field(description="The arguments as a JSON document")


class GenerationToolCall(BaseModel):
    index: int = Field(ge=0)
    id: str
    type: Literal["function"]
    function: GenerationFunction


class GenerationMessage(BaseModel):
    role: Literal["assistant"]
    content: str = Field(description="The answer (with `incremental_output`, the new piece)")
    reasoning_content: str | None = Field(default=None, description="With thinking on")
    tool_calls: list[GenerationToolCall] | None = None


class GenerationChoice(BaseModel):
    finish_reason: FinishReason = Field(description='"null" (a string) while streaming')
    message: GenerationMessage


class MessageOutput(BaseModel):
    """`result_format: "message"` (and whenever tools are offered or thinking is on)."""

    choices: list[GenerationChoice] = Field(min_length=1, max_length=1)


class TextOutput(BaseModel):
    """`result_format: "text"` (the default)."""

    text: str
    finish_reason: FinishReason


class OutputTokensDetails(BaseModel):
    reasoning_tokens: int = Field(ge=0)


class GenerationUsage(BaseModel):
    input_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=0, description="The answer's tokens and the reasoning's")
    total_tokens: int = Field(ge=0)
    output_tokens_details: OutputTokensDetails | None = Field(
        default=None, description="With thinking on"
    )


class GenerationAnswer(BaseModel):
    """A text-generation answer, or one event of a streamed one."""

    request_id: str = Field(description="As `X-Request-Id`")
    output: MessageOutput | TextOutput
    usage: GenerationUsage


GENERATION_EVENTS = (
    EventDoc(
        "result",
        data=GenerationAnswer,
        event="result",
        with_id=True,
        description="The answer so far (or, with `incremental_output`, its new piece); the "
        'last has a `finish_reason` other than "null"',
    ),
)


@sends(*GENERATION_EVENTS)
async def stream_generation(
    request: Request, pacing: PacingDep, _language: StreamLanguage
) -> AsyncIterator[ServerSentEvent]:
    prepared = await _prepared(request)  # answered before the stream began (see _wants_stream)
    documents = ds.stream_documents(_request_id(request), prepared.generation, prepared.answer)
    cut_at = len(documents) // 2 if drops_stream(request) else None
    for position, document in enumerate(documents):
        if position == cut_at:
            yield DROP  # the connection breaks here; the client never sees the last event
            return
        await pacing.before(ds.event_text(document))
        # As DashScope sends them: a numbered `result` event with the status as a comment.
        yield ServerSentEvent(
            id=str(position + 1), event="result", comment="HTTP_STATUS/200", data=document
        )


# --- the request (validated by hand, errors in DashScope's shape, so described here) -----------

_MESSAGES = REQUEST_SCHEMA["properties"]["messages"]
_OR_NULL = REQUEST_SCHEMA["properties"]["tools"]["anyOf"][1]
_ID = {"anyOf": [{"type": "string", "maxLength": lim.MAX_ID_CHARS}, _OR_NULL]}

GENERATION_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["model", "input"],
    "properties": {
        "model": MODEL_SCHEMA,
        "input": {
            "type": "object",
            "description": "`messages` (as the compatible mode takes them) or a `prompt`; "
            "`messages` wins when both are given",
            "properties": {
                "messages": {"anyOf": [_MESSAGES, _OR_NULL]},
                "prompt": {
                    "anyOf": [{"type": "string", "maxLength": lim.MAX_MESSAGE_CHARS}, _OR_NULL]
                },
            },
            "anyOf": [
                {"required": ["messages"], "properties": {"messages": {"type": "array"}}},
                {
                    "required": ["prompt"],
                    "properties": {"prompt": {"type": "string", "minLength": 1}},
                },
            ],
        },
        "parameters": {
            "type": "object",
            "properties": {
                "result_format": {
                    "anyOf": [{"type": "string", "enum": ["text", "message"]}, _OR_NULL],
                    "description": "`text` (default): `output.text`; `message`: "
                    "`output.choices[0].message`, used anyway with `tools` or thinking",
                },
                "incremental_output": {
                    "type": "boolean",
                    "default": False,
                    "description": "Streamed: each event holds only the new piece",
                },
                "tools": REQUEST_SCHEMA["properties"]["tools"],
                "tool_choice": {},
                **THINKING_PROPERTIES,
                "seed": {
                    "anyOf": [{"type": "integer", "minimum": 0, "maximum": ds.MAX_SEED}, _OR_NULL],
                    "description": "Accepted; answers are deterministic anyway",
                },
                "max_tokens": {
                    "anyOf": [
                        {"type": "integer", "minimum": 1, "maximum": ds.MAX_OUTPUT_TOKENS},
                        _OR_NULL,
                    ],
                    "description": "Cuts the answer's text (`finish_reason: length`)",
                },
                "vehicle_id": _ID,
                "profile_id": _ID,
                "locale": {
                    "anyOf": [
                        {"type": "string", "pattern": TAG_PATTERN, "maxLength": MAX_TAG_CHARS},
                        _OR_NULL,
                    ],
                    "description": f"{TAG_DESCRIPTION} Wins over `X-Locale`.",
                },
            },
        },
    },
}

SSE_PARAMETER = {
    "name": "X-DashScope-SSE",
    "in": "header",
    "required": False,
    "description": "`enable` streams the answer as server-sent events (as does "
    "`Accept: text/event-stream`); any other value answers JSON",
    "schema": {"type": "string"},
}

router.routes.append(
    StreamSwitchRoute(
        PATH,
        generation,
        stream_endpoint=stream_generation,
        wants_stream=_wants_stream,
        methods=["POST"],
        tags=["dashscope"],
        summary="DashScope native text generation (streamed with X-DashScope-SSE: enable)",
        responses={
            200: {
                "model": GenerationAnswer,
                "description": "The answer; streamed: numbered `result` events",
                "content": {
                    **ok("generation")["content"],
                    "text/event-stream": {"examples": events("stream_generation")},
                },
            },
            404: {"description": "`ModelNotFound`, or an unknown vehicle or profile"},
        },
        description=(
            "What the official `dashscope` SDK calls with `dashscope.base_http_api_url` set to "
            "`<server>/api/v1`. Models as on the compatible mode (`qwen-plus`, `qwen3-*`, "
            "`incar-*`...). `input.messages` (or `input.prompt`) and `parameters`: "
            "`result_format`, `incremental_output`, `tools`, `tool_choice`, `enable_thinking`, "
            "`thinking_budget`, `seed`, `max_tokens`; ours: `vehicle_id`, `profile_id`, "
            "`locale` (or `X-Vehicle-Id`, `X-Profile-Id`, `X-Locale`). Same answers, sandbox, "
            "API keys, faults and limits as `/compatible-mode/v1/chat/completions`; errors are "
            "`{code, message, request_id}` (`InvalidParameter`, `ModelNotFound`, "
            "`InvalidApiKey`, `Throttling.RateQuota` with `Retry-After`, `InternalError`, "
            "`ServiceUnavailable`, `RequestTimeOut`).\n\n"
            "Streamed (`X-DashScope-SSE: enable` or `Accept: text/event-stream`): numbered "
            "`result` events, each the whole answer so far, or with `incremental_output` only "
            "the new piece; reasoning pieces come before the answer's; `finish_reason` is the "
            'string "null" until the last event.'
        ),
        openapi_extra={
            "parameters": [*LOCALE_PARAMETERS, SSE_PARAMETER],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": GENERATION_REQUEST_SCHEMA,
                        "examples": GENERATION_REQUESTS,
                    }
                },
            },
        },
    )
)

"""The OpenAPI document, made true to what the service answers.

FastAPI documents what each route declares. Some answers come from elsewhere: the middleware
(bad sim headers, sandbox limits, simulated faults, API keys), the body reader (malformed JSON,
oversize bodies) and the exception handlers (every 4xx/5xx is a problem document, 422s too). They
are added here, once, so no route has to repeat them and the fuzz gate
(tests/app/test_schemathesis.py) can hold the document to every answer.

Streams are documented here too: each `text/event-stream` answer gets an `itemSchema` with one
entry per kind of event the route declares (`app.sse.sends`), told apart by `event`, each with the
JSON schema of its `data`, generated from the same models the stream sends.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field, TypeAdapter
from pydantic.json_schema import models_json_schema

from agents.world.sandboxes import NAME_PATTERN
from app.middleware import ADMIN_PREFIX
from app.problems import MEDIA_TYPE, TITLES, Problem
from app.settings import Settings
from app.sse import EventDoc, event_docs

Document = dict[str, Any]
REF_PREFIX = "#/components/schemas/"
PROBLEM_REF = {"$ref": REF_PREFIX + "Problem"}
OPENAI_ERROR_REF = {"$ref": REF_PREFIX + "OpenAIError"}
DASHSCOPE_ERROR_REF = {"$ref": REF_PREFIX + "DashScopeError"}
SSE = "text/event-stream"
SANDBOX_PATTERN = NAME_PATTERN.pattern
JSON = "application/json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# FastAPI's default 422 body; ours is a problem document instead.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")
# The event type a client's parser reports for an event without an `event:` line.
UNNAMED_EVENT = "message"
# (path, method) -> the events its stream sends
Streams = dict[tuple[str, str], tuple[EventDoc, ...]]

# Answers the middleware gives any API request, before a route runs.
SIM_REASONS: dict[int, str] = {
    400: (
        "`INVALID_HEADER`, `INVALID_SIM_HEADER`, `INVALID_SANDBOX`, `INVALID_QUERY`, "
        "`SANDBOX_CONFLICT`: a malformed `X-Request-Id`, `X-Sim-*`, `X-Sandbox` or `?sandbox=`"
    ),
    429: (
        "`RATE_LIMITED`: asked for by `X-Sim-Fault: 429` or a fault rule (with `Retry-After`); "
        "`SANDBOX_LIMIT`: too many sandboxes are live; delete one"
    ),
    500: "`SIMULATED_FAULT`: asked for by `X-Sim-Fault: 500` or a fault rule",
    503: "`SERVICE_UNAVAILABLE`: asked for by `X-Sim-Fault: 503` or a fault rule",
    504: "`GATEWAY_TIMEOUT`: asked for by `X-Sim-Fault: timeout` or a fault rule",
}
# Routes under the admin prefix act across sandboxes: no sandbox is made, no fault applies.
ADMIN_REASONS = {400: SIM_REASONS[400]}
AUTH_REASON = "`UNAUTHORIZED`: `Authorization: Bearer <key>` is missing or not one of the keys"
BODY_REASONS: dict[int, str] = {
    400: "`MALFORMED_JSON`: the body is not a JSON document",
    413: "`PAYLOAD_TOO_LARGE`: the body is larger than `INCAR_MAX_BODY_BYTES`",
    422: "`VALIDATION_ERROR`: the body breaks its schema (`errors` lists where)",
}
PARAMETER_REASON = "`VALIDATION_ERROR`: a parameter breaks its schema (`errors` lists where)"
PATH_REASON = "A resource named in the path does not exist (`known` lists those that do)"


class OpenAIErrorDetail(BaseModel):
    message: str = Field(examples=["The model 'gpt-4' does not exist."])
    type: str = Field(examples=["invalid_request_error"])
    param: str | None = Field(default=None, examples=["model"])
    code: str | None = Field(default=None, examples=["model_not_found"])


class OpenAIError(BaseModel):
    """The error body of /compatible-mode, in the shape the openai clients parse."""

    error: OpenAIErrorDetail


class DashScopeError(BaseModel):
    """The error body of /api (DashScope's native protocol), as the dashscope SDK parses it."""

    code: str = Field(examples=["InvalidParameter"], description="DashScope's error code")
    message: str = Field(examples=["The model 'qwen-unknown' does not exist."])
    request_id: str = Field(examples=["req-000042"], description="As `X-Request-Id`")


class ChunkFunction(BaseModel):
    name: str | None = Field(default=None, description="In the tool call's first chunk")
    arguments: str = Field(description="The next piece of the JSON arguments")


class ChunkToolCall(BaseModel):
    index: int = Field(ge=0)
    id: str | None = Field(default=None, description="In the tool call's first chunk")
    type: Literal["function"] | None = None
    function: ChunkFunction


class ChunkDelta(BaseModel):
    role: Literal["assistant"] | None = Field(default=None, description="In the first chunk")
    content: str | None = Field(default=None, description="The next piece of the answer")
    reasoning_content: str | None = Field(
        default=None, description="The next piece of the reasoning (thinking), before `content`"
    )
    tool_calls: list[ChunkToolCall] | None = None


class ChunkChoice(BaseModel):
    index: int = Field(ge=0)
    delta: ChunkDelta
    finish_reason: Literal["stop", "tool_calls"] | None


class ReasoningTokens(BaseModel):
    reasoning_tokens: int = Field(ge=0, description="Of the completion's tokens, the reasoning's")


class ChunkUsage(BaseModel):
    prompt_tokens: int = Field(ge=0)
    completion_tokens: int = Field(ge=0, description="The answer's tokens and the reasoning's")
    total_tokens: int = Field(ge=0)
    completion_tokens_details: ReasoningTokens | None = Field(
        default=None, description="With thinking on"
    )


class ChatCompletionChunk(BaseModel):
    """One event of a streamed chat completion, as OpenAI sends them."""

    id: str = Field(examples=["chatcmpl-3f2a9c0e1b7d4c6a8e5f0b1d"])
    object: Literal["chat.completion.chunk"]
    created: int
    model: str = Field(examples=["incar-auto"])
    choices: list[ChunkChoice] = Field(
        description="One choice; none in the last chunk, which then has `usage`"
    )
    usage: ChunkUsage | None = Field(
        default=None, description='Only with `"stream_options": {"include_usage": true}`'
    )


COMPLETION_EVENTS = (
    EventDoc("chat.completion.chunk", data=ChatCompletionChunk),
    EventDoc(
        "error",
        data=OpenAIError,
        description="Instead of the chunks, when the vehicle or profile is unknown",
    ),
    EventDoc("[DONE]", raw_data="[DONE]", description="The end of the stream"),
)


def install(app: FastAPI, settings: Settings) -> None:
    """Post-process FastAPI's generated document once, the first time it is asked for."""
    generate = app.openapi

    def openapi() -> Document:
        if app.openapi_schema is None:  # FastAPI keeps the document it generated there
            complete(generate(), api_keys=bool(settings.api_keys), streams=streams_of(app))
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


# The document is a pure function of the code, the fixtures and whether API keys are on, and
# building it takes most of a second; the apps of one process (tests make hundreds) share it.
_BUILT: dict[tuple[bool, str], Document] = {}


def share(app: FastAPI, settings: Settings) -> None:
    """Install last: every app with the same key gets its own copy of one built document."""
    generate = app.openapi
    key = (bool(settings.api_keys), str(settings.fixtures_dir))

    def openapi() -> Document:
        if app.openapi_schema is None:
            if key not in _BUILT:
                _BUILT[key] = copy.deepcopy(generate())
            app.openapi_schema = copy.deepcopy(_BUILT[key])
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def streams_of(app: FastAPI) -> Streams:
    """The streams of the documented routes, by path (prefixes applied) and method."""
    streams: Streams = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not (isinstance(route, APIRoute) and context.include_in_schema):
            continue
        docs = event_docs(route)
        if docs:
            for method in context.methods or ():
                streams[(str(context.path_format), method.lower())] = docs
    return streams


def complete(doc: Document, *, api_keys: bool, streams: Streams | None = None) -> Document:
    doc.setdefault("components", {}).setdefault("schemas", {})
    _, defs = models_json_schema(
        [
            (Problem, "serialization"),
            (OpenAIError, "serialization"),
            (DashScopeError, "serialization"),
        ],
        ref_template=REF_PREFIX + "{model}",
    )
    _add_schemas(doc, defs.get("$defs", {}))
    if api_keys:
        doc["components"].setdefault("securitySchemes", {})["apiKey"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "One of `INCAR_API_KEYS`",
        }
    for path, method, operation in _operations(doc):
        _complete_operation(path, method, operation, api_keys=api_keys)
    for (path, method), docs in (streams or {}).items():
        _document_events(doc, doc["paths"][path][method], docs)
        if method == "get":
            _document_browser_parameters(doc["paths"][path][method], api_keys=api_keys)
    _drop_unused(doc, FASTAPI_VALIDATION_SCHEMAS)
    return doc


def _document_browser_parameters(operation: Document, *, api_keys: bool) -> None:
    """A browser's `EventSource` cannot set headers, so a GET stream also takes the sandbox (and
    the API key, when keys are on) as query parameters; the middleware reads them."""
    parameters: list[Document] = operation.setdefault("parameters", [])
    parameters.append(
        {
            "name": "sandbox",
            "in": "query",
            "required": False,
            "description": "The sandbox, for clients that cannot set `X-Sandbox` (`EventSource`); "
            "if both are given they must agree",
            "schema": {"type": "string", "pattern": SANDBOX_PATTERN},
        }
    )
    if api_keys:
        parameters.append(
            {
                "name": "api_key",
                "in": "query",
                "required": False,
                "description": "One of `INCAR_API_KEYS`, for clients that cannot set "
                "`Authorization` (`EventSource`)",
                "schema": {"type": "string"},
            }
        )


def _operations(doc: Document) -> Iterator[tuple[str, str, Document]]:
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _complete_operation(path: str, method: str, operation: Document, *, api_keys: bool) -> None:
    openai_shape = path.startswith("/compatible-mode/")
    dashscope_shape = path.startswith("/api/")
    api = openai_shape or dashscope_shape or path.startswith("/v1/")
    reasons: dict[int, list[str]] = {}

    def add(status: int, reason: str) -> None:
        reasons.setdefault(status, []).append(reason)

    if api:
        for status, reason in (
            ADMIN_REASONS if path.startswith(ADMIN_PREFIX) else SIM_REASONS
        ).items():
            add(status, reason)
        if api_keys:
            add(401, AUTH_REASON)
            operation["security"] = [{"apiKey": []}]
    if "requestBody" in operation:
        for status, reason in BODY_REASONS.items():
            add(status, reason)
    parameters = operation.get("parameters", [])
    if parameters:
        add(422, PARAMETER_REASON)
    if any(p.get("in") == "path" for p in parameters):
        add(404, PATH_REASON)

    responses: Document = operation.setdefault("responses", {})
    for status in reasons:
        responses.setdefault(str(status), {"description": TITLES.get(status, "Error")})
    for status_text, response in responses.items():
        if status_text.isdigit() and int(status_text) >= 400:
            shape = (
                OPENAI_ERROR_REF
                if openai_shape
                else DASHSCOPE_ERROR_REF
                if dashscope_shape
                else None
            )
            _document_error(response, reasons.get(int(status_text), []), shape)


def _document_error(response: Document, reasons: list[str], shape: Document | None) -> None:
    """Errors are problem documents (OpenAI's error object on /compatible-mode, DashScope's on
    /api), never streams."""
    content: Document = response.get("content", {})
    # Another shape a route documents on purpose stays; FastAPI's guesses go.
    kept = {
        media_type: entry
        for media_type, entry in content.items()
        if media_type != SSE and not _is_generated_error(entry)
    }
    if shape is not None:
        kept.setdefault(JSON, {"schema": shape})
    else:
        kept[MEDIA_TYPE] = {"schema": PROBLEM_REF}
    response["content"] = kept
    if reasons:
        lines = "\n".join(f"* {reason}" for reason in reasons)
        response["description"] = f"{response.get('description', 'Error')}\n\n{lines}"


def _is_generated_error(entry: Document) -> bool:
    """An entry FastAPI wrote for `problem_responses` or its own 422 (so ours replaces it)."""
    ref = entry.get("schema", {}).get("$ref", "")
    return not ref or ref.removeprefix(REF_PREFIX) in ("Problem", *FASTAPI_VALIDATION_SCHEMAS)


def _document_events(doc: Document, operation: Document, docs: tuple[EventDoc, ...]) -> None:
    """The success answer's `text/event-stream`: a oneOf with an entry per kind of event."""
    adapters = [(index, TypeAdapter(d.data)) for index, d in enumerate(docs) if d.data is not None]
    data_schemas, defs = TypeAdapter.json_schemas(
        [(index, "serialization", adapter) for index, adapter in adapters],
        ref_template=REF_PREFIX + "{model}",
    )
    _add_schemas(doc, defs.get("$defs", {}))
    success = next(s for s in operation["responses"] if s.startswith("2"))
    entry = operation["responses"][success].setdefault("content", {}).setdefault(SSE, {})
    entry.pop("schema", None)  # a model given for the stream describes one event's data
    entry["itemSchema"] = {
        "oneOf": [
            _event_schema(d, data_schemas.get((index, "serialization")))
            for index, d in enumerate(docs)
        ]
    }


def _event_schema(doc: EventDoc, data_schema: Document | None) -> Document:
    """One kind of event as the client's parser sees it (OpenAPI 3.2's SSE item)."""
    if doc.raw_data is not None:
        data: Document = {"const": doc.raw_data}
    else:
        data = {"type": "string", "contentMediaType": JSON, "contentSchema": data_schema or {}}
    properties: Document = {"event": {"const": doc.event or UNNAMED_EVENT}, "data": data}
    required = ["event", "data"] if doc.event else ["data"]
    if doc.with_id:
        properties["id"] = {"type": "string", "description": "Numbers the stream's events"}
        required.append("id")
    schema: Document = {"title": doc.title, "type": "object", "required": required}
    if doc.description:
        schema["description"] = doc.description
    schema["properties"] = properties
    return schema


def _add_schemas(doc: Document, defs: Document) -> None:
    """Components for the events' models. A name FastAPI already gave a different schema (an
    input and output variant, say) would silently describe the wrong thing: refuse it."""
    schemas = doc["components"]["schemas"]
    for name, schema in _without_nulls(defs).items():
        existing = schemas.setdefault(name, schema)
        if existing != schema:
            raise ValueError(f"Two different schemas named {name!r} in the OpenAPI document")


def _without_nulls(node: Any) -> Any:
    """As FastAPI writes its schemas: keys whose value is None (`"default": null`) left out."""
    if isinstance(node, dict):
        return {k: _without_nulls(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_without_nulls(v) for v in node]
    return node


def _drop_unused(doc: Document, names: tuple[str, ...]) -> None:
    schemas = doc["components"]["schemas"]
    for name in names:
        others = {k: v for k, v in schemas.items() if k not in names}
        if REF_PREFIX + name not in _refs([doc.get("paths", {}), others]):
            schemas.pop(name, None)


def _refs(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()

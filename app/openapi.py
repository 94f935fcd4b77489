"""The OpenAPI document, made true to what the service answers.

FastAPI documents what each route declares. Some answers come from elsewhere: the middleware
(bad sim headers, sandbox limits, simulated faults, API keys), the body reader (malformed JSON,
oversize bodies) and the exception handlers (every 4xx/5xx is a problem document, 422s too). They
are added here, once, so no route has to repeat them and the fuzz gate
(tests/app/test_schemathesis.py) can hold the document to every answer.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from app.middleware import ADMIN_PREFIX
from app.problems import MEDIA_TYPE, TITLES, Problem
from app.settings import Settings

Document = dict[str, Any]
REF_PREFIX = "#/components/schemas/"
PROBLEM_REF = {"$ref": REF_PREFIX + "Problem"}
OPENAI_ERROR_REF = {"$ref": REF_PREFIX + "OpenAIError"}
SSE = "text/event-stream"
JSON = "application/json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# FastAPI's default 422 body; ours is a problem document instead.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")
# One server-sent event as the client's parser sees it.
SSE_EVENT_SCHEMA: Document = {
    "type": "object",
    "properties": {
        "event": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer", "minimum": 0},
        "data": {"type": "string"},
    },
}

# Answers the middleware gives any API request, before a route runs.
SIM_REASONS: dict[int, str] = {
    400: (
        "`INVALID_HEADER`, `INVALID_SIM_HEADER`, `INVALID_SANDBOX`, `INVALID_QUERY`, "
        "`SANDBOX_CONFLICT`: a malformed `X-Request-Id`, `X-Sim-*`, `X-Sandbox` or `?sandbox=`"
    ),
    429: "`SANDBOX_LIMIT`: too many sandboxes are live; delete one",
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


def install(app: FastAPI, settings: Settings) -> None:
    """Post-process FastAPI's generated document once, the first time it is asked for."""
    generate = app.openapi

    def openapi() -> Document:
        if app.openapi_schema is None:
            complete(generate(), api_keys=bool(settings.api_keys))  # cached by FastAPI
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete(doc: Document, *, api_keys: bool) -> Document:
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    _, defs = models_json_schema(
        [(Problem, "serialization"), (OpenAIError, "serialization")],
        ref_template=REF_PREFIX + "{model}",
    )
    for name, schema in defs.get("$defs", {}).items():
        schemas.setdefault(name, schema)
    if api_keys:
        doc["components"].setdefault("securitySchemes", {})["apiKey"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "One of `INCAR_API_KEYS`",
        }
    for path, method, operation in _operations(doc):
        _complete_operation(path, method, operation, api_keys=api_keys)
    _drop_unused(doc, FASTAPI_VALIDATION_SCHEMAS)
    return doc


def _operations(doc: Document) -> Iterator[tuple[str, str, Document]]:
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _complete_operation(path: str, method: str, operation: Document, *, api_keys: bool) -> None:
    openai_shape = path.startswith("/compatible-mode/")
    api = openai_shape or path.startswith("/v1/")
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
            _document_error(response, reasons.get(int(status_text), []), openai_shape)
        else:
            _document_stream(response)


def _document_error(response: Document, reasons: list[str], openai_shape: bool) -> None:
    """Errors are problem documents (OpenAI's error object on /compatible-mode), never streams."""
    content: Document = response.get("content", {})
    # Another shape a route documents on purpose stays; FastAPI's guesses go.
    kept = {
        media_type: entry
        for media_type, entry in content.items()
        if media_type != SSE and not _is_generated_error(entry)
    }
    if openai_shape:
        kept.setdefault(JSON, {"schema": OPENAI_ERROR_REF})
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


def _document_stream(response: Document) -> None:
    """An event stream is a sequence of events, not one JSON document: a model given for it
    describes each event's `data`."""
    entry = response.get("content", {}).get(SSE)
    if entry is None:
        return
    schema = entry.pop("schema", None)
    item = entry.setdefault("itemSchema", copy.deepcopy(SSE_EVENT_SCHEMA))
    if isinstance(schema, dict) and "$ref" in schema:
        item.setdefault("properties", {})["data"] = {
            "type": "string",
            "contentMediaType": JSON,
            "contentSchema": schema,
        }
        item["required"] = ["data"]


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

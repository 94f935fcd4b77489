"""The client's models cannot drift from /openapi.json: regenerating them gives the same file, and
every recorded 2xx answer and stream event in the document validates into the client's model."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any, Union

from fastapi import FastAPI
from incar_client import models
from incar_client.events import ServerSentEvent, chat_event
from pydantic import TypeAdapter, ValidationError

ROOT = Path(__file__).resolve().parents[2]
GENERATE = ROOT / "clients" / "python" / "generate.py"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("incar_client_generate", GENERATE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_for(schema: dict[str, Any]) -> Any:
    """The client's type for a response schema: `Reading_Battery_` is `ReadingBattery`."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return getattr(models, "".join(p[:1].upper() + p[1:] for p in re.split("[_-]", name)))
    if schema.get("type") == "array":
        return list[model_for(schema["items"])]  # type: ignore[misc]
    if "anyOf" in schema:  # one operation, several shapes (GET /v1/agents?format=)
        return Union[tuple(model_for(s) for s in schema["anyOf"])]  # noqa: UP007
    return dict[str, Any]


def recorded_answers(document: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                if status.startswith("2") and "example" in content:
                    found.append(
                        (f"{method.upper()} {path}", content["schema"], content["example"])
                    )
    return found


def test_regenerating_the_models_gives_the_committed_file(app: FastAPI) -> None:
    generate = _generator()
    assert generate.render(app.openapi()) == generate.MODELS.read_text(encoding="utf-8"), (
        "clients/python/src/incar_client/models.py has drifted from /openapi.json: "
        "run .venv/bin/python clients/python/generate.py"
    )


def test_every_recorded_answer_validates_into_the_clients_model(app: FastAPI) -> None:
    answers = [
        a
        for a in recorded_answers(app.openapi())
        if a[0].startswith(("GET /v1", "POST /v1", "PUT /v1", "PATCH /v1", "DELETE /v1"))
    ]
    assert len(answers) >= 45
    failures = []
    for operation, schema, example in answers:
        try:
            TypeAdapter(model_for(schema)).validate_python(example)
        except ValidationError as error:
            failures.append(f"{operation}: {error}")
    assert failures == []


def test_every_recorded_chat_event_parses_into_its_typed_event(app: FastAPI) -> None:
    operation = app.openapi()["paths"]["/v1/chat/sessions/{session_id}/messages"]["post"]
    examples = operation["responses"]["200"]["content"]["text/event-stream"]["examples"]
    kinds = {}
    for example in examples.values():
        event = chat_event(ServerSentEvent(**example["value"]))
        assert event.event == example["value"]["event"]
        assert event.data.model_dump(mode="json", exclude_unset=True) == json.loads(
            example["value"]["data"]
        )
        kinds[event.event] = type(event).__name__
    assert kinds == {
        "turn.start": "TurnStartEvent",
        "intent": "IntentEvent",
        "tool_call": "ToolCallEvent",
        "tool_result": "ToolResultEvent",
        "speech.delta": "SpeechDeltaEvent",
        "turn.end": "TurnEndEvent",
    }

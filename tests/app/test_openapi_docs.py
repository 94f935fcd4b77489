"""The document explains every operation, shows an example of what to send and what comes back,
and every example is true: each validates against its schema, and the recorded answers are what
the app says today (tests/app/record_examples.py)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from agents.catalog import load_catalog
from app import examples
from app.main import create_app
from app.settings import DEFAULT_FIXTURES, Settings
from tests.app.record_examples import record, without_volatile

Document = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "patch")
JSON = "application/json"
SSE = "text/event-stream"
# Long enough to say what the operation does and what it touches, not just repeat the summary.
MIN_DESCRIPTION_CHARS = 100

DOC: Document = create_app(Settings(), load_catalog(DEFAULT_FIXTURES)).openapi()
OPERATIONS = [
    (f"{method.upper()} {path}", operation)
    for path, item in DOC["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]


def _named(entry: Document) -> list[tuple[str, Any]]:
    """A media type entry's examples: `example`, and each `examples` value."""
    found = [("example", entry["example"])] if "example" in entry else []
    found += [(name, e["value"]) for name, e in entry.get("examples", {}).items()]
    return found


def _examples() -> list[Any]:
    """(operation, where, schema, example) for every example in the document."""
    cases = []
    for label, operation in OPERATIONS:
        body = operation.get("requestBody", {}).get("content", {})
        for media_type, entry in body.items():
            for name, value in _named(entry):
                where = f"{label} request {media_type} {name}"
                cases.append(pytest.param(entry["schema"], value, id=where))
        for status, response in operation["responses"].items():
            for media_type, entry in response.get("content", {}).items():
                schema = entry.get("itemSchema") if media_type == SSE else entry.get("schema")
                for name, value in _named(entry):
                    where = f"{label} {status} {media_type} {name}"
                    cases.append(pytest.param(schema, value, id=where))
    return cases


class ContentSchema:
    """`contentSchema` on a JSON string (an SSE event's `data`): the parsed JSON must validate.
    JSON Schema only annotates it, so a validator would not look inside otherwise."""

    def __init__(self, parent: Document, value: Document, path: list[str | int]) -> None:
        self.validator = validator_for(value) if parent.get("contentMediaType") == JSON else None

    def validate(self, instance: Any) -> None:
        if self.validator is not None and isinstance(instance, str):
            self.validator.validate(json.loads(instance))


def validator_for(schema: Document) -> jsonschema_rs.Validator:
    """The schema with the document's components beside it, so its `$ref`s resolve."""
    return jsonschema_rs.Draft202012Validator(
        {**schema, "components": DOC["components"]},
        validate_formats=True,
        keywords={"contentSchema": ContentSchema},
    )


def test_every_operation_says_what_it_does() -> None:
    thin = [
        label
        for label, operation in OPERATIONS
        if not operation.get("summary")
        or len(operation.get("description", "")) < MIN_DESCRIPTION_CHARS
    ]
    assert thin == []
    assert len(OPERATIONS) >= 56


def test_every_request_body_has_an_example() -> None:
    missing = [
        (label, media_type)
        for label, operation in OPERATIONS
        for media_type, entry in operation.get("requestBody", {}).get("content", {}).items()
        if not _named(entry)
    ]
    assert missing == []


def test_every_success_answer_has_an_example() -> None:
    missing = [
        (label, status, media_type)
        for label, operation in OPERATIONS
        for status, response in operation["responses"].items()
        if status.startswith("2")
        for media_type, entry in response.get("content", {}).items()
        if not _named(entry)
    ]
    assert missing == []
    # Only the answers without a body go without an example.
    bodiless = sorted(
        label
        for label, operation in OPERATIONS
        for status, response in operation["responses"].items()
        if status.startswith("2") and not response.get("content")
    )
    assert bodiless == ["DELETE /v1/sim/faults", "DELETE /v1/sim/sandboxes/{name}"]


def test_streams_show_each_kind_of_event() -> None:
    def sent(label: str) -> list[tuple[str | None, str]]:
        """(event name, start of data) of each example event."""
        operation = dict(OPERATIONS)[label]
        entry = operation["responses"]["200"]["content"][SSE]
        return [(value.get("event"), value["data"][:20]) for _, value in _named(entry)]

    assert sent("GET /v1/vehicles/{vehicle_id}/telemetry") == [
        ("telemetry", '{"vehicle_id":"ix3-s')
    ]
    chat = sent("POST /v1/chat/sessions/{session_id}/messages")
    assert [name for name, _ in chat] == list(examples.CHAT_EVENTS)
    chunks = sent("POST /compatible-mode/v1/chat/completions")
    assert [name for name, _ in chunks] == [None] * 5
    assert [data for _, data in chunks][-1] == "[DONE]"
    assert all(data.startswith('{"id":"chatcmpl-') for _, data in chunks[:-1])


@pytest.mark.parametrize(("schema", "example"), _examples())
def test_each_example_matches_its_schema(schema: Document, example: Any) -> None:
    assert schema is not None
    validator_for(schema).validate(example)


def test_a_wrong_example_is_caught() -> None:
    """The check above can fail: a frame missing a field, or with a `data` that breaks the
    frame's schema, does not validate."""
    telemetry = dict(OPERATIONS)["GET /v1/vehicles/{vehicle_id}/telemetry"]
    entry = telemetry["responses"]["200"]["content"][SSE]
    event = dict(_named(entry))["telemetry"]
    frame = json.loads(event["data"])
    check = validator_for(entry["itemSchema"])
    check.validate(event)
    assert not check.is_valid({**event, "data": json.dumps({**frame, "seq": "one"})})
    assert not validator_for({"$ref": "#/components/schemas/Trip"}).is_valid(
        {**examples.ANSWERS["plan"], "trip_id": None}
    )


def test_examples_keep_their_nulls() -> None:
    """FastAPI drops `null`s from examples; app/examples.py puts them back."""
    operations = dict(OPERATIONS)
    patch = operations["PATCH /v1/profiles/{profile_id}"]["requestBody"]["content"][JSON]
    assert patch["examples"]["forget_home"]["value"] == {"home": None}
    scenario = operations["GET /v1/sim/scenario"]["responses"]["200"]["content"][JSON]
    assert scenario["example"]["scenario"] is None


def test_the_recorded_answers_are_what_the_app_answers() -> None:
    """Out of date? Run `.venv/bin/python -m tests.app.record_examples` and review the diff."""
    assert without_volatile(record()) == without_volatile(examples.ANSWERS)

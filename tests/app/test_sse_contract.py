"""The streams as documented: one schema per kind of event, and UTF-8 `data` on every stream."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema_rs
import pytest

from agents.conversation.events import EVENT_DATA

pytestmark = pytest.mark.anyio

Event = dict[str, Any]
CHAT = ("/v1/chat/sessions/{session_id}/messages", "post")
COMPAT = ("/compatible-mode/v1/chat/completions", "post")
TELEMETRY = ("/v1/vehicles/{vehicle_id}/telemetry", "get")
UNPACED = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}


def parse(body: str) -> list[Event]:
    """Events as a client's parser sees them (no `event:` line means `message`)."""
    events = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append({"event": "message", **fields})
    return events


def item_schema(spec: dict[str, Any], operation: tuple[str, str]) -> dict[str, Any]:
    path, method = operation
    content = spec["paths"][path][method]["responses"]["200"]["content"]
    schema: dict[str, Any] = content["text/event-stream"]["itemSchema"]
    return schema


def assert_documented(
    spec: dict[str, Any], operation: tuple[str, str], events: list[Event]
) -> None:
    """Each event matches exactly one entry of the itemSchema, and its JSON `data` that entry's
    `contentSchema` (which a plain JSON Schema validator leaves unchecked)."""
    branches = item_schema(spec, operation)["oneOf"]
    for event in events:
        matching = [
            b
            for b in branches
            if jsonschema_rs.Draft202012Validator({**b, "components": {}}).is_valid(
                {k: v for k, v in event.items() if k in ("event", "data", "id")}
            )
            and _data_valid(spec, b, event["data"])
        ]
        assert [b["title"] for b in matching] != [], event
        assert len(matching) == 1, (event, [b["title"] for b in matching])


def _data_valid(spec: dict[str, Any], branch: dict[str, Any], data: str) -> bool:
    schema = branch["properties"]["data"]
    if "contentSchema" not in schema:
        return bool(data == schema["const"])
    try:
        parsed = json.loads(data)
    except ValueError:
        return False
    validator = jsonschema_rs.Draft202012Validator(
        {**schema["contentSchema"], "components": spec["components"]}
    )
    return validator.is_valid(parsed)


async def new_session(client: httpx.AsyncClient, locale: str = "zh") -> str:
    r = await client.post(
        "/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai", "locale": locale}
    )
    session_id: str = r.json()["session_id"]
    return session_id


async def test_each_kind_of_event_has_its_own_schema(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()

    def kinds(operation: tuple[str, str]) -> list[tuple[str, str, Any]]:
        return [
            (
                b["title"],
                b["properties"]["event"]["const"],
                b["properties"]["data"].get("contentSchema", b["properties"]["data"].get("const")),
            )
            for b in item_schema(spec, operation)["oneOf"]
        ]

    ref = "#/components/schemas/"
    assert [(title, event) for title, event, _ in kinds(CHAT)] == [
        (name, name) for name in EVENT_DATA
    ]
    chat_data = {title: data for title, _, data in kinds(CHAT)}
    assert chat_data["turn.start"] == {"$ref": ref + "TurnStart"}
    assert chat_data["speech.delta"] == {"$ref": ref + "SpeechDelta"}
    assert chat_data["turn.end"] == {"$ref": ref + "Turn"}
    assert chat_data["card"]["discriminator"]["propertyName"] == "type"
    assert kinds(COMPAT) == [
        ("chat.completion.chunk", "message", {"$ref": ref + "ChatCompletionChunk"}),
        ("error", "message", {"$ref": ref + "OpenAIError"}),
        ("[DONE]", "message", "[DONE]"),
    ]
    assert kinds(TELEMETRY) == [("telemetry", "telemetry", {"$ref": ref + "TelemetryFrame"})]
    assert item_schema(spec, TELEMETRY)["oneOf"][0]["required"] == ["event", "data", "id"]


async def test_chat_events_match_their_schemas_in_utf8(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    sid = await new_session(client)
    r = await client.post(
        f"/v1/chat/sessions/{sid}/messages",
        json={"text": "红色的刹车灯是什么意思，附近有充电站吗"},
        headers={"Accept": "text/event-stream", **UNPACED},
    )
    events = parse(r.text)
    assert {e["event"] for e in events} == set(EVENT_DATA)  # every kind, cards included
    assert_documented(spec, CHAT, events)
    assert "\\u" not in r.text  # UTF-8, not ASCII escapes
    end = json.loads(events[-1]["data"])
    assert end["speech"][:2] in r.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in end["speech"])


async def test_compat_chunks_match_their_schemas_in_utf8(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "incar-auto",
            "stream": True,
            "stream_options": {"include_usage": True},
            "messages": [{"role": "user", "content": "还能跑多远？"}],
        },
        headers=UNPACED,
    )
    events = parse(r.text)
    assert events[-1] == {"event": "message", "data": "[DONE]"}
    assert_documented(spec, COMPAT, events)
    assert '"delta":{"content":"电量"}' in r.text
    assert "\\u" not in r.text


async def test_a_compat_stream_that_cannot_start_sends_the_documented_error(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "incar-auto",
            "stream": True,
            "vehicle_id": "no-such-car",
            "messages": [{"role": "user", "content": "还能跑多远？"}],
        },
    )
    events = parse(r.text)
    assert json.loads(events[0]["data"])["error"]["code"] == "vehicle_not_found"
    assert_documented(spec, COMPAT, events)


async def test_telemetry_frames_match_their_schema(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    r = await client.get("/v1/vehicles/ix3-shanghai/telemetry?max_frames=1")
    events = parse(r.text)
    assert [(e["event"], e["id"]) for e in events] == [("telemetry", "1")]
    assert_documented(spec, TELEMETRY, events)

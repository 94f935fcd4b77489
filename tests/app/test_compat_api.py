"""The official `openai` client against /compatible-mode/v1, in process."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import openai
import pytest
from fastapi import FastAPI

from agents.conversation.tools import TOOLS

pytestmark = pytest.mark.anyio

FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0", "X-Vehicle-Id": "ix3-shanghai"}


@pytest.fixture
async def ai(app: FastAPI) -> AsyncIterator[openai.AsyncOpenAI]:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    async with openai.AsyncOpenAI(
        base_url="http://incar.test/compatible-mode/v1",
        api_key="sk-test",
        # The openai stubs name their own httpx fork's client; httpx's works the same.
        http_client=http,  # type: ignore[arg-type]
        default_headers=FAST,
    ) as client:
        yield client


def tool_specs(*names: str) -> list[Any]:
    return [
        {
            "type": "function",
            "function": {
                "name": name,
                "description": TOOLS[name].description.en,
                "parameters": TOOLS[name].json_schema(),
            },
        }
        for name in names
    ]


async def test_models(ai: openai.AsyncOpenAI) -> None:
    models = await ai.models.list()
    assert [m.id for m in models.data] == [
        "incar-auto",
        "incar-car-genius",
        "incar-travel-companion",
        "qwen-plus",
        "qwen-max",
        "qwen-turbo",
        "qwen-flash",
        "qwen3-max",
        "qwen3-235b-a22b",
        "qwen3-32b",
        "qwen3-30b-a3b",
        "qwen3-14b",
        "qwen3-8b",
        "qwen3-coder-plus",
        "qwen3-coder-flash",
        "qwq-plus",
        "qwq-32b",
    ]
    assert models.data[0].created == 1780272000  # the sim clock, 2026-06-01T08:00+08:00


async def test_plain_completion(ai: openai.AsyncOpenAI) -> None:
    done = await ai.chat.completions.create(
        model="incar-auto", messages=[{"role": "user", "content": "还能开多远？"}]
    )
    assert done.object == "chat.completion"
    assert done.id.startswith("chatcmpl-")
    assert done.choices[0].message.content == "电量80%，续航497公里。"
    assert done.choices[0].finish_reason == "stop"
    assert done.usage is not None
    assert (done.usage.prompt_tokens, done.usage.completion_tokens) == (9, 11)
    again = await ai.chat.completions.create(
        model="incar-auto", messages=[{"role": "user", "content": "还能开多远？"}]
    )
    assert again.id == done.id


async def test_extra_body_picks_vehicle_and_locale(
    ai: openai.AsyncOpenAI, client: httpx.AsyncClient
) -> None:
    battery = (await client.get("/v1/vehicles/i5-hangzhou/battery")).json()["data"]
    done = await ai.chat.completions.create(
        model="incar-car-genius",
        messages=[{"role": "user", "content": "还能开多远？"}],
        extra_body={"vehicle_id": "i5-hangzhou", "locale": "en"},
        extra_headers={"X-Vehicle-Id": ""},
    )
    expected = f"Battery {battery['soc_pct']:g}%, {battery['range_km']:g} km of range."
    assert done.choices[0].message.content == expected


async def test_streamed_completion_with_usage(ai: openai.AsyncOpenAI) -> None:
    stream = await ai.chat.completions.create(
        model="incar-auto",
        messages=[{"role": "user", "content": "what's my range?"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = [chunk async for chunk in stream]
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Battery 80%, 497 km of range."
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 3
    finishing = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishing[-1] == "stop"
    assert set(finishing[:-1]) == {None}
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 9
    assert len({c.id for c in chunks}) == 1


async def test_raw_stream_ends_with_done(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "incar-auto",
            "stream": True,
            "messages": [{"role": "user", "content": "hi"}],
        },
        headers=FAST,
    )
    assert r.headers["content-type"].startswith("text/event-stream")
    lines = [line for line in r.text.splitlines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    assert json.loads(lines[-2].removeprefix("data: "))["choices"][0]["finish_reason"] == "stop"


async def test_tool_call_round_trip(ai: openai.AsyncOpenAI, client: httpx.AsyncClient) -> None:
    tools = tool_specs("get_vehicle_status", "send_remote_command", "find_chargers")
    messages: list[Any] = [{"role": "user", "content": "Lock the car please"}]
    first = await ai.chat.completions.create(model="incar-auto", messages=messages, tools=tools)
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    [call] = choice.message.tool_calls or []
    assert call.type == "function"
    assert call.function.name == "send_remote_command"
    arguments = json.loads(call.function.arguments)
    assert arguments == {"command": {"type": "lock"}}
    # The client runs the tool itself, here through the REST API the tool wraps.
    sent = await client.post("/v1/vehicles/ix3-shanghai/commands", json=arguments["command"])
    messages += [
        choice.message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": sent.text},
    ]
    final = await ai.chat.completions.create(model="incar-auto", messages=messages, tools=tools)
    assert final.choices[0].finish_reason == "stop"
    assert final.choices[0].message.content == (
        "The command was sent (cmd-0001); it will be carried out in a few seconds."
    )


async def test_streamed_tool_call_round_trip(ai: openai.AsyncOpenAI) -> None:
    tools = tool_specs("get_vehicle_status", "find_chargers")
    messages: list[Any] = [{"role": "user", "content": "胎压正常吗"}]
    stream = await ai.chat.completions.create(
        model="incar-auto", messages=messages, tools=tools, stream=True
    )
    name, call_id, pieces, finish = "", "", [], None
    async for chunk in stream:
        delta = chunk.choices[0].delta
        for part in delta.tool_calls or []:
            assert part.index == 0
            if part.id:
                call_id = part.id
            if part.function and part.function.name:
                name = part.function.name
            if part.function and part.function.arguments:
                pieces.append(part.function.arguments)
        finish = chunk.choices[0].finish_reason or finish
    assert (name, finish) == ("get_vehicle_status", "tool_calls")
    assert len(pieces) >= 2  # arguments streamed in pieces
    assert json.loads("".join(pieces)) == {"topic": "tires"}
    # The client answers with our own tool's output, as the REST briefing would.
    status = {
        "vehicle_id": "ix3-shanghai",
        "name": {"zh": "宝马iX3", "en": "BMW iX3"},
        "topic": "tires",
        "text": {
            "zh": "胎压正常（左前242 kPa）。",
            "en": "Tyre pressures OK (front-left 242 kPa).",
        },
        "headline": {"zh": "一切正常。", "en": "All good."},
        "speed_kmh": 0,
        "facts": {},
        "alerts": [],
        "as_of": "2026-06-01T08:00:00+08:00",
    }
    messages += [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {"name": name, "arguments": "".join(pieces)},
                }
            ],
        },
        {
            "role": "tool",
            "tool_call_id": call_id,
            "content": json.dumps(status, ensure_ascii=False),
        },
    ]
    final = await ai.chat.completions.create(
        model="incar-auto", messages=messages, tools=tools, stream=True
    )
    text = "".join([c.choices[0].delta.content or "" async for c in final if c.choices])
    assert text == "胎压正常（左前242 kPa）。"


async def test_offered_tool_matched_by_purpose(ai: openai.AsyncOpenAI) -> None:
    tools: list[Any] = [
        {
            "type": "function",
            "function": {
                "name": "search_ev_stations",
                "description": "Search EV charging stations near a point",
                "parameters": {"type": "object", "properties": {}},
            },
        }
    ]
    done = await ai.chat.completions.create(
        model="incar-auto", messages=[{"role": "user", "content": "find a charger"}], tools=tools
    )
    [call] = done.choices[0].message.tool_calls or []
    assert call.type == "function"
    assert call.function.name == "search_ev_stations"
    assert call.id == "call_find_chargers_0"


async def test_no_matching_tool_answers_in_text(ai: openai.AsyncOpenAI) -> None:
    done = await ai.chat.completions.create(
        model="incar-auto",
        messages=[{"role": "user", "content": "hello"}],
        tools=tool_specs("find_chargers"),
    )
    assert done.choices[0].message.tool_calls is None
    assert done.choices[0].message.content == "Hello! What can I do for you?"


async def test_confirmation_across_messages_without_tools(
    ai: openai.AsyncOpenAI, client: httpx.AsyncClient
) -> None:
    messages: list[Any] = [{"role": "user", "content": "unlock the car"}]
    first = await ai.chat.completions.create(model="incar-car-genius", messages=messages)
    assert first.choices[0].message.content == "Shall I unlock the car?"
    messages += [
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "yes"},
    ]
    second = await ai.chat.completions.create(model="incar-car-genius", messages=messages)
    assert "(cmd-0001)" in (second.choices[0].message.content or "")
    listed = (await client.get("/v1/vehicles/ix3-shanghai/commands")).json()
    assert [c["request"]["type"] for c in listed] == ["unlock"]


async def test_model_restricts_the_agent(ai: openai.AsyncOpenAI) -> None:
    done = await ai.chat.completions.create(
        model="incar-car-genius", messages=[{"role": "user", "content": "find a charger"}]
    )
    assert done.choices[0].message.content == "I'm Car Genius; ask Travel Companion that."


async def test_errors_use_the_openai_shape(
    ai: openai.AsyncOpenAI, client: httpx.AsyncClient
) -> None:
    with pytest.raises(openai.NotFoundError) as missing:
        await ai.chat.completions.create(
            model="gpt-9", messages=[{"role": "user", "content": "hi"}]
        )
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.BadRequestError):
        await ai.chat.completions.create(model="incar-auto", messages=[])
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        content=b"{nope",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_json"
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "incar-auto",
            "messages": [{"role": "user", "content": "hi"}],
            "vehicle_id": "nope",
        },
    )
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "vehicle_not_found"


async def test_default_vehicle_is_the_scenarios_focus(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/scenario", json={"scenario": "service-overdue"})
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={"model": "incar-car-genius", "messages": [{"role": "user", "content": "油还剩多少"}]},
    )
    assert r.status_code == 200
    assert "48%" in r.json()["choices"][0]["message"]["content"]


async def test_domain_errors_keep_their_status_in_openai_shape(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "incar-auto",
            "messages": [{"role": "user", "content": "hi"}],
            "profile_id": "nobody",
        },
    )
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "profile_not_found"

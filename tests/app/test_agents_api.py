from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest
from fastapi import FastAPI

from agents.conversation.tools import TOOLS, ToolContext

pytestmark = pytest.mark.anyio


async def test_agents_and_tool_schemas(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/agents")
    assert r.status_code == 200
    agents = {a["id"]: a for a in r.json()}
    assert set(agents) == {"car_genius", "travel_companion"}
    assert agents["car_genius"]["model"] == "incar-car-genius"
    car = [t["name"] for t in agents["car_genius"]["tools"]]
    travel = [t["name"] for t in agents["travel_companion"]["tools"]]
    assert car == [
        "get_vehicle_status",
        "get_alerts",
        "explain_warning_light",
        "send_remote_command",
        "control_cabin",
        "get_command_status",
    ]
    assert travel == ["find_chargers", "find_restaurants", "plan_trip"]
    for agent in agents.values():
        for tool in agent["tools"]:
            assert tool["input_schema"] == TOOLS[tool["name"]].input_model.model_json_schema()
    status = agents["car_genius"]["tools"][0]["input_schema"]
    assert "range" in status["properties"]["topic"]["enum"]
    command = agents["car_genius"]["tools"][3]
    assert command["side_effect"] is True


async def test_openai_format_is_every_tool_in_the_locale_asked(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/agents", params={"format": "openai", "locale": "en-US"})
    assert r.status_code == 200
    assert r.headers["content-language"] == "en"
    tools = r.json()
    assert [t["function"]["name"] for t in tools] == list(TOOLS)
    for spec in tools:
        tool = TOOLS[spec["function"]["name"]]
        assert spec == {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description.en,
                "parameters": tool.input_model.model_json_schema(),
            },
        }
    zh = await client.get("/v1/agents", params={"format": "openai", "locale": "zh_Hans_CN"})
    assert zh.headers["content-language"] == "zh-CN"
    assert zh.json()[0]["function"]["description"] == TOOLS["get_vehicle_status"].description.zh


async def test_openai_format_language_from_accept_language(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/v1/agents?format=openai", headers={"Accept-Language": "fr;q=1, en-GB;q=0.8"}
    )
    assert r.json()[1]["function"]["description"] == TOOLS["get_alerts"].description.en
    default = await client.get("/v1/agents?format=openai")
    assert default.json()[1]["function"]["description"] == TOOLS["get_alerts"].description.zh


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("format=xml", "format"),
        ("format=", "format"),
        ("format=openai&locale=fr", "locale"),
        ("format=openai&locale=" + "z" * 5000, "locale"),
    ],
)
async def test_openai_format_bad_query_is_a_422(
    client: httpx.AsyncClient, query: str, param: str
) -> None:
    r = await client.get(f"/v1/agents?{query}")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert r.json()["errors"][0]["loc"] == ["query", param]


async def test_exported_tools_are_accepted_unchanged_by_compatible_mode(
    client: httpx.AsyncClient,
) -> None:
    tools = (await client.get("/v1/agents?format=openai&locale=en")).json()
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "incar-auto",
            "messages": [{"role": "user", "content": "Find a fast charger near me"}],
            "tools": tools,
        },
    )
    assert r.status_code == 200, r.text
    [call] = r.json()["choices"][0]["message"]["tool_calls"]
    assert call["function"]["name"] == "find_chargers"


async def test_exported_tools_round_trip_with_the_openai_client(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tools = (await client.get("/v1/agents?format=openai&locale=en")).json()
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    async with openai.AsyncOpenAI(
        base_url="http://incar.test/compatible-mode/v1",
        api_key="sk-test",
        http_client=http,  # type: ignore[arg-type]
        default_headers={"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"},
    ) as ai:
        messages: list[Any] = [{"role": "user", "content": "How much battery is left?"}]
        first = await ai.chat.completions.create(model="incar-auto", messages=messages, tools=tools)
        [call] = first.choices[0].message.tool_calls or []
        assert call.type == "function"
        assert call.function.name == "get_vehicle_status"
        assert json.loads(call.function.arguments) == {"topic": "battery"}
        # The client runs the tool itself (examples/ does it over MCP); here, in the sandbox.
        runtime = app.state.runtime
        ctx = ToolContext(runtime.sandboxes.get("default"), runtime.catalog, "ix3-shanghai")
        status = TOOLS[call.function.name].call(ctx, json.loads(call.function.arguments))
        messages += [
            first.choices[0].message.model_dump(exclude_none=True),
            {"role": "tool", "tool_call_id": call.id, "content": status.model_dump_json()},
        ]
        final = await ai.chat.completions.create(model="incar-auto", messages=messages, tools=tools)
    assert final.choices[0].finish_reason == "stop"
    assert final.choices[0].message.content == status.text.en == "Battery 80%, 497 km of range."

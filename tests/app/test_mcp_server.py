"""The MCP server at /mcp, driven by the official MCP client in process (httpx2's ASGITransport,
the HTTP client the SDK is built on)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import httpx2
import mcp_types as types
import pytest
from fastapi import FastAPI
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from agents.conversation.tool_specs import mcp_input_schema, mcp_output_schema
from agents.conversation.tools import TOOLS
from app.settings import Settings

pytestmark = pytest.mark.anyio

BASE = "http://incar.test"
Connect = Callable[..., AbstractAsyncContextManager[Client]]


@pytest.fixture
def connect(app: FastAPI) -> Connect:
    """`async with connect(headers...) as mcp:` an MCP client session on the app."""

    @asynccontextmanager
    async def open_client(
        mode: str = "auto", path: str = "/mcp", **headers: str
    ) -> AsyncIterator[Client]:
        http = httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app),
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )
        async with (
            http,
            Client(streamable_http_client(BASE + path, http_client=http), mode=mode) as client,
        ):
            yield client

    return open_client


async def test_lists_the_registry_tools_with_their_schemas(connect: Connect) -> None:
    async with connect(Accept_Language="en-US,en;q=0.9") as mcp:
        listed = (await mcp.list_tools()).tools
    assert len(listed) >= 8
    assert [t.name for t in listed] == list(TOOLS)
    for tool in listed:
        ours = TOOLS[tool.name]
        assert tool.description == ours.description.en
        assert tool.input_schema == mcp_input_schema(ours)
        assert tool.output_schema == mcp_output_schema(ours)
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is (not ours.side_effect)
    command = next(t for t in listed if t.name == "send_remote_command")
    assert command.input_schema["properties"]["confirm"]["type"] == "boolean"
    assert "confirm" not in listed[0].input_schema["properties"]
    assert listed[0].input_schema["properties"]["vehicle_id"]["type"] == "string"


async def test_descriptions_default_to_chinese(connect: Connect) -> None:
    async with connect() as mcp:
        listed = (await mcp.list_tools()).tools
    assert listed[0].description == TOOLS["get_vehicle_status"].description.zh


async def test_status_tool_equals_the_rest_snapshot_of_the_same_sandbox(
    connect: Connect, client: httpx.AsyncClient
) -> None:
    sandbox = {"X-Sandbox": "mcp-status"}
    patched = await client.patch(
        "/v1/sim/vehicles/ix3-shanghai/state",
        json={"battery": {"soc_pct": 37}},
        headers=sandbox,
    )
    assert patched.status_code == 200
    rest = (await client.get("/v1/vehicles/ix3-shanghai", headers=sandbox)).json()
    async with connect(X_Sandbox="mcp-status", Accept_Language="en") as mcp:
        result = await mcp.call_tool(
            "get_vehicle_status", {"topic": "battery", "vehicle_id": "ix3-shanghai"}
        )
    assert result.is_error is False
    facts = result.structured_content["facts"]
    assert facts["soc_pct"] == rest["state"]["battery"]["soc_pct"] == 37
    assert facts["range_km"] == rest["state"]["battery"]["range_km"]
    assert facts["speed_kmh"] == rest["state"]["motion"]["speed_kmh"]
    assert result.structured_content["as_of"] == rest["as_of"]
    [text] = result.content
    assert isinstance(text, types.TextContent)
    assert text.text == result.structured_content["text"]["en"]
    assert text.text.startswith("Battery 37%")


async def test_the_default_car_is_the_sandbox_focus_car(connect: Connect) -> None:
    async with connect(X_Sandbox="mcp-focus") as mcp:
        result = await mcp.call_tool("get_vehicle_status", {})
    assert result.structured_content["vehicle_id"] == "ix3-shanghai"
    assert result.content[0].text == result.structured_content["headline"]["zh"]  # type: ignore[union-attr]


async def test_snapshot_resource_is_the_rest_snapshot(
    connect: Connect, client: httpx.AsyncClient
) -> None:
    rest = await client.get("/v1/vehicles/i5-hangzhou", headers={"X-Sandbox": "mcp-res"})
    async with connect(X_Sandbox="mcp-res") as mcp:
        read = await mcp.read_resource("incar://vehicles/i5-hangzhou")
        listed = await mcp.list_resources()
        templates = await mcp.list_resource_templates()
        scenarios = await mcp.read_resource("incar://scenarios")
    [contents] = read.contents
    assert isinstance(contents, types.TextResourceContents)
    assert contents.mime_type == "application/json"
    assert contents.text.encode() == rest.content
    uris = [str(r.uri) for r in listed.resources]
    assert uris[0] == "incar://scenarios"
    assert "incar://vehicles/i5-hangzhou" in uris
    assert [t.uri_template for t in templates.resource_templates] == [
        "incar://vehicles/{vehicle_id}"
    ]
    rest_scenarios = (await client.get("/v1/sim/scenarios")).json()
    assert json.loads(scenarios.contents[0].text) == rest_scenarios  # type: ignore[union-attr]


async def test_remote_command_needs_confirm(connect: Connect, client: httpx.AsyncClient) -> None:
    commands = "/v1/vehicles/ix3-shanghai/commands"
    sandbox = {"X-Sandbox": "mcp-cmd"}
    async with connect(X_Sandbox="mcp-cmd", Accept_Language="en") as mcp:
        asked = await mcp.call_tool("send_remote_command", {"command": {"type": "lock"}})
        assert asked.is_error is False
        assert asked.structured_content == {
            "confirmation_required": True,
            "tool": "send_remote_command",
            "vehicle_id": "ix3-shanghai",
            "arguments": {"command": {"type": "lock"}, "confirm": True},
            "question": {
                "zh": "需要确认：要锁车吗？确认后请带 confirm: true 再调用一次。",
                "en": "Needs confirmation: lock the car? Call again with confirm: true to send it.",
            },
        }
        assert (await client.get(commands, headers=sandbox)).json() == []  # nothing sent
        sent = await mcp.call_tool("send_remote_command", asked.structured_content["arguments"])
        assert sent.structured_content == {
            "command_id": "cmd-0001",
            "vehicle_id": "ix3-shanghai",
            "type": "lock",
            "status": "pending",
        }
        said = sent.content[0].text  # type: ignore[union-attr]
        assert said == "The command was sent (cmd-0001); it will be carried out in a few seconds."
        progress = await mcp.call_tool("get_command_status", {"command_id": "cmd-0001"})
    rest = (await client.get(f"{commands}/cmd-0001", headers=sandbox)).json()
    assert progress.structured_content == rest
    assert rest["request"] == {"type": "lock"}


async def test_refusal_by_the_car_is_a_tool_error_the_model_can_read(
    connect: Connect, client: httpx.AsyncClient
) -> None:
    await client.post(
        "/v1/sim/scenario", json={"scenario": "car-asleep"}, headers={"X-Sandbox": "mcp-asleep"}
    )
    async with connect(X_Sandbox="mcp-asleep", Accept_Language="en") as mcp:
        result = await mcp.call_tool("get_vehicle_status", {"vehicle_id": "i5-hangzhou"})
    assert result.is_error is True
    assert result.structured_content["error"]["code"] == "VEHICLE_ASLEEP"
    assert result.content[0].text == result.structured_content["error"]["message"]["en"]  # type: ignore[union-attr]


INVALID = "VALIDATION_ERROR"


@pytest.mark.parametrize(
    ("name", "arguments", "code"),
    [
        ("get_vehicle_status", {"topic": "weather"}, INVALID),
        ("get_vehicle_status", {"vehicle_id": "ix9-nowhere"}, "VEHICLE_NOT_FOUND"),
        ("get_vehicle_status", {"vehicle_id": ""}, INVALID),
        ("get_vehicle_status", {"vehicle_id": "x" * 10_000}, INVALID),
        ("get_vehicle_status", {"confirm": True}, INVALID),  # not a command
        ("send_remote_command", {"command": {"type": "lock"}, "confirm": "yes"}, INVALID),
        ("send_remote_command", {"command": {"type": "self_destruct"}}, INVALID),
        ("find_chargers", {"radius_km": float("nan")}, INVALID),
        ("find_chargers", {"radius_km": 1e308}, INVALID),
        ("plan_trip", {}, INVALID),
    ],
)
async def test_bad_arguments_are_mcp_errors(
    connect: Connect, name: str, arguments: dict[str, Any], code: str
) -> None:
    async with connect() as mcp:
        with pytest.raises(MCPError) as raised:
            await mcp.call_tool(name, arguments)
    assert raised.value.code == types.INVALID_PARAMS
    assert raised.value.data["code"] == code


async def test_unknown_vehicle_error_names_the_known_ones(connect: Connect) -> None:
    async with connect() as mcp:
        with pytest.raises(MCPError) as raised:
            await mcp.call_tool("get_alerts", {"vehicle_id": "ix9"})
        with pytest.raises(MCPError) as unknown_tool:
            await mcp.call_tool("self_destruct", {})
        with pytest.raises(MCPError) as no_resource:
            await mcp.read_resource("incar://vehicles/ix9")
        with pytest.raises(MCPError) as bad_uri:
            await mcp.read_resource("file:///etc/passwd")
    assert raised.value.message == "No vehicle 'ix9'"
    assert "ix3-shanghai" in raised.value.data["known"]
    assert unknown_tool.value.data == {"code": "TOOL_NOT_FOUND", "known": list(TOOLS)}
    assert no_resource.value.code == -32002
    assert "ix3-shanghai" in no_resource.value.data["known"]
    assert bad_uri.value.code == -32002


async def connect_error(connect: Connect, **headers: str) -> MCPError:
    """The MCPError connecting raises (the client's task group wraps it in a group)."""
    with pytest.RaisesGroup(MCPError, flatten_subgroups=True) as raised:
        async with connect(**headers):
            pass
    group: BaseException = raised.value
    while isinstance(group, BaseExceptionGroup):
        [group] = group.exceptions
    assert isinstance(group, MCPError)
    return group


async def test_invalid_sandbox_is_an_mcp_error(connect: Connect) -> None:
    error = await connect_error(connect, X_Sandbox="../etc")
    assert error.message == "Invalid sandbox name."
    assert error.data["code"] == "INVALID_SANDBOX"


async def test_sandbox_from_the_query(connect: Connect, client: httpx.AsyncClient) -> None:
    await client.patch(
        "/v1/sim/vehicles/ix3-shanghai/state",
        json={"battery": {"soc_pct": 12}},
        headers={"X-Sandbox": "mcp-query"},
    )
    async with connect(path="/mcp?sandbox=mcp-query") as mcp:
        result = await mcp.call_tool("get_vehicle_status", {"topic": "battery"})
    assert result.structured_content["facts"]["soc_pct"] == 12


async def test_the_handshake_era_works_too(connect: Connect) -> None:
    async with connect(mode="legacy", X_Sandbox="mcp-legacy") as mcp:
        assert len((await mcp.list_tools()).tools) == len(TOOLS)
        result = await mcp.call_tool("get_alerts", {"vehicle_id": "ix3-shanghai"})
    assert result.is_error is False
    assert "alerts" in result.structured_content


async def test_http_errors_on_mcp_are_json_rpc(client: httpx.AsyncClient) -> None:
    get = await client.get("/mcp")
    assert get.status_code == 405
    assert get.headers["allow"] == "POST"
    assert get.json()["jsonrpc"] == "2.0"
    assert get.json()["error"]["code"] == -32600
    assert get.json()["error"]["data"]["code"] == "METHOD_NOT_ALLOWED"
    missing = await client.post("/mcp/tools", json={})
    assert missing.status_code == 404
    assert missing.json()["error"]["data"]["code"] == "NOT_FOUND"
    foreign = await client.post(
        "/mcp",
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Origin": "http://evil.example", "Accept": "application/json"},
    )
    assert foreign.status_code == 403
    assert foreign.json()["error"]["data"]["code"] == "ORIGIN_NOT_ALLOWED"
    fault = await client.post("/mcp", json={}, headers={"X-Sim-Fault": "503"})
    assert fault.status_code == 503
    assert fault.headers["retry-after"]
    assert fault.json()["error"]["code"] == -32603


MCP_POST = {"Content-Type": "application/json", "Accept": "application/json"}


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b"null", b"\xff", b"[" * 100_000])
async def test_malformed_posts_are_4xx(client: httpx.AsyncClient, body: bytes) -> None:
    r = await client.post("/mcp", content=body, headers=MCP_POST)
    assert 400 <= r.status_code < 500, r.text


async def test_request_without_params_is_a_json_rpc_error(client: httpx.AsyncClient) -> None:
    call = {"jsonrpc": "2.0", "id": 7, "method": "tools/call"}
    r = await client.post("/mcp", json=call, headers=MCP_POST)
    assert r.json()["id"] == 7
    assert r.json()["error"]["code"] == types.INVALID_PARAMS


async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    r = await client.post("/mcp", content=b" " * (2 * 1024 * 1024), headers=MCP_POST)
    assert r.status_code == 413
    assert r.json()["error"]["data"]["code"] == "PAYLOAD_TOO_LARGE"


class TestWithApiKeys:
    @pytest.fixture
    def settings(self) -> Settings:
        return Settings(api_keys=["k-mcp"], fault_timeout_s=0.05)

    async def test_401_without_a_key(self, connect: Connect, client: httpx.AsyncClient) -> None:
        error = await connect_error(connect)
        assert error.data["code"] == "UNAUTHORIZED"
        raw = await client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        assert raw.status_code == 401
        assert raw.headers["www-authenticate"] == "Bearer"
        assert raw.json()["error"]["message"] == "A valid API key is required."
        async with connect(Authorization="Bearer k-mcp") as mcp:
            assert len((await mcp.list_tools()).tools) == len(TOOLS)


def test_the_sdk_is_imported_only_when_mcp_is_used() -> None:
    """Start-up stays light: building the app loads none of the MCP SDK."""
    code = (
        "import sys; from app.main import create_app; create_app(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mcp', 'mcp_types')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"

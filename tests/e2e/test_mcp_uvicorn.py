"""The MCP server under a real uvicorn on a loopback port, with API keys, through the official
MCP client's own HTTP stack (no in-process transport)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from agents.conversation.tools import TOOLS
from tests.e2e.conftest import running_server

pytestmark = [pytest.mark.server, pytest.mark.anyio]

KEY = "k-e2e-mcp"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server({"INCAR_API_KEYS": KEY}) as url:
        yield url


def mcp_client(base: str, **headers: str) -> tuple[httpx2.AsyncClient, Client]:
    http = httpx2.AsyncClient(headers=headers, timeout=10)
    return http, Client(streamable_http_client(f"{base}/mcp", http_client=http))


async def test_tools_status_and_commands_over_tcp(base: str) -> None:
    keyed = {"Authorization": f"Bearer {KEY}", "X-Sandbox": "e2e-mcp"}
    async with httpx.AsyncClient(base_url=base, headers=keyed) as rest:
        await rest.patch("/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": 55}})
        snapshot = (await rest.get("/v1/vehicles/ix3-shanghai")).json()
    http, client = mcp_client(base, **keyed)
    async with http, client as mcp:
        assert len((await mcp.list_tools()).tools) == len(TOOLS) >= 8
        status = await mcp.call_tool("get_vehicle_status", {"topic": "battery"})
        honk = {"command": {"type": "honk"}}
        asked = await mcp.call_tool("send_remote_command", honk)
        sent = await mcp.call_tool("send_remote_command", {**honk, "confirm": True})
        resource = await mcp.read_resource("incar://vehicles/ix3-shanghai")
    assert status.structured_content["facts"]["soc_pct"] == snapshot["state"]["battery"]["soc_pct"]
    assert asked.structured_content["confirmation_required"] is True
    assert sent.structured_content["command_id"] == "cmd-0001"
    assert resource.contents[0].text.startswith('{"id":"ix3-shanghai"')  # type: ignore[union-attr]


async def test_without_a_key_connecting_fails_with_401(base: str) -> None:
    async with httpx.AsyncClient() as plain:
        raw = await plain.post(f"{base}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert raw.status_code == 401
    assert raw.json()["error"]["data"]["code"] == "UNAUTHORIZED"
    http, client = mcp_client(base)
    with pytest.RaisesGroup(MCPError, flatten_subgroups=True):
        async with http, client:
            pass

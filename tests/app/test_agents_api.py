from __future__ import annotations

import httpx
import pytest

from agents.conversation.tools import TOOLS

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

"""The agents and their tools, with JSON schemas generated from the tools' input models."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from agents.conversation.compat import MODELS
from agents.conversation.tools import ToolAgent, tools_of
from agents.text import Bilingual, bi
from app.examples import ok

router = APIRouter(prefix="/v1", tags=["agents"])


class ToolInfo(BaseModel):
    name: str = Field(examples=["get_vehicle_status"])
    description: Bilingual
    side_effect: bool = Field(description="Changes the car; the chat asks for a yes first")
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]


class AgentInfo(BaseModel):
    id: ToolAgent
    name: Bilingual
    description: Bilingual
    model: str = Field(description="Its model id on /compatible-mode/v1")
    tools: list[ToolInfo]


_AGENTS: dict[ToolAgent, tuple[Bilingual, Bilingual]] = {
    "car_genius": (
        bi("车辆管家", "Car Genius"),
        bi("实时车况、警示灯解释、保养提醒和远程控制。",
           "Real-time vehicle status, warning lights, service and remote commands."),
    ),
    "travel_companion": (
        bi("出行伙伴", "Travel Companion"),
        bi("电动车行程规划、充电站和餐厅推荐。",
           "EV trip planning, chargers and restaurants chosen for you."),
    ),
}  # fmt: skip


@router.get(
    "/agents",
    summary="The agents and their tools",
    description=(
        "Car Genius and Travel Companion: names and descriptions in both languages, the model "
        "id to ask for on `/compatible-mode/v1`, and every tool the agent can call, with "
        "JSON Schemas of its input and output. `side_effect: true` marks tools that change the "
        "car; the chat asks the driver to confirm them first. Static; the same in every "
        "sandbox. (The example shows one tool per agent, with the schemas' `$defs` inlined.)"
    ),
    responses={200: ok("list_agents")},
)
async def list_agents() -> list[AgentInfo]:
    model_of = {agent: model for model, agent in MODELS.items() if agent is not None}
    return [
        AgentInfo(
            id=agent,
            name=name,
            description=description,
            model=model_of[agent],
            tools=[
                ToolInfo(
                    name=tool.name,
                    description=tool.description,
                    side_effect=tool.side_effect,
                    input_schema=tool.json_schema(),
                    output_schema=tool.output_model.model_json_schema(),
                )
                for tool in tools_of(agent)
            ],
        )
        for agent, (name, description) in _AGENTS.items()
    ]

"""The agents and their tools, with JSON schemas generated from the tools' input models."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from agents.conversation.compat import MODELS
from agents.conversation.tool_specs import openai_tools
from agents.conversation.tools import ToolAgent, tools_of
from agents.locales import LocaleTag, choose_locale
from agents.text import Bilingual, bi
from app.examples import ok
from app.locale import AcceptLanguage, set_content_language
from app.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["agents"])


class ToolInfo(BaseModel):
    name: str = Field(examples=["get_vehicle_status"])
    description: Bilingual
    side_effect: bool = Field(description="Changes the car; the chat asks for a yes first")
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]


class OpenAIFunction(BaseModel):
    name: str = Field(examples=["get_vehicle_status"])
    description: str = Field(description="In the locale asked for")
    parameters: dict[str, Any] = Field(description="The tool's input JSON Schema")


class OpenAITool(BaseModel):
    """One entry of the openai client's `tools=`, ready to send as it is."""

    type: Literal["function"] = "function"
    function: OpenAIFunction


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
        "sandbox. (The example shows one tool per agent, with the schemas' `$defs` inlined.)\n\n"
        "With `?format=openai` the answer is every tool as the openai client's `tools=` takes "
        "it, to send back unchanged to `/compatible-mode/v1/chat/completions` or a real model: "
        "`[{type: function, function: {name, description, parameters}}]`, each description in "
        "the language `?locale=` names (else the best of `Accept-Language`, else `zh`)."
    ),
    responses={200: ok("list_agents"), **problem_responses(422)},
)
async def list_agents(
    response: Response,
    accept_language: AcceptLanguage = None,
    format: Annotated[
        Literal["agents", "openai"],
        Query(description="`agents` (default): the agents with their tools; `openai`: tools="),
    ] = "agents",
    locale: Annotated[
        LocaleTag | None, Query(description="The language of `?format=openai` descriptions")
    ] = None,
) -> list[AgentInfo] | list[OpenAITool]:
    chosen = choose_locale(locale, None, accept_language)
    set_content_language(response, chosen)
    if format == "openai":
        return [OpenAITool.model_validate(spec) for spec in openai_tools(chosen)]
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

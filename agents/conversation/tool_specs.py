"""The one tool registry (`tools.TOOLS`) as clients outside the chat see it.

`GET /v1/agents?format=openai` hands the tools to any OpenAI-style client's `tools=`, and the MCP
server at `/mcp` lists and runs them. Names, descriptions and input schemas are all read from the
registry, never written here. What a client outside a conversation must add is said once, below:
which car (`vehicle_id`, else the sandbox's focus car) and, for a tool that changes the car, the
driver's yes (`confirm: true`); without it nothing is sent and the result says so.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from agents.conversation import tool_results
from agents.conversation.dialogue import command_label
from agents.conversation.tools import (
    TOOLS,
    Tool,
    ToolAgent,
    ToolContext,
    tools_of,
)
from agents.errors import DomainError, InvalidInput
from agents.text import Bilingual, Locale, bi

MAX_VEHICLE_ID_CHARS = 64

# --- OpenAI function specs --------------------------------------------------------------------


def openai_tools(locale: Locale, agent: ToolAgent | None = None) -> list[dict[str, Any]]:
    """`[{"type": "function", "function": {name, description, parameters}}]`, the shape the
    openai client's `tools=` takes, with each description in `locale`."""
    return [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description.pick(locale),
                "parameters": tool.json_schema(),
            },
        }
        for tool in tools_of(agent)
    ]


# --- MCP tool specs ---------------------------------------------------------------------------

VEHICLE_ID = "vehicle_id"
CONFIRM = "confirm"
CLIENT_ARGUMENTS = (VEHICLE_ID, CONFIRM)

_VEHICLE_ID_SCHEMA: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_VEHICLE_ID_CHARS,
    "description": "Which car (GET /v1/vehicles lists them); default: the sandbox's focus car",
    "examples": ["ix3-shanghai"],
}
_CONFIRM_SCHEMA: dict[str, Any] = {
    "type": "boolean",
    "default": False,
    "description": (
        "The driver said yes. Without it nothing is sent: the result asks for confirmation."
    ),
}


class ConfirmationRequired(BaseModel):
    """A car-changing call made without `confirm: true`: nothing was sent."""

    confirmation_required: Literal[True] = True
    tool: str
    vehicle_id: str
    arguments: dict[str, Any] = Field(description="What to send again, with confirm: true")
    question: Bilingual


class ToolFailure(BaseModel):
    """The refusal a tool's domain raised (asleep, in motion, not capable...)."""

    code: str
    message: Bilingual
    hint: str | None = None


def mcp_input_schema(tool: Tool[Any, Any]) -> dict[str, Any]:
    """The tool's own input schema plus `vehicle_id` (and `confirm` if it changes the car)."""
    schema = copy.deepcopy(tool.json_schema())
    properties = schema.setdefault("properties", {})
    properties[VEHICLE_ID] = dict(_VEHICLE_ID_SCHEMA)
    if tool.side_effect:
        properties[CONFIRM] = dict(_CONFIRM_SCHEMA)
    return schema


def mcp_output_schema(tool: Tool[Any, Any]) -> dict[str, Any]:
    """The tool's output model; a car-changing tool may answer ConfirmationRequired instead."""
    if not tool.side_effect:
        schema: dict[str, Any] = tool.output_model.model_json_schema()
        return schema
    union: Any = tool.output_model | ConfirmationRequired  # a type built at run time
    either: dict[str, Any] = TypeAdapter(union).json_schema()
    return {"type": "object", **either}


@dataclass(frozen=True)
class ClientCall:
    """A call as a client outside the chat makes it, split into ours and the tool's arguments."""

    tool: Tool[Any, Any]
    vehicle_id: str | None
    confirm: bool
    arguments: dict[str, Any]


class _ClientArguments(BaseModel):
    vehicle_id: str | None = Field(default=None, min_length=1, max_length=MAX_VEHICLE_ID_CHARS)
    confirm: bool = Field(default=False, strict=True)


def client_call(tool: Tool[Any, Any], arguments: dict[str, Any] | None) -> ClientCall:
    """Split `vehicle_id` and `confirm` off a client's arguments; InvalidInput if they are wrong
    (the tool's own arguments are checked when it runs)."""
    given = dict(arguments or {})
    ours = {name: given.pop(name) for name in CLIENT_ARGUMENTS if name in given}
    if CONFIRM in ours and not tool.side_effect:
        given[CONFIRM] = ours.pop(CONFIRM)  # not ours here: the tool refuses it as unknown
    parsed = _parse_client_arguments(tool, ours)
    return ClientCall(tool, parsed.vehicle_id, parsed.confirm, given)


def _parse_client_arguments(tool: Tool[Any, Any], ours: dict[str, Any]) -> _ClientArguments:
    try:
        return _ClientArguments.model_validate(ours)
    except ValidationError as exc:
        raise InvalidInput(
            bi("工具参数无效。", f"Invalid arguments for {tool.name}."),
            hint=str(exc),
            extra={"errors": exc.errors(include_url=False)},
        ) from exc


@dataclass(frozen=True)
class ToolReport:
    """What a call gave: the structured result and what the assistant would say about it."""

    structured: dict[str, Any]
    speech: Bilingual
    failed: bool = False


def run_for_client(ctx: ToolContext, call: ClientCall) -> ToolReport:
    """Run a call for a client outside the chat. Invalid arguments raise InvalidInput (the
    client's mistake); a refusal by the car's state is reported as a failed result, which a
    model reads and explains. A car-changing tool without `confirm` sends nothing."""
    tool = call.tool
    parsed = tool.parse(call.arguments)
    if tool.side_effect and not call.confirm:
        asked = ConfirmationRequired(
            tool=tool.name,
            vehicle_id=ctx.vehicle_id,
            arguments={**parsed.model_dump(mode="json", exclude_defaults=True), CONFIRM: True},
            question=_question(parsed.model_dump(mode="json")),
        )
        return ToolReport(asked.model_dump(mode="json"), asked.question)
    try:
        result = tool.run(ctx, parsed)
    except DomainError as exc:
        failure = ToolFailure(code=exc.code, message=exc.message, hint=exc.hint)
        return ToolReport({"error": failure.model_dump(mode="json")}, exc.message, failed=True)
    return ToolReport(result.model_dump(mode="json"), result_speech(result))


def _question(arguments: dict[str, Any]) -> Bilingual:
    command = arguments.get("command")
    label = command_label(command) if isinstance(command, dict) else bi("执行这个操作", "do this")
    return bi(
        f"需要确认：要{label.zh}吗？确认后请带 confirm: true 再调用一次。",
        f"Needs confirmation: {label.en}? Call again with confirm: true to send it.",
    )


def result_speech(result: BaseModel) -> Bilingual:
    """What the assistant says about a tool's result, as the chat would say it."""
    said = tool_results.result_speech(result)
    if said is not None:
        return said
    name = type(result).__name__
    return bi(f"{name} 已完成。", f"{name} is done.")


def tool_named(name: str) -> Tool[Any, Any] | None:
    return TOOLS.get(name)

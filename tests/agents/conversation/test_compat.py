from __future__ import annotations

import json

import pytest

from agents.conversation import compat
from agents.conversation.compat import (
    ChatMessage,
    CompatError,
    OfferedTool,
    Reply,
    ToolCall,
    compose_from_tool_results,
    count_tokens,
    pick_tool_call,
)


def offered(name: str, description: str = "") -> OfferedTool:
    return OfferedTool.model_validate(
        {"type": "function", "function": {"name": name, "description": description}}
    )


def test_tool_offered_by_name_is_called_with_json_arguments() -> None:
    call = pick_tool_call("把空调打开到22度", [offered("send_remote_command")], None)
    assert call == ToolCall(
        "call_send_remote_command_0",
        "send_remote_command",
        '{"command":{"type":"climate_start","target_temp_c":22.0}}',
    )


def test_tool_matched_by_purpose_or_not_at_all() -> None:
    lights = offered("dashboard_lamp_lookup", "What a dashboard indicator means")
    call = pick_tool_call("what does the orange engine light mean", [lights], None)
    assert call is not None
    assert call.name == "dashboard_lamp_lookup"
    assert json.loads(call.arguments) == {
        "description": "orange engine light",
        "color": "yellow",
        "system": "engine",
    }
    assert pick_tool_call("what's my range", [offered("get_weather", "Weather")], None) is None


def test_model_agent_limits_the_tools() -> None:
    tools = [offered("find_chargers"), offered("get_vehicle_status")]
    assert pick_tool_call("find a charger", tools, "car_genius") is None
    call = pick_tool_call("find a charger", tools, "travel_companion")
    assert call is not None
    assert call.name == "find_chargers"


def test_final_answer_from_tool_messages() -> None:
    messages = [
        ChatMessage(role="user", content="lock"),
        ChatMessage(
            role="assistant",
            tool_calls=[
                {"id": "c1", "type": "function", "function": {"name": "x", "arguments": "{}"}}
            ],
        ),
        ChatMessage(role="tool", tool_call_id="c1", content='{"error": {"message": "in motion"}}'),
    ]
    assert compose_from_tool_results(messages, "en") == "That didn't work: in motion"
    messages[-1] = ChatMessage(role="tool", tool_call_id="c1", content="42")
    assert compose_from_tool_results(messages, "zh") == "x的结果：42"


def test_token_counts_are_deterministic() -> None:
    assert count_tokens("还能开多远？") == 6
    assert count_tokens("Battery 80%, 497 km.") == 7
    assert count_tokens("") == 0


def test_chunks_carry_role_pieces_finish_and_usage() -> None:
    request = compat.parse_request(
        {
            "model": "incar-auto",
            "messages": [{"role": "user", "content": "hi"}],
            "stream": True,
            "stream_options": {"include_usage": True},
        }
    )
    reply = Reply(None, [ToolCall("call_find_chargers_0", "find_chargers", '{"min_power_kw":150}')])
    chunks = compat.completion_chunks(request, reply, 1780272000)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    head = chunks[1]["choices"][0]["delta"]["tool_calls"][0]
    assert (head["id"], head["function"]) == (
        "call_find_chargers_0",
        {"name": "find_chargers", "arguments": ""},
    )
    pieces = [
        c["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] for c in chunks[2:-2]
    ]
    assert "".join(pieces) == '{"min_power_kw":150}'
    assert chunks[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] == {"prompt_tokens": 4, "completion_tokens": 14, "total_tokens": 18}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
            404,
            "model_not_found",
        ),
        ({"model": "incar-auto", "messages": []}, 400, "empty_array"),
        (
            {"model": "incar-auto", "messages": [{"role": "system", "content": "x"}]},
            400,
            "invalid_request",
        ),
    ],
)
def test_bad_requests(body: object, status: int, code: str) -> None:
    with pytest.raises(CompatError) as failed:
        compat.parse_request(body)
    assert (failed.value.status, failed.value.code) == (status, code)
    assert failed.value.body()["error"]["type"] == "invalid_request_error"

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
    pick_tool_calls,
)
from agents.conversation.model_names import UnknownModel, resolve_model
from agents.conversation.tokens import first_tokens
from agents.conversation.tool_results import phrase_tool_result


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
    assert (
        compose_from_tool_results(messages, "zh") == "“x”已完成，但结果里没有我能读给您听的内容。"
    )


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


# --- Qwen model names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["qwen-plus", "qwen-max", "qwen-turbo", "qwen-flash", "qwen3-max", "qwen3-235b-a22b",
     "qwen3-coder-plus", "qwen-plus-latest", "qwen-max-2025-01-25", "qwen3-next-80b-a3b",
     "qwq-plus"],
)  # fmt: skip
def test_qwen_names_resolve_to_the_auto_agent(name: str) -> None:
    assert resolve_model(name).agent is None
    assert resolve_model(name).thinks_by_default is name.startswith("qwq-")


@pytest.mark.parametrize(
    "name", ["gpt-4o", "qwen", "qwen-", "qwen-pro", "Qwen-Plus", "qwen3-", "qwen3-" + "x" * 60]
)
def test_other_names_are_unknown(name: str) -> None:
    with pytest.raises(UnknownModel):
        resolve_model(name)
    with pytest.raises(CompatError) as refused:
        compat.check_model(name)
    assert (refused.value.status, refused.value.code) == (404, "model_not_found")


def test_our_models_keep_their_agents() -> None:
    assert resolve_model("incar-car-genius").agent == "car_genius"
    assert compat.MODELS == {
        "incar-auto": None,
        "incar-car-genius": "car_genius",
        "incar-travel-companion": "travel_companion",
    }


# --- several commands, one call each ------------------------------------------------------------


def test_each_command_in_a_sentence_gets_its_own_tool_call() -> None:
    calls = pick_tool_calls("锁车，然后把空调打开到22度", [offered("send_remote_command")], None)
    assert [(c.id, json.loads(c.arguments)) for c in calls] == [
        ("call_send_remote_command_0", {"command": {"type": "lock"}}),
        ("call_send_remote_command_1", {"command": {"type": "climate_start", "target_temp_c": 22}}),
    ]


def test_requests_no_offered_tool_fits_are_left_out() -> None:
    tools = [offered("find_chargers")]
    calls = pick_tool_calls("lock the car and find a charger", tools, None)
    assert [(c.name, c.arguments) for c in calls] == [("find_chargers", "{}")]


# --- tool results in any shape ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "en", "zh"),
    [
        (
            '{"soc_pct": 42, "range_km": 180.04, "locked": true}',
            "From the vehicle info: battery at 42%, 180 km of range, the car is locked.",
            "“vehicle info”：电量42%，续航180公里，车门已上锁。",
        ),
        (
            '{"data": {"vehicle": {"battery": {"state_of_charge": 55.5}, "doors_locked": false}}}',
            "From the vehicle info: the car is unlocked, battery at 55.5%.",
            "“vehicle info”：车门未上锁，电量55.5%。",
        ),
        (
            '{"results": [{"name": "Star Charge Hub"}, {"name": "Riverside DC"}]}',
            "From the vehicle info: 2 found: Star Charge Hub, Riverside DC.",
            "“vehicle info”：找到2个结果：Star Charge Hub、Riverside DC。",
        ),
        (
            '{"ok": true}',
            "From the vehicle info: done.",
            "“vehicle info”：已完成。",
        ),
        (
            '{"foo": {"bar": [1, 2, 3]}, "baz": null}',
            "I have the result of the vehicle info, but nothing in it I can read out to you.",
            "“vehicle info”已完成，但结果里没有我能读给您听的内容。",
        ),
        (
            "Doors locked at 08:01.",
            "From the vehicle info: Doors locked at 08:01.",
            "“vehicle info”的结果：Doors locked at 08:01.",
        ),
        (
            '{"soc_pct": NaN, "range_km": "far", "status": "%s"}' % ("x" * 400),
            "I have the result of the vehicle info, but nothing in it I can read out to you.",
            "“vehicle info”已完成，但结果里没有我能读给您听的内容。",
        ),
    ],
)
def test_foreign_tool_results_are_phrased_never_raw_json(content: str, en: str, zh: str) -> None:
    said = phrase_tool_result("c1", "vehicle_info", content)
    assert (said.en, said.zh) == (en, zh)


def test_our_tool_in_another_shape_is_read_for_its_fields() -> None:
    said = phrase_tool_result("call_get_vehicle_status_0", "status", '{"soc_pct": 42}')
    assert said.en == "From vehicle status check: battery at 42%."
    assert "{" not in said.zh


def test_a_deep_document_is_bounded_work() -> None:
    deep = '{"a":' * 5000 + "1" + "}" * 5000  # deeper than json.loads recurses
    said = phrase_tool_result("c1", "x", deep)
    assert "{" not in said.en
    assert len(said.en) < 400


def test_first_tokens_cuts_at_a_token_boundary() -> None:
    assert first_tokens("电量80%，续航497公里。", 4) == "电量80%"
    assert first_tokens("Battery 80%, 497 km.", 2) == "Battery 80"
    assert first_tokens("short", 10) == "short"
    assert first_tokens("anything", 0) == ""


def test_a_cabin_result_is_said_as_the_cabin_tool_says_it() -> None:
    done = {
        "command_id": "cmd-0003",
        "vehicle_id": "ix3-shanghai",
        "type": "seat_heating",
        "status": "executed",
        "seat": "passenger",
        "already": False,
        "speech": {
            "zh": "好的，已打开座椅加热。",
            "en": "Done: passenger seat heating to level 2.",
        },
    }
    said = phrase_tool_result("call_control_cabin_0", "control_cabin", json.dumps(done))
    assert (said.zh, said.en) == (
        "好的，已打开座椅加热。",
        "Done: passenger seat heating to level 2.",
    )
    alerts = phrase_tool_result("c2", "get_alerts", '{"alerts": []}')
    assert alerts.en == "Nothing needs attention right now."

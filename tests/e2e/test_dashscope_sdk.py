"""The official `dashscope` SDK against a real server, with only its base URL changed: plain,
streamed (whole and incremental), tools with their results sent back, thinking, and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dashscope
import pytest
import requests
from dashscope import Generation

from tests.e2e.conftest import running_server

pytestmark = pytest.mark.server

KEY = "sk-dashscope-test"
RANGE_EN = "Battery 80%, 497 km of range."


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    env = {
        "INCAR_API_KEYS": KEY,
        "INCAR_STREAM_FIRST_TOKEN_MS": "0",
        "INCAR_STREAM_CHARS_PER_S": "0",
        "INCAR_FAULT_TIMEOUT_S": "0.2",
    }
    with running_server(env) as base:
        before = dashscope.base_http_api_url
        dashscope.base_http_api_url = f"{base}/api/v1"  # the one change a Qwen app makes
        try:
            yield base
        finally:
            dashscope.base_http_api_url = before


@pytest.fixture
def headers(base_url: str, request: pytest.FixtureRequest) -> dict[str, str]:
    return {"X-Sandbox": f"ds-{request.node.name[:40].replace('_', '-').replace('[', '-')}"[:60]
            .rstrip("]-"), "X-Vehicle-Id": "ix3-shanghai"}  # fmt: skip


def call(headers: dict[str, str], **kwargs: Any) -> Any:
    kwargs.setdefault("model", "qwen-plus")
    kwargs.setdefault("api_key", KEY)
    return Generation.call(headers=headers, **kwargs)


def user(text: str) -> list[Any]:
    return [{"role": "user", "content": text}]


def test_plain_message(headers: dict[str, str]) -> None:
    answer = call(headers, messages=user("还能开多远？"), result_format="message")
    assert answer.status_code == 200
    assert answer.output.choices[0].message.content == "电量80%，续航497公里。"
    assert answer.output.choices[0].finish_reason == "stop"
    assert (answer.usage.input_tokens, answer.usage.output_tokens) == (9, 11)
    assert answer.request_id.startswith("req-")


def test_plain_text_from_a_prompt(headers: dict[str, str]) -> None:
    answer = call(headers, model="qwen3-max", prompt="what's my range?")
    assert answer.status_code == 200
    assert answer.output.text == RANGE_EN


def test_incremental_stream(headers: dict[str, str]) -> None:
    pieces = list(call(headers, messages=user("what's my range?"), stream=True,
                       incremental_output=True))  # fmt: skip
    assert all(p.status_code == 200 for p in pieces)
    assert len(pieces) > 3
    assert "".join(p.output.text for p in pieces) == RANGE_EN
    assert pieces[-1].output.finish_reason == "stop"


def test_whole_text_stream(headers: dict[str, str]) -> None:
    events = list(call(headers, messages=user("what's my range?"), stream=True))
    texts = [e.output.text for e in events]
    assert texts[-1] == RANGE_EN
    assert all(RANGE_EN.startswith(t) for t in texts)
    assert len(events) > 3


def test_sdk_merging_an_incremental_stream(headers: dict[str, str]) -> None:
    """Asked for `incremental_output=False`, the SDK asks for pieces and joins them itself."""
    events = list(call(headers, messages=user("what's my range?"), stream=True,
                       incremental_output=False, result_format="message"))  # fmt: skip
    assert events[-1].output.choices[0].message.content == RANGE_EN


def test_tool_calls_and_results_sent_back(headers: dict[str, str], base_url: str) -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "send_remote_command",
                "description": "Send a remote command to the car",
                "parameters": {"type": "object", "properties": {"command": {"type": "object"}}},
            },
        }
    ]
    messages = user("lock the car and turn on the AC")
    first = call(headers, messages=messages, tools=tools, result_format="message")
    choice = first.output.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert [json.loads(c["function"]["arguments"]) for c in calls] == [
        {"command": {"type": "lock"}},
        {"command": {"type": "climate_start"}},
    ]
    messages.append(choice.message)
    for tool_call in calls:  # the app runs each tool itself, here through the REST API
        command = json.loads(tool_call["function"]["arguments"])["command"]
        sent = requests.post(
            f"{base_url}/v1/vehicles/ix3-shanghai/commands",
            json=command,
            headers={**headers, "Authorization": f"Bearer {KEY}"},
            timeout=10,
        )
        messages.append({"role": "tool", "tool_call_id": tool_call["id"], "content": sent.text})
    final = call(headers, messages=messages, tools=tools, result_format="message")
    assert final.output.choices[0].message.content == (
        "The command was sent (cmd-0001); it will be carried out in a few seconds. "
        "The command was sent (cmd-0002); it will be carried out in a few seconds."
    )


def test_thinking_streams_reasoning_first(headers: dict[str, str]) -> None:
    events = list(call(headers, model="qwen3-235b-a22b", messages=user("what's my range?"),
                       stream=True, incremental_output=True, enable_thinking=True,
                       result_format="message"))  # fmt: skip
    kinds = []
    for event in events:
        message = event.output.choices[0].message
        if message.get("reasoning_content"):
            kinds.append("reasoning")
        if message.content:
            kinds.append("content")
    first_content = kinds.index("content")
    assert first_content > 1
    assert set(kinds[:first_content]) == {"reasoning"}
    assert "reasoning" not in kinds[first_content:]
    assert events[-1].usage.output_tokens_details["reasoning_tokens"] > 0


def header(answer: Any, name: str) -> str | None:
    return {k.lower(): v for k, v in (answer.headers or {}).items()}.get(name)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"api_key": "sk-wrong"}, 401, "InvalidApiKey"),
        ({"model": "qwen-unknown"}, 404, "ModelNotFound"),
        ({"max_tokens": 0}, 400, "InvalidParameter"),
        ({"result_format": "xml"}, 400, "InvalidParameter"),
    ],
)
def test_refusals(headers: dict[str, str], kwargs: dict[str, Any], status: int, code: str) -> None:
    answer = call(headers, messages=user("hi"), **kwargs)
    assert (answer.status_code, answer.code) == (status, code)
    assert answer.message
    assert answer.request_id.startswith("req-")


@pytest.mark.parametrize(
    ("fault", "status", "code"),
    [
        ("429", 429, "Throttling.RateQuota"),
        ("500", 500, "InternalError"),
        ("503", 503, "ServiceUnavailable"),
        ("timeout", 504, "RequestTimeOut"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_faults(headers: dict[str, str], fault: str, status: int, code: str, stream: bool) -> None:
    answer = call({**headers, "X-Sim-Fault": fault}, messages=user("hi"), stream=stream)
    if stream:
        [answer] = list(answer)
    assert (answer.status_code, answer.code) == (status, code)
    if status in (429, 503):
        assert header(answer, "retry-after") == "5"


def test_fault_rule_then_recovery(headers: dict[str, str], base_url: str) -> None:
    rule: dict[str, Any] = {"path_prefix": "/api/", "fault": "429", "remaining": 1}
    auth = {**headers, "Authorization": f"Bearer {KEY}"}
    put = requests.put(f"{base_url}/v1/sim/faults", json={"rules": [rule]}, headers=auth, timeout=5)
    assert put.status_code == 200
    assert call(headers, messages=user("hi")).status_code == 429
    assert call(headers, messages=user("hi")).status_code == 200


def test_dropped_stream_breaks_the_sdk(headers: dict[str, str]) -> None:
    events = call({**headers, "X-Sim-Fault": "drop-stream"}, messages=user("what's my range?"),
                  stream=True, incremental_output=True)  # fmt: skip
    received: list[Any] = []
    with pytest.raises(requests.exceptions.RequestException):
        received.extend(events)
    assert 0 < len(received) < 6
    assert RANGE_EN.startswith("".join(e.output.text for e in received))

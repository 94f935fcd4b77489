"""DashScope's native text generation over HTTP, in process: documents, streams (full and
incremental), thinking, tools, and every refusal in `{code, message, request_id}`."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from agents.conversation.tokens import count_tokens

pytestmark = pytest.mark.anyio

PATH = "/api/v1/services/aigc/text-generation/generation"
FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0", "X-Vehicle-Id": "ix3-shanghai"}
SSE = {**FAST, "X-DashScope-SSE": "enable"}


def ask(text: str, **parameters: Any) -> dict[str, Any]:
    return {
        "model": "qwen-plus",
        "input": {"messages": [{"role": "user", "content": text}]},
        "parameters": parameters,
    }


def events(body: str) -> list[dict[str, Any]]:
    """The `data` of each `result` event, checking the event's framing on the way."""
    found = []
    for number, block in enumerate(body.strip().split("\n\n"), start=1):
        lines = block.splitlines()
        assert lines[:2] == [": HTTP_STATUS/200", "event: result"]
        assert lines[3] == f"id: {number}"
        found.append(json.loads(lines[2].removeprefix("data: ")))
    return found


async def test_message_format(client: httpx.AsyncClient) -> None:
    r = await client.post(
        PATH,
        json=ask("还能开多远？", result_format="message"),
        headers={**FAST, "X-Request-Id": "r1"},
    )
    assert r.status_code == 200
    assert r.headers["content-language"] == "zh-CN"
    assert r.json() == {
        "request_id": "r1",
        "output": {
            "choices": [
                {
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "电量80%，续航497公里。"},
                }
            ]
        },
        "usage": {"input_tokens": 9, "output_tokens": 11, "total_tokens": 20},
    }


async def test_text_format_from_a_prompt(client: httpx.AsyncClient) -> None:
    body = {"model": "qwen3-max", "input": {"prompt": "what's my range?"}}
    r = await client.post(PATH, json=body, headers={**FAST, "X-Request-Id": "r2"})
    assert r.json() == {
        "request_id": "r2",
        "output": {"text": "Battery 80%, 497 km of range.", "finish_reason": "stop"},
        "usage": {"input_tokens": 9, "output_tokens": 9, "total_tokens": 18},
    }


async def test_full_stream_holds_the_whole_text_so_far(client: httpx.AsyncClient) -> None:
    r = await client.post(PATH, json=ask("what's my range?"), headers=SSE)
    assert r.headers["content-type"].startswith("text/event-stream")
    found = events(r.text)
    texts = [e["output"]["text"] for e in found]
    assert texts[-1] == "Battery 80%, 497 km of range."
    assert all(texts[-1].startswith(t) for t in texts)
    assert len(set(texts)) == len(texts) - 1
    assert [e["output"]["finish_reason"] for e in found] == ["null"] * (len(found) - 1) + ["stop"]
    assert found[-1]["usage"]["output_tokens"] == 9


async def test_incremental_stream_holds_only_the_new_piece(client: httpx.AsyncClient) -> None:
    r = await client.post(PATH, json=ask("what's my range?", incremental_output=True), headers=SSE)
    found = events(r.text)
    assert "".join(e["output"]["text"] for e in found) == "Battery 80%, 497 km of range."
    assert len(found) > 3
    assert found[-1]["output"] == {"text": "", "finish_reason": "stop"}
    tokens = [e["usage"]["output_tokens"] for e in found]
    assert tokens == sorted(tokens)
    assert tokens[-1] == 9


async def test_accept_event_stream_streams_too(client: httpx.AsyncClient) -> None:
    headers = {**FAST, "Accept": "text/event-stream"}
    r = await client.post(PATH, json=ask("hi"), headers=headers)
    assert events(r.text)[-1]["output"]["finish_reason"] == "stop"


@pytest.mark.parametrize("incremental", [True, False])
async def test_thinking_streams_reasoning_before_content(
    client: httpx.AsyncClient, incremental: bool
) -> None:
    body = ask("what's my range?", enable_thinking=True, incremental_output=incremental)
    found = events((await client.post(PATH, json=body, headers=SSE)).text)
    messages = [e["output"]["choices"][0]["message"] for e in found]
    if incremental:
        kinds = ["reasoning" if m["reasoning_content"] else "content" for m in messages[:-1]]
    else:  # whole so far: the reasoning grows first, then the content
        kinds = ["content" if m["content"] else "reasoning" for m in messages[:-1]]
    first_content = kinds.index("content")
    assert first_content > 1
    assert set(kinds[:first_content]) == {"reasoning"}
    assert "reasoning" not in kinds[first_content:]
    reasoning = (
        "".join(m["reasoning_content"] for m in messages)
        if incremental
        else messages[-1]["reasoning_content"]
    )
    assert reasoning.startswith("The user asked for: status_range.\nCalled get_vehicle_status")
    details = found[-1]["usage"]["output_tokens_details"]
    assert details == {"reasoning_tokens": count_tokens(reasoning)}
    assert found[-1]["usage"]["output_tokens"] == 9 + count_tokens(reasoning)


async def test_thinking_not_streamed_and_its_budget(client: httpx.AsyncClient) -> None:
    body = ask("what's my range?", enable_thinking=True, thinking_budget=5)
    r = await client.post(PATH, json=body, headers=FAST)
    [choice] = r.json()["output"]["choices"]  # thinking answers as a message
    assert choice["message"]["reasoning_content"] == "The user asked for:"
    assert r.json()["usage"]["output_tokens_details"] == {"reasoning_tokens": 5}


async def test_max_tokens_cuts_the_text(client: httpx.AsyncClient) -> None:
    r = await client.post(PATH, json=ask("what's my range?", max_tokens=3), headers=FAST)
    assert r.json()["output"] == {"text": "Battery 80%", "finish_reason": "length"}
    assert r.json()["usage"]["output_tokens"] == 3


async def test_tool_call_and_results_back(client: httpx.AsyncClient) -> None:
    tools = [{"type": "function", "function": {"name": "get_vehicle_status"}}]
    messages: list[Any] = [{"role": "user", "content": "how much battery do I have"}]
    body = {"model": "qwen-plus", "input": {"messages": messages}, "parameters": {"tools": tools}}
    first = (await client.post(PATH, json=body, headers=FAST)).json()
    [choice] = first["output"]["choices"]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["tool_calls"] == [
        {
            "index": 0,
            "id": "call_get_vehicle_status_0",
            "type": "function",
            "function": {"name": "get_vehicle_status", "arguments": '{"topic":"battery"}'},
        }
    ]
    messages += [
        choice["message"],
        {
            "role": "tool",
            "tool_call_id": "call_get_vehicle_status_0",
            "content": json.dumps({"soc_pct": 42, "range_km": 180}),
        },
    ]
    final = (await client.post(PATH, json=body, headers=FAST)).json()
    assert final["output"]["choices"][0]["message"]["content"] == (
        "From vehicle status check: battery at 42%, 180 km of range."
    )


async def test_streamed_tool_calls_come_whole_in_the_last_event(client: httpx.AsyncClient) -> None:
    tools = [{"type": "function", "function": {"name": "send_remote_command"}}]
    body = ask("lock the car and turn on the AC", tools=tools, incremental_output=True)
    found = events((await client.post(PATH, json=body, headers=SSE)).text)
    [last] = found
    calls = last["output"]["choices"][0]["message"]["tool_calls"]
    assert [c["function"]["arguments"] for c in calls] == [
        '{"command":{"type":"lock"}}',
        '{"command":{"type":"climate_start"}}',
    ]
    assert last["output"]["choices"][0]["finish_reason"] == "tool_calls"


# --- refusals -------------------------------------------------------------------------------------


def refused(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"code", "message", "request_id"}
    assert body["code"] == code
    assert body["request_id"] == r.headers["x-request-id"]
    message: str = body["message"]
    return message


async def test_unknown_model_is_model_not_found(client: httpx.AsyncClient) -> None:
    r = await client.post(PATH, json={**ask("hi"), "model": "gpt-4o"}, headers=SSE)
    assert "'gpt-4o' does not exist" in refused(r, 404, "ModelNotFound")


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"model": "qwen-plus", "input": {}}, "input.messages or input.prompt"),
        ({"model": "qwen-plus", "input": {"prompt": ""}}, "input.messages or input.prompt"),
        ({"model": "qwen-plus"}, "'input'"),
        ({"model": "qwen-plus", "input": {"messages": []}}, "'input.messages'"),
        (
            {"model": "qwen-plus", "input": {"messages": [{"role": "system", "content": "x"}]}},
            "input.messages must contain a user message",
        ),
        ({**ask("hi"), "parameters": {"result_format": "xml"}}, "'parameters.result_format'"),
        ({**ask("hi"), "parameters": {"incremental_output": "yes"}}, "incremental_output"),
        ({**ask("hi"), "parameters": {"max_tokens": 0}}, "'parameters.max_tokens'"),
        ({**ask("hi"), "parameters": {"thinking_budget": 10**9}}, "thinking_budget"),
        ({**ask("hi"), "parameters": {"seed": -1}}, "'parameters.seed'"),
        ({**ask("hi"), "parameters": {"locale": "fr-FR"}}, "'parameters.locale'"),
        ({**ask("x" * 2001)}, "'input.messages[0].content': string too long"),
        ({"model": "qwen-plus", "input": {"prompt": "x" * 2001}}, "'input.prompt'"),
        ({**ask("hi"), "model": "q" * 65}, "'model'"),
        ([1, 2], "Input should be a valid dictionary"),
    ],
)
async def test_bad_requests_are_invalid_parameter(
    client: httpx.AsyncClient, body: Any, named: str
) -> None:
    r = await client.post(PATH, json=body, headers=SSE)
    assert named in refused(r, 400, "InvalidParameter")


async def test_malformed_json_is_invalid_parameter(client: httpx.AsyncClient) -> None:
    for raw in (b"{", b"\xff\xfe", b"[" * 100_000):
        r = await client.post(PATH, content=raw, headers={"Content-Type": "application/json"})
        assert "not valid JSON" in refused(r, 400, "InvalidParameter")


async def test_nan_is_not_a_number_here(client: httpx.AsyncClient) -> None:
    raw = b'{"model":"qwen-plus","input":{"prompt":"hi"},"parameters":{"max_tokens":NaN}}'
    r = await client.post(PATH, content=raw, headers={"Content-Type": "application/json"})
    refused(r, 400, "InvalidParameter")


async def test_unknown_vehicle_is_a_404_before_any_stream(client: httpx.AsyncClient) -> None:
    r = await client.post(PATH, json=ask("hi", vehicle_id="nope"), headers=SSE)
    assert "nope" in refused(r, 404, "InvalidParameter")


async def test_bad_locale_header_is_invalid_parameter(client: httpx.AsyncClient) -> None:
    r = await client.post(PATH, json=ask("hi"), headers={"X-Locale": "klingon"})
    refused(r, 400, "InvalidParameter")


@pytest.mark.parametrize(
    ("fault", "status", "code"),
    [
        ("429", 429, "Throttling.RateQuota"),
        ("500", 500, "InternalError"),
        ("503", 503, "ServiceUnavailable"),
        ("timeout", 504, "RequestTimeOut"),
    ],
)
async def test_faults_in_dashscope_shape(
    client: httpx.AsyncClient, fault: str, status: int, code: str
) -> None:
    r = await client.post(PATH, json=ask("hi"), headers={**SSE, "X-Sim-Fault": fault})
    refused(r, status, code)
    if status in (429, 503):
        assert r.headers["retry-after"] == "5"


async def test_fault_rule_on_the_path(client: httpx.AsyncClient) -> None:
    rule = {"path_prefix": "/api/", "fault": "429", "remaining": 1}
    assert (await client.put("/v1/sim/faults", json={"rules": [rule]})).status_code == 200
    refused(await client.post(PATH, json=ask("hi"), headers=FAST), 429, "Throttling.RateQuota")
    assert (await client.post(PATH, json=ask("hi"), headers=FAST)).status_code == 200


async def test_get_is_not_allowed_in_dashscope_shape(client: httpx.AsyncClient) -> None:
    refused(await client.get(PATH), 405, "InvalidURL")

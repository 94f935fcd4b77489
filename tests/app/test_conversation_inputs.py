"""Bounded input on the conversation surfaces: every limit is enforced with a clear 4xx in the
surface's own error shape, stated in the OpenAPI document, and leaves the server responsive."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest

from agents.conversation import limits as lim
from tests.health import assert_healthy_fast, without_gc

pytestmark = pytest.mark.anyio

COMPLETIONS = "/compatible-mode/v1/chat/completions"
JSON = {"content-type": "application/json"}
DEEP = "[" * 10_000 + "]" * 10_000


def user(text: str) -> dict[str, Any]:
    return {"model": "incar-auto", "messages": [{"role": "user", "content": text}]}


async def openai_error(r: httpx.Response, status: int, code: str, param: str | None) -> str:
    assert r.status_code == status
    error = r.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", code, param)
    message: str = error["message"]
    return message


# --- the reproductions -----------------------------------------------------------------------


async def test_huge_message_is_400_at_once(client: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    r = await client.post(COMPLETIONS, json=user("a" * 400_000))
    assert time.perf_counter() - started < 0.5
    message = await openai_error(r, 400, "string_above_max_length", "messages[0].content")
    assert message == (
        "Invalid 'messages[0].content': string too long. Expected at most 2000 characters for "
        "a user message."
    )
    await assert_healthy_fast(client)


SURROGATE_IN_TEXT = b'{"model":"incar-auto","messages":[{"role":"user","content":"\\ud800"}]}'
SURROGATE_IN_PART = (
    b'{"model":"incar-auto","messages":[{"role":"user","content":'
    b'[{"type":"text","text":"\\udfff x"}]}]}'
)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (SURROGATE_IN_TEXT, "messages[0].content"),
        (SURROGATE_IN_PART, "messages[0].content[0].text"),
    ],
)
async def test_unpaired_surrogate_is_400(
    client: httpx.AsyncClient, body: bytes, param: str
) -> None:
    r = await client.post(COMPLETIONS, content=body, headers=JSON)
    message = await openai_error(r, 400, "invalid_unicode", param)
    assert "not valid Unicode" in message
    await assert_healthy_fast(client)


async def test_paired_surrogates_are_fine(client: httpx.AsyncClient) -> None:
    body = b'{"model":"incar-auto","messages":[{"role":"user","content":"hi \\ud83d\\ude97"}]}'
    r = await client.post(COMPLETIONS, content=body, headers=JSON)
    assert r.status_code == 200


async def test_deep_nesting_is_400_invalid_json(client: httpx.AsyncClient) -> None:
    body = '{"model":"incar-auto","messages":[{"role":"user","content":"hi"}],"x":' + DEEP + "}"
    r = await client.post(COMPLETIONS, content=body.encode(), headers=JSON)
    message = await openai_error(r, 400, "invalid_json", None)
    assert message == "The request body is nested too deeply to parse."
    await assert_healthy_fast(client)


async def test_deep_nesting_is_malformed_json_on_every_v1_body_route(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    routes = [
        (method, re.sub(r"\{[^}]+\}", "x", path))
        for path, ops in spec["paths"].items()
        if path.startswith("/v1/")
        for method, op in ops.items()
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]
    assert len(routes) >= 10
    for method, path in routes:
        r = await client.request(method, path, content=DEEP.encode(), headers=JSON)
        assert (r.status_code, r.json()["code"]) == (400, "MALFORMED_JSON"), (method, path)
        assert "nested" in r.json()["hint"]
    await assert_healthy_fast(client)


async def test_body_sandbox_cannot_reach_another_sandbox(client: httpx.AsyncClient) -> None:
    r = await client.post(COMPLETIONS, json={**user("hi"), "sandbox": "someone-else"})
    message = await openai_error(r, 400, "sandbox_mismatch", "sandbox")
    assert "'someone-else'" in message
    assert "('default')" in message
    # Streamed requests are refused the same way, before any stream starts.
    r = await client.post(COMPLETIONS, json={**user("hi"), "stream": True, "sandbox": "other"})
    await openai_error(r, 400, "sandbox_mismatch", "sandbox")
    # The mismatch is journaled in the sandbox the request was addressed to, not the other.
    journal = (await client.get("/v1/sim/journal", headers={"X-Sandbox": "other"})).json()
    assert journal == []
    journal = (await client.get("/v1/sim/journal")).json()
    assert [e["status"] for e in journal if e["path"] == COMPLETIONS] == [400, 400]
    await assert_healthy_fast(client)


async def test_body_sandbox_naming_the_addressed_one_is_accepted(
    client: httpx.AsyncClient,
) -> None:
    for headers, sandbox in (({}, "default"), ({"X-Sandbox": "tester-a"}, "tester-a")):
        r = await client.post(
            COMPLETIONS, json={**user("还能开多远？"), "sandbox": sandbox}, headers=headers
        )
        assert r.status_code == 200


async def test_empty_messages(client: httpx.AsyncClient) -> None:
    r = await client.post(COMPLETIONS, json={"model": "incar-auto", "messages": []})
    message = await openai_error(r, 400, "empty_array", "messages")
    assert message == (
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
        "empty array instead."
    )
    await assert_healthy_fast(client)


# --- every limit, at and past its maximum -----------------------------------------------------


async def test_user_message_at_and_past_the_limit(client: httpx.AsyncClient) -> None:
    r = await client.post(COMPLETIONS, json=user("好" * lim.MAX_MESSAGE_CHARS))
    assert r.status_code == 200
    r = await client.post(COMPLETIONS, json=user("好" * (lim.MAX_MESSAGE_CHARS + 1)))
    await openai_error(r, 400, "string_above_max_length", "messages[0].content")


@pytest.mark.parametrize(
    ("messages", "param", "code"),
    [
        (
            [{"role": "system", "content": "x" * (lim.MAX_CONTEXT_CHARS + 1)}],
            "messages[0].content",
            "string_above_max_length",
        ),
        (
            [
                {
                    "role": "tool",
                    "tool_call_id": "c",
                    "content": "x" * (lim.MAX_TOOL_RESULT_CHARS + 1),
                }
            ],
            "messages[0].content",
            "string_above_max_length",
        ),
        (
            [{"role": "user", "content": [{"type": "text", "text": "x" * 1500}] * 2}],
            "messages[0].content",
            "string_above_max_length",
        ),
        (
            [{"role": "user", "content": [{"type": "text", "text": "x"}] * 33}],
            "messages[0].content",
            "array_above_max_length",
        ),
        (
            [{"role": "user", "content": "hi"}] * (lim.MAX_MESSAGES + 1),
            "messages",
            "array_above_max_length",
        ),
        (
            [{"role": "assistant", "content": "x" * lim.MAX_CONTEXT_CHARS}] * 8
            + [{"role": "user", "content": "hi"}],
            "messages",
            "context_length_exceeded",
        ),
        (
            [{"role": "tool", "tool_call_id": "c" * (lim.MAX_ID_CHARS + 1), "content": "{}"}],
            "messages[0].tool_call_id",
            "string_above_max_length",
        ),
        (
            [{"role": "assistant", "tool_calls": [{"id": "c", "function": {"name": "f"}}] * 17}],
            "messages[0].tool_calls",
            "array_above_max_length",
        ),
        ([{"role": "wizard", "content": "hi"}], "messages[0].role", "invalid_request"),
        ([{"content": "hi"}], "messages[0].role", "missing_required_parameter"),
    ],
)
async def test_message_limits(
    client: httpx.AsyncClient, messages: list[dict[str, Any]], param: str, code: str
) -> None:
    r = await client.post(COMPLETIONS, json={"model": "incar-auto", "messages": messages})
    await openai_error(r, 400, code, param)


@pytest.mark.parametrize(
    ("extra", "param", "code"),
    [
        (
            {"tools": [{"type": "function", "function": {"name": "f"}}] * (lim.MAX_TOOLS + 1)},
            "tools",
            "array_above_max_length",
        ),
        (
            {"tools": [{"type": "function", "function": {"name": "f" * 65}}]},
            "tools[0].function.name",
            "string_above_max_length",
        ),
        (
            {"tools": [{"function": {"name": "f", "description": "d" * 1025}}]},
            "tools[0].function.description",
            "string_above_max_length",
        ),
        ({"vehicle_id": "v" * 65}, "vehicle_id", "string_above_max_length"),
        ({"model": "m" * 65}, "model", "string_above_max_length"),
    ],
)
async def test_request_limits(
    client: httpx.AsyncClient, extra: dict[str, Any], param: str, code: str
) -> None:
    r = await client.post(COMPLETIONS, json={**user("hi"), **extra})
    await openai_error(r, 400, code, param)


async def test_unicode_checked_in_every_text_field(client: httpx.AsyncClient) -> None:
    body = b'{"model":"\\ud800","messages":[{"role":"user","content":"hi"}]}'
    r = await client.post(COMPLETIONS, content=body, headers=JSON)
    await openai_error(r, 400, "invalid_unicode", "model")


async def test_openapi_states_the_compat_limits(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    body = spec["paths"][COMPLETIONS]["post"]["requestBody"]["content"]["application/json"]
    props = body["schema"]["properties"]
    messages = props["messages"]
    assert (messages["minItems"], messages["maxItems"]) == (1, lim.MAX_MESSAGES)
    by_role = {m["properties"]["role"]["enum"][0]: m for m in messages["items"]["oneOf"]}
    content_max = {
        role: m["properties"]["content"]["anyOf"][0]["maxLength"] for role, m in by_role.items()
    }
    assert content_max == {
        "user": lim.MAX_MESSAGE_CHARS,
        "system": lim.MAX_CONTEXT_CHARS,
        "assistant": lim.MAX_CONTEXT_CHARS,
        "tool": lim.MAX_TOOL_RESULT_CHARS,
    }
    assert props["tools"]["anyOf"][0]["maxItems"] == lim.MAX_TOOLS
    assert props["sandbox"]["anyOf"][0]["maxLength"] == lim.MAX_ID_CHARS
    assert str(lim.MAX_REQUEST_CHARS) in messages["description"]


async def test_openapi_states_the_chat_limits(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    assert schemas["MessageIn"]["properties"]["text"]["maxLength"] == lim.MAX_MESSAGE_CHARS
    assert schemas["SessionCreate"]["properties"]["vehicle_id"]["maxLength"] == lim.MAX_ID_CHARS


# --- chat -------------------------------------------------------------------------------------


async def new_session(client: httpx.AsyncClient) -> str:
    r = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
    sid: str = r.json()["session_id"]
    return sid


async def test_chat_surrogate_and_deep_nesting_are_malformed_json(
    client: httpx.AsyncClient,
) -> None:
    sid = await new_session(client)
    for body in (b'{"text": "\\ud800"}', ('{"text":' + DEEP + "}").encode()):
        for accept in ("application/json", "text/event-stream"):
            r = await client.post(
                f"/v1/chat/sessions/{sid}/messages",
                content=body,
                headers={**JSON, "accept": accept},
            )
            assert (r.status_code, r.json()["code"]) == (400, "MALFORMED_JSON")
    assert (await client.get(f"/v1/chat/sessions/{sid}")).json()["turns"] == 0
    await assert_healthy_fast(client)


async def test_chat_answers_five_requests_and_names_the_rest(client: httpx.AsyncClient) -> None:
    sid = await new_session(client)
    text = "，".join(["锁车", "闪灯", "鸣笛", "还能开多远", "胎压怎么样", "车在哪"])
    r = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": text})
    assert r.status_code == 200
    turn = r.json()
    assert len(turn["answers"]) == lim.MAX_REQUESTS_PER_MESSAGE
    assert turn["speech"].endswith("一次最多处理5个请求，其余1个请再说一遍。")


@pytest.mark.parametrize(
    "unit", ["1", "一", "find food, ", "途经苏州和", "去杭州 and 到上海，", "send ", "add x "]
)
async def test_longest_chat_turns_stay_fast(client: httpx.AsyncClient, unit: str) -> None:
    sid = await new_session(client)
    text = (unit * lim.MAX_MESSAGE_CHARS)[: lim.MAX_MESSAGE_CHARS]
    with without_gc():
        started = time.thread_time()  # CPU time: other processes on the machine don't count
        r = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": text})
        took = time.thread_time() - started
    assert r.status_code == 200
    assert took < 0.1
    await assert_healthy_fast(client)

"""The compatible mode as a Qwen app uses it: Qwen model names, thinking, rate limits and
outages, several commands in one sentence, tool results in any shape (official openai client)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import openai
import pytest
from fastapi import FastAPI

from agents.conversation.tokens import count_tokens

pytestmark = pytest.mark.anyio

FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0", "X-Vehicle-Id": "ix3-shanghai"}
RANGE_ACCOUNT = (
    "The user asked for: status_range.\n"
    "Called get_vehicle_status (topic=range): speed_kmh=0; soc_pct=80; range_km=497; "
    "charging_status=TARGET_REACHED; charge_limit_pct=80."
)


@pytest.fixture
async def ai(app: FastAPI) -> AsyncIterator[openai.AsyncOpenAI]:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    async with openai.AsyncOpenAI(
        base_url="http://incar.test/compatible-mode/v1",
        api_key="sk-test",
        http_client=http,  # type: ignore[arg-type]
        default_headers=FAST,
        max_retries=0,
    ) as client:
        yield client


@pytest.mark.parametrize("model", ["qwen-plus", "qwen3-235b-a22b", "qwen-max-latest"])
async def test_qwen_names_answer_as_the_assistant(ai: openai.AsyncOpenAI, model: str) -> None:
    done = await ai.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "还能开多远？"}]
    )
    assert done.model == model
    assert done.choices[0].message.content == "电量80%，续航497公里。"


async def test_unknown_model_is_a_404_in_openai_shape(ai: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as refused:
        await ai.chat.completions.create(
            model="qwen-ultra", messages=[{"role": "user", "content": "hi"}]
        )
    assert refused.value.code == "model_not_found"


async def test_thinking_streams_reasoning_before_content(ai: openai.AsyncOpenAI) -> None:
    stream = await ai.chat.completions.create(
        model="qwen-plus",
        messages=[{"role": "user", "content": "what's my range?"}],
        stream=True,
        stream_options={"include_usage": True},
        extra_body={"enable_thinking": True},
    )
    chunks = [chunk async for chunk in stream]
    kinds: list[str] = []
    reasoning = content = ""
    for chunk in chunks:
        for choice in chunk.choices:
            delta: Any = choice.delta
            if getattr(delta, "reasoning_content", None):
                kinds.append("reasoning")
                reasoning += delta.reasoning_content
            if delta.content:
                kinds.append("content")
                content += delta.content
    first_content = kinds.index("content")
    assert kinds[:first_content] == ["reasoning"] * first_content
    assert first_content > 1
    assert "reasoning" not in kinds[first_content:]
    assert reasoning == RANGE_ACCOUNT
    assert content == "Battery 80%, 497 km of range."
    usage = chunks[-1].usage
    assert usage is not None
    assert usage.completion_tokens_details is not None
    assert usage.completion_tokens_details.reasoning_tokens == count_tokens(RANGE_ACCOUNT)
    assert usage.completion_tokens == 9 + count_tokens(RANGE_ACCOUNT)


async def test_thinking_not_streamed_and_its_budget(ai: openai.AsyncOpenAI) -> None:
    messages: Any = [{"role": "user", "content": "what's my range?"}]
    done = await ai.chat.completions.create(
        model="qwen-plus", messages=messages, extra_body={"enable_thinking": True}
    )
    message: Any = done.choices[0].message
    assert message.reasoning_content == RANGE_ACCOUNT
    capped = await ai.chat.completions.create(
        model="qwen-plus",
        messages=messages,
        extra_body={"enable_thinking": True, "thinking_budget": 5},
    )
    capped_message: Any = capped.choices[0].message
    assert capped_message.reasoning_content == "The user asked for:"  # 5 tokens, ":" is one
    assert capped.usage is not None
    assert capped.usage.completion_tokens_details is not None
    assert capped.usage.completion_tokens_details.reasoning_tokens == 5
    plain = await ai.chat.completions.create(model="qwen-plus", messages=messages)
    assert getattr(plain.choices[0].message, "reasoning_content", None) is None
    assert plain.usage is not None
    assert plain.usage.completion_tokens_details is None


async def test_qwq_always_thinks_unless_turned_off(ai: openai.AsyncOpenAI) -> None:
    messages: Any = [{"role": "user", "content": "what's my range?"}]
    done = await ai.chat.completions.create(model="qwq-plus", messages=messages)
    assert getattr(done.choices[0].message, "reasoning_content", None) == RANGE_ACCOUNT
    off = await ai.chat.completions.create(
        model="qwq-plus", messages=messages, extra_body={"enable_thinking": False}
    )
    assert getattr(off.choices[0].message, "reasoning_content", None) is None


async def test_thinking_names_the_constraint_that_ruled_results_out(
    ai: openai.AsyncOpenAI,
) -> None:
    done = await ai.chat.completions.create(
        model="qwen-plus",
        messages=[{"role": "user", "content": "find vegetarian food under 30 yuan"}],
        extra_body={"enable_thinking": True},
    )
    assert getattr(done.choices[0].message, "reasoning_content", "") == (
        "The user asked for: find_food.\n"
        'Called find_restaurants (dietary=["vegetarian"], max_budget_cny=30, limit=5): '
        "results=0; ruled out by budget: 4."
    )


@pytest.mark.parametrize(
    ("budget", "enable"), [(0, True), (38_913, True), (1.5, True), ("5", True), (5, "yes")]
)
async def test_bad_thinking_parameters_are_400s(
    client: httpx.AsyncClient, budget: object, enable: object
) -> None:
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json={
            "model": "qwen-plus",
            "messages": [{"role": "user", "content": "hi"}],
            "enable_thinking": enable,
            "thinking_budget": budget,
        },
    )
    assert r.status_code == 400
    assert r.json()["error"]["param"] in ("thinking_budget", "enable_thinking")


async def test_fault_429_raises_rate_limit_error(ai: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.RateLimitError) as limited:
        await ai.chat.completions.create(
            model="qwen-plus",
            messages=[{"role": "user", "content": "hi"}],
            extra_headers={"X-Sim-Fault": "429"},
        )
    assert limited.value.response.headers["retry-after"] == "5"
    assert limited.value.code == "rate_limit_exceeded"


async def test_sandbox_rule_429_then_recovers(
    ai: openai.AsyncOpenAI, client: httpx.AsyncClient
) -> None:
    rule = {"path_prefix": "/compatible-mode/", "fault": "429", "remaining": 1}
    assert (await client.put("/v1/sim/faults", json={"rules": [rule]})).status_code == 200
    messages: Any = [{"role": "user", "content": "hi"}]
    with pytest.raises(openai.RateLimitError):
        await ai.chat.completions.create(model="qwen-plus", messages=messages)
    done = await ai.chat.completions.create(model="qwen-plus", messages=messages)
    assert done.choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("500", openai.InternalServerError),
        ("503", openai.InternalServerError),
        ("timeout", openai.InternalServerError),
    ],
)
async def test_outages_raise_the_clients_errors(
    ai: openai.AsyncOpenAI, fault: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await ai.chat.completions.create(
            model="qwen-plus",
            messages=[{"role": "user", "content": "hi"}],
            extra_headers={"X-Sim-Fault": fault},
        )


async def test_rest_429_is_a_problem_with_retry_after(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles", headers={"X-Sim-Fault": "429"})
    assert r.status_code == 429
    assert r.headers["retry-after"] == "5"
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "RATE_LIMITED"


async def test_a_yes_confirms_each_command_of_the_sentence(
    ai: openai.AsyncOpenAI, client: httpx.AsyncClient
) -> None:
    said = "解锁，然后把空调打开"
    asked = await ai.chat.completions.create(
        model="qwen-plus", messages=[{"role": "user", "content": said}]
    )
    question = asked.choices[0].message.content
    assert question == "确认要解锁车辆吗？确认要打开空调吗？"
    done = await ai.chat.completions.create(
        model="qwen-plus",
        messages=[
            {"role": "user", "content": said},
            {"role": "assistant", "content": question},
            {"role": "user", "content": "好的"},
        ],
    )
    assert done.choices[0].message.content == (
        "好的，已发送解锁车辆的指令（cmd-0001），几秒钟后执行。"
        "好的，已发送打开空调的指令（cmd-0002），几秒钟后执行。"
    )
    sent = (await client.get("/v1/vehicles/ix3-shanghai/commands")).json()
    assert [c["request"]["type"] for c in sent] == ["unlock", "climate_start"]


async def test_a_no_declines_each_command(
    ai: openai.AsyncOpenAI, client: httpx.AsyncClient
) -> None:
    done = await ai.chat.completions.create(
        model="qwen-plus",
        messages=[
            {"role": "user", "content": "unlock the car and turn on the AC"},
            {"role": "assistant", "content": "Shall I unlock the car? Shall I turn on the AC?"},
            {"role": "user", "content": "no"},
        ],
    )
    assert done.choices[0].message.content == (
        "OK, I won't unlock the car. OK, I won't turn on the climate."
    )
    assert (await client.get("/v1/vehicles/ix3-shanghai/commands")).json() == []


async def test_several_commands_come_back_as_several_tool_calls(ai: openai.AsyncOpenAI) -> None:
    tools: Any = [{"type": "function", "function": {"name": "send_remote_command"}}]
    done = await ai.chat.completions.create(
        model="qwen-plus",
        messages=[{"role": "user", "content": "lock the car and turn on the AC"}],
        tools=tools,
    )
    calls: list[Any] = list(done.choices[0].message.tool_calls or [])
    assert [(c.id, c.function.arguments) for c in calls] == [
        ("call_send_remote_command_0", '{"command":{"type":"lock"}}'),
        ("call_send_remote_command_1", '{"command":{"type":"climate_start"}}'),
    ]
    back: Any = [
        {"role": "user", "content": "lock the car and turn on the AC"},
        done.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": calls[0].id, "content": '{"locked": true}'},
        {"role": "tool", "tool_call_id": calls[1].id, "content": "Climate on, 22 °C."},
    ]
    final = await ai.chat.completions.create(model="qwen-plus", messages=back, tools=tools)
    assert final.choices[0].message.content == (
        "From remote command: the car is locked. From remote command: Climate on, 22 °C."
    )

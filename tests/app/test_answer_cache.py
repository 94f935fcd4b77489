"""Repeated completions come from memory only while nothing they read has changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from agents.conversation import compat

pytestmark = pytest.mark.anyio

PATH = "/compatible-mode/v1/chat/completions"


def ask(text: str, *more: str) -> dict[str, Any]:
    messages = [{"role": "user", "content": t} for t in (text, *more)]
    return {"model": "qwen-plus", "messages": messages}


@pytest.fixture
def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The last user message of each request the assistant actually worked out."""
    calls: list[str] = []
    respond: Callable[..., compat.Reply] = compat.respond

    def counting(request: compat.CompletionRequest, *args: Any) -> compat.Reply:
        calls.append(request.messages[-1].text())
        return respond(request, *args)

    monkeypatch.setattr(compat, "respond", counting)
    return calls


async def test_the_same_question_is_answered_once_until_the_car_changes(
    client: httpx.AsyncClient, worked_out: list[str]
) -> None:
    first = await client.post(PATH, json=ask("How far can I drive?"))
    again = await client.post(PATH, json=ask("How far can I drive?"))
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["content-language"] == first.headers["content-language"] == "en"
    assert again.headers["content-type"] == first.headers["content-type"]
    assert worked_out == ["How far can I drive?"]
    patched = await client.patch(
        "/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": 42}}
    )
    assert patched.status_code == 200
    changed = await client.post(PATH, json=ask("How far can I drive?"))
    assert "42%" in changed.json()["choices"][0]["message"]["content"]
    assert len(worked_out) == 2


async def test_a_moved_clock_is_a_new_answer(
    client: httpx.AsyncClient, worked_out: list[str]
) -> None:
    first = await client.post(PATH, json=ask("How far can I drive?"))
    moved = await client.post("/v1/sim/clock", json={"advance_s": 60})
    assert moved.status_code == 200
    later = await client.post(PATH, json=ask("How far can I drive?"))
    assert later.json()["created"] == first.json()["created"] + 60
    assert len(worked_out) == 2


async def test_each_sandbox_car_and_language_has_its_own_answer(
    client: httpx.AsyncClient, worked_out: list[str]
) -> None:
    await client.post(PATH, json=ask("How far can I drive?"))
    other = await client.post(
        PATH, json=ask("How far can I drive?"), headers={"X-Sandbox": "cache-other"}
    )
    i5 = await client.post(
        PATH, json=ask("How far can I drive?"), headers={"X-Vehicle-Id": "i5-hangzhou"}
    )
    zh = await client.post(PATH, json=ask("How far can I drive?"), headers={"X-Locale": "zh-CN"})
    assert [r.status_code for r in (other, i5, zh)] == [200, 200, 200]
    assert len(worked_out) == 4
    assert zh.headers["content-language"] == "zh-CN"


async def test_what_changes_something_is_never_repeated_from_memory(
    client: httpx.AsyncClient, worked_out: list[str]
) -> None:
    for _ in range(2):  # a trip is a new trip each time
        assert (await client.post(PATH, json=ask("plan a trip to Hangzhou"))).status_code == 200
    for _ in range(2):  # a yes to a question is worked out with its history
        said = ask("unlock the car", "yes")
        assert (await client.post(PATH, json=said)).status_code == 200
    assert len(worked_out) == 4
    commands = (await client.get("/v1/vehicles/ix3-shanghai/commands")).json()
    assert [c["request"]["type"] for c in commands] == ["unlock", "unlock"]


DASHSCOPE = "/api/v1/services/aigc/text-generation/generation"


async def test_dashscope_works_a_repeated_request_out_once_with_its_own_request_id(
    client: httpx.AsyncClient, worked_out: list[str]
) -> None:
    body = {"model": "qwen-plus", "input": {"messages": [{"role": "user", "content": "续航多少"}]}}
    first = await client.post(DASHSCOPE, json=body, headers={"X-Request-Id": "req-1"})
    again = await client.post(DASHSCOPE, json=body, headers={"X-Request-Id": "req-2"})
    streamed = await client.post(
        DASHSCOPE, json=body, headers={"X-DashScope-SSE": "enable", "X-Request-Id": "req-3"}
    )
    assert [r.status_code for r in (first, again, streamed)] == [200, 200, 200]
    assert worked_out == ["续航多少"]
    assert first.json()["output"] == again.json()["output"]
    assert first.json()["usage"] == again.json()["usage"]
    assert (first.json()["request_id"], again.json()["request_id"]) == ("req-1", "req-2")
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert first.json()["output"]["text"] in streamed.text

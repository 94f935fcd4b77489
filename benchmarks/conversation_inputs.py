"""Benchmark: the longest the event loop is held by one conversation request of maximum size.

Chat turns (JSON and SSE) and OpenAI-compatible completions (JSON and streamed) with the largest
inputs agents/conversation/limits.py allows, written to be hard on the NLU: long runs of digits,
repeated separators, many requests in one message, mixed Chinese and English, many markers of
places. A monitor task measures the longest stretch the loop went without running it, in CPU
time of the loop's thread. Reports the median of several runs per input, worst input first
(in-process, ASGI). Not a test: run `make bench`.

    python benchmarks/conversation_inputs.py [--runs 3] [--budget-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

import httpx

from agents.conversation import limits as lim
from agents.conversation.tools import TOOLS
from app.main import create_app
from app.settings import Settings

# Units repeated to the maximum length of a message.
HARD_TEXTS = [
    "1",
    "一",
    "twenty ",
    "，",
    "and ",
    "去杭州，",
    "去杭州 and 到上海，",
    "导航去南京然后",
    "plan a trip to hangzhou and ",
    "find food, ",
    "找充电站，",
    "lock the car and ",
    "途经苏州和",
    "send ",
    "add x ",
    "charge to 80% and ",
    "what does the orange engine light mean? ",
    "空调开到22度，",
    "好的，",
    "xlockx chargerx ",
    "a ",
]


def fill(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


class LoopMonitor:
    """The longest the event loop went without running this monitor's task, as CPU time of the
    loop's thread: what an idle machine would take, without the noise of other processes."""

    def __init__(self) -> None:
        self.worst_s = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.thread_time()
        while True:
            await asyncio.sleep(0)
            now = time.thread_time()
            self.worst_s = max(self.worst_s, now - last)
            last = now

    async def __aenter__(self) -> LoopMonitor:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        await asyncio.sleep(0)  # let it take its first reading before the request starts
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.sleep(0)
        assert self._task is not None
        self._task.cancel()


Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def chat_turn(text: str, stream: bool) -> Request:
    async def send(client: httpx.AsyncClient) -> httpx.Response:
        created = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
        sid = created.json()["session_id"]
        headers = {"accept": "text/event-stream"} if stream else {}
        return await client.post(
            f"/v1/chat/sessions/{sid}/messages", json={"text": text}, headers=headers
        )

    return send


def compat(body: dict[str, Any]) -> Request:
    async def send(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post("/compatible-mode/v1/chat/completions", json=body)

    return send


def longest_history(last: str, unit: str) -> list[dict[str, Any]]:
    """The most messages and characters a request may carry, the replayed user messages each
    packed with requests."""
    system = {"role": "system", "content": fill("You are an in-car assistant. ", 8000)}
    earlier = fill(unit, lim.HISTORY_CHARS_REPLAYED // lim.HISTORY_REQUESTS_REPLAYED)
    turns = (lim.MAX_MESSAGES - 2) // 2
    budget = lim.MAX_REQUEST_CHARS - 8000 - len(last) - turns * len(earlier)
    answer = fill("OK. ", min(lim.MAX_CONTEXT_CHARS, budget // turns))
    middle: list[dict[str, Any]] = []
    for _ in range(turns):
        middle += [{"role": "user", "content": earlier}, {"role": "assistant", "content": answer}]
    return [system, *middle, {"role": "user", "content": last}]


def offered_tools() -> list[dict[str, Any]]:
    ours = [
        {"type": "function", "function": {"name": n, "description": t.description.en[:1024]}}
        for n, t in TOOLS.items()
    ]
    filler = [
        {
            "type": "function",
            "function": {"name": f"tool_{i}", "description": fill("charger lamp trip ", 1024)},
        }
        for i in range(lim.MAX_TOOLS - len(ours))
    ]
    return ours + filler


def tool_round_trip(last_user: str) -> list[dict[str, Any]]:
    result = '{"results": [' + ",".join(['{"name": "x", "power_kw": 120}'] * 500) + "]}"
    result = result[: lim.MAX_TOOL_RESULT_CHARS]
    call = {
        "id": "call_find_chargers_0",
        "type": "function",
        "function": {"name": "find_chargers", "arguments": "{}"},
    }
    calls = [{"role": "assistant", "content": None, "tool_calls": [call]}]
    results = [{"role": "tool", "tool_call_id": "call_find_chargers_0", "content": result}] * 3
    return [{"role": "user", "content": last_user}, *calls, *results]


def scenarios() -> dict[str, Request]:
    found: dict[str, Request] = {}
    for unit in HARD_TEXTS:
        text = fill(unit, lim.MAX_MESSAGE_CHARS)
        found[f"chat json   {unit!r}"] = chat_turn(text, stream=False)
        found[f"chat sse    {unit!r}"] = chat_turn(text, stream=True)
        history = longest_history(text, unit)
        for stream in (False, True):
            kind = "stream" if stream else "json  "
            found[f"compat {kind} history {unit!r}"] = compat(
                {"model": "incar-auto", "messages": history, "stream": stream}
            )
        found[f"compat json   tools {unit!r}"] = compat(
            {"model": "incar-auto", "messages": history, "tools": offered_tools()}
        )
        found[f"compat json   tool results {unit!r}"] = compat(
            {"model": "incar-auto", "messages": tool_round_trip(text), "tools": offered_tools()}
        )
    return found


async def measure(runs: int) -> list[tuple[float, str]]:
    settings = Settings(stream_first_token_ms=0, stream_chars_per_s=0, max_chat_sessions=10_000)
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    results: list[tuple[float, str]] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as client:
        for label, send in scenarios().items():
            samples = []
            for _ in range(runs):
                await client.post("/v1/sim/reset")
                async with LoopMonitor() as monitor:
                    response = await send(client)
                if response.status_code != 200:
                    raise SystemExit(f"{label}: {response.status_code} {response.text[:300]}")
                samples.append(monitor.worst_s * 1000)
            results.append((statistics.median(samples), label))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget-ms", type=float, default=50)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    results = sorted(asyncio.run(measure(args.runs)), reverse=True)
    for worst, label in results[: args.top]:
        verdict = "ok" if worst < args.budget_ms else "OVER BUDGET"
        print(f"{label:62} loop held {worst:6.1f} ms  (< {args.budget_ms:g} ms: {verdict})")
    print(f"{len(results)} inputs; the worst held the loop {results[0][0]:.1f} ms")


if __name__ == "__main__":
    main()

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from app.settings import Settings

pytestmark = pytest.mark.anyio

FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}
SSE = {"Accept": "text/event-stream", **FAST}


async def new_session(client: httpx.AsyncClient, locale: str = "en") -> str:
    r = await client.post(
        "/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai", "locale": locale}
    )
    assert r.status_code == 201
    return str(r.json()["session_id"])


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    events: list[tuple[str, dict[str, Any]]] = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((fields["event"], json.loads(fields["data"])))
    return events


async def test_session_lifecycle_and_transcript(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
    assert r.status_code == 201
    body = r.json()
    assert (body["session_id"], body["locale"], body["turns"]) == ("chat-0001", "zh", 0)
    turn = await client.post("/v1/chat/sessions/chat-0001/messages", json={"text": "还能开多远"})
    assert turn.json()["speech"] == "电量80%，续航497公里。"
    assert turn.json()["speech_text"]["en"] == "Battery 80%, 497 km of range."
    got = (await client.get("/v1/chat/sessions/chat-0001")).json()
    assert [(e["role"], e["text"]) for e in got["transcript"]] == [
        ("user", "还能开多远"),
        ("assistant", "电量80%，续航497公里。"),
    ]


async def test_turn_trace_names_tool_arguments_and_fixtures(client: httpx.AsyncClient) -> None:
    sid = await new_session(client)
    turn = (await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "range?"})).json()
    assert turn["intent"] == {
        "name": "status_range",
        "agent": "car_genius",
        "confidence": 0.95,
        "slots": {},
    }
    [step] = turn["trace"]
    assert step["tool"] == "get_vehicle_status"
    assert step["arguments"] == {"topic": "range"}
    assert step["result"]["facts"]["range_km"] == 497
    assert step["sources"] == ["vehicles/ix3-shanghai.json"]


async def test_scenario_changes_the_answer(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/scenario", json={"scenario": "low-battery-expressway"})
    sid = await new_session(client)
    turn = (await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "range?"})).json()
    assert turn["speech"] == "Battery 12%, 62 km of range."
    assert turn["trace"][0]["sources"] == [
        "vehicles/ix3-shanghai.json",
        "scenarios/low-battery-expressway.json",
    ]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"vehicle_id": "nope"}, 404, "VEHICLE_NOT_FOUND"),
        ({"vehicle_id": "ix3-shanghai", "profile_id": "nobody"}, 404, "PROFILE_NOT_FOUND"),
        ({"vehicle_id": "ix3-shanghai", "locale": "fr"}, 422, "VALIDATION_ERROR"),
    ],
)
async def test_bad_session_requests(
    client: httpx.AsyncClient, body: dict[str, str], status: int, code: str
) -> None:
    r = await client.post("/v1/chat/sessions", json=body)
    assert (r.status_code, r.json()["code"]) == (status, code)
    assert r.headers["content-type"] == "application/problem+json"


async def test_unknown_session_names_known_ids(client: httpx.AsyncClient) -> None:
    await new_session(client)
    for r in (
        await client.get("/v1/chat/sessions/chat-9999"),
        await client.post("/v1/chat/sessions/chat-9999/messages", json={"text": "hi"}),
        await client.post("/v1/chat/sessions/chat-9999/messages", json={"text": "hi"}, headers=SSE),
    ):
        assert r.status_code == 404
        assert r.json()["code"] == "SESSION_NOT_FOUND"
        assert r.json()["known"] == ["chat-0001"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
async def test_bad_messages_are_422_and_change_nothing(
    client: httpx.AsyncClient, text: str
) -> None:
    sid = await new_session(client)
    for headers in ({}, SSE):
        r = await client.post(
            f"/v1/chat/sessions/{sid}/messages", json={"text": text}, headers=headers
        )
        assert r.status_code == 422
        assert r.json()["code"] == "VALIDATION_ERROR"
    assert (await client.get(f"/v1/chat/sessions/{sid}")).json()["turns"] == 0


async def test_streamed_turn_events_in_order(client: httpx.AsyncClient) -> None:
    sid = await new_session(client)
    r = await client.post(
        f"/v1/chat/sessions/{sid}/messages", json={"text": "find a charger"}, headers=SSE
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    names = [name for name, _ in events]
    assert names[:4] == ["turn.start", "intent", "tool_call", "tool_result"]
    deltas = [data["text"] for name, data in events if name == "speech.delta"]
    assert len(deltas) > 5
    assert names[-2:] == ["card", "turn.end"]
    assert names == ["turn.start", "intent", "tool_call", "tool_result"] + ["speech.delta"] * len(
        deltas
    ) + ["card", "turn.end"]
    end = events[-1][1]
    assert "".join(deltas) == end["speech"]
    assert events[-2][1] == end["cards"][0]
    assert events[2][1] == {"tool": "find_chargers", "arguments": {"limit": 5}}


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The app under a real uvicorn on a loopback port: ASGITransport buffers whole responses,
    so only a real server shows events arriving one by one."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def test_stream_arrives_incrementally_at_the_paced_speed(live_server: str) -> None:
    headers = {
        "Accept": "text/event-stream",
        "X-Sim-First-Token-Ms": "150",
        "X-Sim-Chars-Per-S": "400",
    }
    arrivals: list[tuple[float, str]] = []
    async with httpx.AsyncClient(base_url=live_server) as live:
        sid = await new_session(live)
        started = time.perf_counter()
        async with live.stream(
            "POST",
            f"/v1/chat/sessions/{sid}/messages",
            json={"text": "how is my car"},
            headers=headers,
        ) as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            async for line in r.aiter_lines():
                if line.startswith("event: "):
                    arrivals.append((time.perf_counter() - started, line.removeprefix("event: ")))
    names = [name for _, name in arrivals]
    assert names[0] == "turn.start"
    assert names[-1] == "turn.end"
    start = arrivals[0][0]
    first_delta = next(t for t, name in arrivals if name == "speech.delta")
    last_delta = max(t for t, name in arrivals if name == "speech.delta")
    # The first token waits 150 ms; the rest of the speech (~100 characters) takes ~0.25 s.
    assert first_delta - start >= 0.14
    assert last_delta - first_delta >= 0.15
    delta_times = [t for t, name in arrivals if name == "speech.delta"]
    assert len({round(t, 2) for t in delta_times}) > 5  # not one burst


async def test_settings_pace_and_header_override(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    assert settings.stream_first_token_ms == 400
    sid = await new_session(client)
    r = await client.post(
        f"/v1/chat/sessions/{sid}/messages",
        json={"text": "hi"},
        headers={"Accept": "text/event-stream", "X-Sim-Chars-Per-S": "-1"},
    )
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_SIM_HEADER")


async def test_chinese_session_streams_chinese(client: httpx.AsyncClient) -> None:
    sid = await new_session(client, "zh")
    r = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "解锁"}, headers=SSE)
    deltas = [d["text"] for name, d in parse_sse(r.text) if name == "speech.delta"]
    assert deltas == ["确认", "要解", "锁车", "辆吗", "？"]


async def test_sessions_are_per_sandbox(client: httpx.AsyncClient) -> None:
    await new_session(client)
    r = await client.get("/v1/chat/sessions/chat-0001", headers={"X-Sandbox": "other"})
    assert r.status_code == 404
    assert r.json()["known"] == []

"""`X-Sim-Fault: drop-stream`: the stream breaks off like a network would, never ends cleanly.

In process, the app raises StreamDropped once the response has started; a recorder between the
client and the app shows what the server was given before that: the first part of the stream and
no final body message (under uvicorn: no terminating chunk, see tests/e2e/test_uvicorn_server.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

from app.sse import QuietDrops, StreamDropped

pytestmark = pytest.mark.anyio

FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}
CHAT_SSE = {"Accept": "text/event-stream", **FAST}
DROP = {"X-Sim-Fault": "drop-stream"}
COMPLETION = {
    "model": "incar-auto",
    "messages": [{"role": "user", "content": "how far can I go?"}],
    "stream": True,
    "vehicle_id": "ix3-shanghai",
}


class Recorder:
    """Passes everything through, keeping what the app sent for the latest request."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.sent: list[Message] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.sent = []

        async def record(message: Message) -> None:
            self.sent.append(message)
            await send(message)

        await self.app(scope, receive, record)

    def unfinished_body(self) -> str:
        """The body so far; fails if the response was ended (a final `more_body: False`)."""
        assert self.sent[0]["type"] == "http.response.start"
        assert self.sent[0]["status"] == 200
        bodies = self.sent[1:]
        assert all(m["type"] == "http.response.body" and m["more_body"] for m in bodies)
        return b"".join(m["body"] for m in bodies).decode()


@pytest.fixture
def recorder(app: FastAPI) -> Recorder:
    return Recorder(app)


@pytest.fixture
async def recorded(recorder: Recorder) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=recorder)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as c:
        yield c


def sse_blocks(text: str) -> list[dict[str, str]]:
    return [
        dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        for block in text.strip().split("\n\n")
        if block
    ]


async def chat_turn(client: httpx.AsyncClient, sandbox: str, headers: dict[str, str]) -> str:
    """A fresh sandbox's first turn, so any two sandboxes stream the very same events."""
    box = {"X-Sandbox": sandbox}
    r = await client.post(
        "/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai", "locale": "en"}, headers=box
    )
    turn = await client.post(
        f"/v1/chat/sessions/{r.json()['session_id']}/messages",
        json={"text": "find a charger"},
        headers={**CHAT_SSE, **box, **headers},
    )
    return turn.text


async def test_chat_stream_breaks_after_its_first_half(
    recorded: httpx.AsyncClient, recorder: Recorder
) -> None:
    full = sse_blocks(await chat_turn(recorded, "whole", {}))
    with pytest.raises(StreamDropped):
        await chat_turn(recorded, "dropped", DROP)
    dropped = sse_blocks(recorder.unfinished_body())
    assert (len(full), full[-1]["event"]) == (37, "turn.end")
    assert dropped == full[:18]  # every event before the cut arrived, none after it


async def test_compat_stream_breaks_before_done(
    recorded: httpx.AsyncClient, recorder: Recorder
) -> None:
    whole = await recorded.post(
        "/compatible-mode/v1/chat/completions", json=COMPLETION, headers=FAST
    )
    full = sse_blocks(whole.text)
    with pytest.raises(StreamDropped):
        await recorded.post(
            "/compatible-mode/v1/chat/completions", json=COMPLETION, headers={**FAST, **DROP}
        )
    dropped = sse_blocks(recorder.unfinished_body())
    assert full[-1] == {"data": "[DONE]"}
    chunks = len(full) - 1
    assert chunks == 6
    assert dropped == full[: chunks // 2]
    assert [json.loads(b["data"])["object"] for b in dropped] == ["chat.completion.chunk"] * 3


async def test_telemetry_breaks_after_the_first_frame(
    recorded: httpx.AsyncClient, recorder: Recorder
) -> None:
    with pytest.raises(StreamDropped):
        await recorded.get(
            "/v1/vehicles/ix3-shanghai/telemetry", params={"interval_ms": 50}, headers=DROP
        )
    (only,) = sse_blocks(recorder.unfinished_body())
    assert (only["event"], only["id"]) == ("telemetry", "1")
    assert json.loads(only["data"])["vehicle_id"] == "ix3-shanghai"


async def test_a_sandbox_fault_rule_drops_streams_too(
    recorded: httpx.AsyncClient, recorder: Recorder
) -> None:
    box = {"X-Sandbox": "flaky"}
    rule = {"path_prefix": "/v1/vehicles", "fault": "drop-stream", "remaining": 1}
    r = await recorded.put("/v1/sim/faults", json={"rules": [rule]}, headers=box)
    assert r.status_code == 200
    url = "/v1/vehicles/ix3-shanghai/telemetry"
    with pytest.raises(StreamDropped):
        await recorded.get(url, params={"interval_ms": 50}, headers=box)
    assert len(sse_blocks(recorder.unfinished_body())) == 1
    # The rule is used up: the next stream runs to its end.
    ok = await recorded.get(url, params={"interval_ms": 50, "max_frames": 1}, headers=box)
    assert (ok.status_code, len(sse_blocks(ok.text))) == (200, 1)
    journal = (await recorded.get("/v1/sim/journal", headers=box)).json()
    assert [(e["path"], e["status"], e["fault"]) for e in journal if e["path"] == url] == [
        (url, 200, "drop-stream"),
        (url, 200, None),
    ]


async def test_json_answers_ignore_drop_stream(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles/ix3-shanghai", headers=DROP)
    assert r.status_code == 200
    done = await client.post(
        "/compatible-mode/v1/chat/completions", json={**COMPLETION, "stream": False}, headers=DROP
    )
    assert done.json()["choices"][0]["finish_reason"] == "stop"


def test_the_intended_drop_leaves_no_traceback_in_the_log() -> None:
    quiet = QuietDrops()

    def record(exc: BaseException | None) -> logging.LogRecord:
        exc_info = (type(exc), exc, None) if exc is not None else None
        return logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application\n", (),
            exc_info,
        )  # fmt: skip

    assert quiet.filter(record(StreamDropped("X-Sim-Fault: drop-stream"))) is False
    assert quiet.filter(record(RuntimeError("a real bug"))) is True
    assert quiet.filter(record(None)) is True

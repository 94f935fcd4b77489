"""The real thing: `incar serve` under uvicorn on a loopback port, spoken to over TCP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletionChunk, ChatCompletionMessageParam

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[2]
FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}
DROP = {"X-Sim-Fault": "drop-stream"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            httpx.get(f"{base}/healthz", timeout=0.5)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TimeoutError("server did not start")


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's stderr: uvicorn's own log (the access log goes to stdout)."""
    return tmp_path_factory.mktemp("server") / "stderr.log"


@pytest.fixture(scope="module")
def server(server_log: Path) -> Iterator[str]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "app.cli",
        "serve",
        "--port",
        str(port),
        "--scenario",
        "morning-commute",
    ]
    with server_log.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serves_over_tcp_with_the_chosen_scenario(server: str) -> None:
    with httpx.Client(base_url=server) as c:
        assert c.get("/healthz").json()["status"] == "ok"
        snap = c.get("/v1/vehicles/ix3-shanghai")
        assert snap.status_code == 200
        assert snap.json()["state"]["motion"]["speed_kmh"] == 45.0
        cached = c.get("/v1/vehicles/ix3-shanghai", headers={"If-None-Match": snap.headers["etag"]})
        assert cached.status_code == 304
        cors = c.options(
            "/v1/vehicles",
            headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET"},
        )
        assert cors.headers["access-control-allow-origin"] in ("*", "http://localhost:5173")


def drain(lines: Iterator[str], into: list[str]) -> None:
    into.extend(lines)


def read_until_broken(response: httpx.Response) -> list[str]:
    """The lines of a stream that must break: RemoteProtocolError, never a clean end."""
    lines: list[str] = []
    with pytest.raises(httpx.RemoteProtocolError, match="incomplete chunked read"):
        drain(response.iter_lines(), lines)
    return lines


def events_of(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith(("event: ", "data: "))]


@contextmanager
def chat_turn(c: httpx.Client, sandbox: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
    """A fresh sandbox's first turn, as a stream: any two sandboxes stream the same events."""
    box = {"X-Sandbox": sandbox}
    body = {"vehicle_id": "ix3-shanghai", "locale": "en"}
    sid = c.post("/v1/chat/sessions", json=body, headers=box).json()["session_id"]
    with c.stream(
        "POST",
        f"/v1/chat/sessions/{sid}/messages",
        json={"text": "find a charger"},
        headers={"Accept": "text/event-stream", **FAST, **box, **headers},
    ) as response:
        yield response


def test_drop_stream_breaks_the_connection(server: str, server_log: Path) -> None:
    with httpx.Client(base_url=server, timeout=10) as c:
        with chat_turn(c, "drops-whole", {}) as r:
            full = events_of(list(r.iter_lines()))
        with chat_turn(c, "drops", DROP) as r:
            assert r.status_code == 200
            dropped = events_of(read_until_broken(r))
        assert (len(full), full[-2]) == (2 * 26, "event: turn.end")  # 26 events, 2 lines each
        assert dropped == full[: 2 * 13]  # every event before the cut arrived, then the break
        telemetry = "/v1/vehicles/ix3-shanghai/telemetry"
        with c.stream("GET", telemetry, params={"interval_ms": 50}, headers=DROP) as r:
            frames = [line for line in read_until_broken(r) if line.startswith("event: ")]
        assert frames == ["event: telemetry"]
        # The broken connection is not reused: the next request gets its answer.
        assert c.get("/healthz").status_code == 200
    assert "Traceback" not in server_log.read_text(encoding="utf-8")


def stream_all(ai: openai.OpenAI, into: list[ChatCompletionChunk]) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "how far can I go?"}]
    into.extend(ai.chat.completions.create(model="incar-auto", messages=messages, stream=True))


def test_drop_stream_fault_rule_breaks_the_openai_client(server: str, server_log: Path) -> None:
    box = {"X-Sandbox": "flaky"}
    rule = {"path_prefix": "/compatible-mode", "fault": "drop-stream", "remaining": 1}
    assert httpx.put(f"{server}/v1/sim/faults", json={"rules": [rule]}, headers=box).is_success
    ai = openai.OpenAI(
        base_url=f"{server}/compatible-mode/v1",
        api_key="sk-test",
        default_headers={**box, **FAST, "X-Vehicle-Id": "ix3-shanghai"},
        max_retries=0,
    )
    chunks: list[ChatCompletionChunk] = []
    with pytest.raises(openai.APIError):
        stream_all(ai, chunks)
    assert len(chunks) == 3
    # The rule is used up: the same request now streams to its end.
    whole: list[ChatCompletionChunk] = []
    stream_all(ai, whole)
    assert (len(whole), whole[-1].choices[0].finish_reason) == (6, "stop")
    assert [c.model_dump() for c in chunks] == [c.model_dump() for c in whole[:3]]
    assert "Traceback" not in server_log.read_text(encoding="utf-8")


def test_broken_fixture_stops_start_up_with_a_clear_message(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    bad = tmp_path / "fixtures" / "vehicles" / "ix3-shanghai.json"
    bad.write_text(bad.read_text(encoding="utf-8").replace('"soc_pct": 80', '"soc_pct": 180'))
    cmd = [
        sys.executable,
        "-m",
        "app.cli",
        "serve",
        "--port",
        str(free_port()),
        "--fixtures",
        str(tmp_path / "fixtures"),
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert (
        f"{bad}: $.state.battery.soc_pct: Input should be less than or equal to 100" in done.stderr
    )

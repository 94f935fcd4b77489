"""SIGTERM with streams open: `incar serve` ends them and exits, instead of waiting for clients."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_uvicorn_server import ROOT, free_port, wait_until_up

pytestmark = pytest.mark.server

EXIT_WITHIN_S = 5


class Reader(threading.Thread):
    """Reads one stream to its end in the background; `lines` and how it ended."""

    def __init__(
        self,
        method: str,
        url: str,
        json: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(daemon=True)
        self.method, self.url, self.json, self.headers = method, url, json, headers
        self.lines: list[str] = []
        self.error: Exception | None = None
        self.started_streaming = threading.Event()

    def run(self) -> None:
        try:
            with httpx.stream(
                self.method, self.url, json=self.json, headers=self.headers, timeout=30
            ) as r:
                for line in r.iter_lines():
                    self.lines.append(line)
                    self.started_streaming.set()
        except httpx.HTTPError as exc:
            self.error = exc

    def events(self) -> list[str]:
        return [line for line in self.lines if line.startswith("event: ")]


def test_sigterm_ends_open_streams_and_exits(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "stderr.log"
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    with log.open("wb") as stderr:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        wait_until_up(base, proc)
        # A frozen clock and a minute between checks: this stream never ends by itself.
        telemetry = Reader("GET", f"{base}/v1/vehicles/ix3-shanghai/telemetry?interval_ms=60000")
        session = httpx.post(f"{base}/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
        # A character a second: this answer would take minutes.
        chat = Reader(
            "POST",
            f"{base}/v1/chat/sessions/{session.json()['session_id']}/messages",
            json={"text": "find a charger"},
            headers={
                "Accept": "text/event-stream",
                "X-Sim-First-Token-Ms": "0",
                "X-Sim-Chars-Per-S": "1",
            },
        )
        for reader in (telemetry, chat):
            reader.start()
            assert reader.started_streaming.wait(10)
        time.sleep(0.3)  # the chat stream is now pacing its speech
        assert "event: turn.end" not in chat.events()

        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        took = time.monotonic() - started
        telemetry.join(5)
        chat.join(5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print(f"exited {took:.2f} s after SIGTERM")
    assert took < EXIT_WITHIN_S
    # uvicorn re-raises the caught SIGTERM once it has shut down cleanly.
    assert proc.returncode == -signal.SIGTERM
    # Both streams ended properly (no broken connection): telemetry with its one frame, the chat
    # answer complete, its remaining speech sent at once.
    assert (telemetry.error, telemetry.events()) == (None, ["event: telemetry"])
    assert (chat.error, chat.events()[-1]) == (None, "event: turn.end")
    # They ended themselves: uvicorn did not have to cancel them at its graceful timeout.
    server_log = log.read_text(encoding="utf-8")
    assert "Shutting down" in server_log
    assert "timeout graceful shutdown exceeded" not in server_log
    assert "Traceback" not in server_log

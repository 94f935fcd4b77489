"""The real thing: `incar serve` under uvicorn on a loopback port, spoken to over TCP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


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
def server() -> Iterator[str]:
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
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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

"""`incar cluster`: 2 workers behind a real HAProxy, sharded by sandbox.

Needs Debian's `haproxy`; without it the tests skip, unless INCAR_REQUIRE_HAPROXY=1 (CI), where
a missing haproxy is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.cluster import render_config, worker_ports

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
CAR = "i5-hangzhou"  # parked and unplugged: its SoC changes only when patched
SANDBOXES = [f"cl-{k:02d}" for k in range(50)]


def soc_of(k: int) -> float:
    return 10.5 + k  # a different SoC in every sandbox, none a fixture's whole number


@pytest.fixture(scope="module")
def haproxy() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found is None:
        reason = "haproxy not installed: apt-get install haproxy"
        if os.environ.get("INCAR_REQUIRE_HAPROXY") == "1":
            pytest.fail(f"INCAR_REQUIRE_HAPROXY=1 but {reason}")
        pytest.skip(reason)
    return found


def free_port_run(count: int) -> int:
    """A port P with P..P+count-1 all free on loopback."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base: int = s.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            held = []
            for p in range(base, base + count):
                sock = socket.socket()
                held.append(sock)
                sock.bind(("127.0.0.1", p))
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
        return base
    raise RuntimeError("no run of free ports")


@pytest.fixture(scope="module")
def cluster(haproxy: str) -> Iterator[tuple[str, list[int], subprocess.Popen[bytes]]]:
    port = free_port_run(3)
    cmd = [sys.executable, "-m", "app.cli", "cluster", "--workers", "2", "--port", str(port)]
    cmd += ["--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"incar cluster exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("incar cluster did not answer /healthz in 30 s")
            time.sleep(0.1)
        yield base, worker_ports(port, 2), proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_the_rendered_config_is_valid_haproxy(haproxy: str, tmp_path: Path) -> None:
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config("127.0.0.1:18000", [18001, 18002, 18003]))
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_fifty_sandboxes_through_the_proxy(
    cluster: tuple[str, list[int], subprocess.Popen[bytes]],
) -> None:
    base, ports, _ = cluster
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=10) as c:  # one keep-alive connection for all
        for k, name in enumerate(SANDBOXES):
            r = c.patch(
                f"/v1/sim/vehicles/{CAR}/state",
                content=json.dumps({"battery": {"soc_pct": soc_of(k)}}),
                headers={"X-Sandbox": name, "Content-Type": "application/merge-patch+json"},
            )
            assert r.status_code == 200, r.text
        for k, name in enumerate(SANDBOXES):
            by_header = c.get(f"/v1/vehicles/{CAR}", headers={"X-Sandbox": name})
            by_query = c.get(f"/v1/vehicles/{CAR}", params={"sandbox": name})
            assert by_header.json()["state"]["battery"]["soc_pct"] == soc_of(k)
            assert by_query.content == by_header.content
        # The default sandbox, untouched by the writes, and the console, through the proxy.
        default_soc = c.get(f"/v1/vehicles/{CAR}").json()["state"]["battery"]["soc_pct"]
        assert default_soc not in {soc_of(k) for k in range(len(SANDBOXES))}
        console = c.get("/")
        assert console.status_code == 200
        assert console.headers["content-type"].startswith("text/html")
        # Export names its sandbox in the path: it reaches the worker that holds it.
        exported = c.get("/v1/sim/sandboxes/cl-07/export", headers={"X-Sandbox": "cl-07"})
        assert exported.status_code == 200, exported.text
    # Each worker holds its own share: disjoint, both non-empty, together all fifty.
    held = [
        {s["name"] for s in httpx.get(f"http://127.0.0.1:{p}/v1/sim/sandboxes").json()}
        for p in ports
    ]
    ours = [h & set(SANDBOXES) for h in held]
    assert all(ours), f"a worker got none of the sandboxes: {[len(o) for o in ours]}"
    assert not ours[0] & ours[1]
    assert ours[0] | ours[1] == set(SANDBOXES)
    assert time.monotonic() - started < 10


def test_a_telemetry_stream_by_query_through_the_proxy(
    cluster: tuple[str, list[int], subprocess.Popen[bytes]],
) -> None:
    base, _, _ = cluster
    name, soc = "cl-stream", 42.5
    httpx.patch(
        f"{base}/v1/sim/vehicles/{CAR}/state",
        content=json.dumps({"battery": {"soc_pct": soc}}),
        headers={"X-Sandbox": name, "Content-Type": "application/merge-patch+json"},
    ).raise_for_status()
    url = f"{base}/v1/vehicles/{CAR}/telemetry"
    params = {"sandbox": name, "max_frames": "2", "interval_ms": "50"}
    frames = []
    with httpx.stream("GET", url, params=params, timeout=10) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        # The second frame comes only after the clock moves: move it, through the proxy too.
        for line in r.iter_lines():
            if line.startswith("data:"):
                frames.append(json.loads(line[5:]))
                if len(frames) == 1:
                    httpx.post(
                        f"{base}/v1/sim/clock",
                        json={"advance_s": 60},
                        headers={"X-Sandbox": name},
                    ).raise_for_status()
    assert [f["soc_pct"] for f in frames] == [soc, soc]
    assert frames[1]["as_of"] > frames[0]["as_of"]


def test_sigterm_stops_haproxy_and_every_worker(
    cluster: tuple[str, list[int], subprocess.Popen[bytes]],
) -> None:
    base, ports, proc = cluster
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
    for port in [int(base.rsplit(":", 1)[1]), *ports]:
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)

"""Benchmark: `GET /v1/vehicles/{id}` against a bare Starlette route serving the same bytes.

Both run under the same uvicorn settings on loopback ports and are loaded with wrk (Debian's
package) at 32 connections, one after the other in the same run, so the ratio is meaningful on a
noisy machine. Prints requests/s, p99 latency and the ratio. Not a test: run `make bench`.

    python benchmarks/vehicle_reads.py [--duration 10] [--vehicle ix3-shanghai]
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = """
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
import pathlib
BODY = pathlib.Path({body_path!r}).read_bytes()
async def vehicle(request):
    return Response(BODY, media_type="application/json")
app = Starlette(routes=[Route("/v1/vehicles/{{vehicle_id}}", vehicle)])
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(app: str, port: int, cwd: Path, factory: bool) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--log-level", "warning"]
    cmd += ["--no-access-log"] + (["--factory"] if factory else [])
    proc = subprocess.Popen(cmd, cwd=cwd)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/vehicles/x", timeout=0.5)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server on port {port} did not start")


def wrk(url: str, duration: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99 is not None, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rps, float(p99.group(1)) * scale


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--vehicle", default="ix3-shanghai")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    path = f"/v1/vehicles/{args.vehicle}"
    sim_port, bare_port = free_port(), free_port()
    sim = start("app.main:create_app", sim_port, ROOT, factory=True)
    try:
        body = httpx.get(f"http://127.0.0.1:{sim_port}{path}").content
        tmp = ROOT / "build"
        tmp.mkdir(exist_ok=True)
        (tmp / "body.json").write_bytes(body)
        (tmp / "bare_app.py").write_text(BARE_APP.format(body_path=str(tmp / "body.json")))
        bare = start("bare_app:app", bare_port, tmp, factory=False)
        try:
            print(f"snapshot: {len(body)} bytes; wrk -t2 -c32 -d{args.duration}s")
            results: dict[str, list[tuple[float, float]]] = {"incar-sim": [], "starlette": []}
            for _ in range(args.rounds):  # interleaved, so drift hits both alike
                results["starlette"].append(
                    wrk(f"http://127.0.0.1:{bare_port}{path}", args.duration)
                )
                results["incar-sim"].append(
                    wrk(f"http://127.0.0.1:{sim_port}{path}", args.duration)
                )
            for name, runs in results.items():
                rps = sum(r for r, _ in runs) / len(runs)
                p99 = max(p for _, p in runs)
                print(f"{name:10} {rps:10.0f} req/s   p99 {p99:6.2f} ms")
            ratio = sum(r for r, _ in results["incar-sim"]) / sum(
                r for r, _ in results["starlette"]
            )
            print(f"ratio incar-sim / bare starlette: {ratio:.2f}x")
        finally:
            bare.terminate()
            bare.wait()
    finally:
        sim.terminate()
        sim.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: `GET /v1/vehicles/{id}` from `incar serve` as shipped, against a bare Starlette route
serving the same bytes, plus the cold start-up time.

`incar serve` starts exactly as `make run` starts it (`.venv/bin/incar serve --host 127.0.0.1
--port P`, its default log level and access log), because users get the shipped default. The
bare app runs under plain uvicorn with the access log off: the ceiling. Both are loaded with wrk
(Debian's package) at 32 connections, alternating in the same run so drift hits both alike.
Prints requests/s, p99 latency, the ratio and the time from spawning `incar serve` to its first
`/healthz` 200. On a shared machine wrk's req/s move with the neighbours' load, so it also prints
each server's CPU time per request (from /proc), which they hardly move: the ratio of those is
the honest one when the machine is busy. Not a test: run `make bench`.

    python benchmarks/vehicle_reads.py [--duration 10] [--rounds 2] [--vehicle ix3-shanghai]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
INCAR = ROOT / ".venv" / "bin" / "incar"
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


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 30) -> float:
    """Seconds until `url` answers (any status); raises if the process dies or never answers."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args!r} exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=0.5)
            return time.monotonic() - started
        except httpx.TransportError:
            time.sleep(0.01)
    proc.kill()
    raise SystemExit(f"{url} did not answer in {timeout_s:g} s")


def start_incar(port: int) -> tuple[subprocess.Popen[bytes], float]:
    """`incar serve` as `make run` starts it; with the seconds to its first /healthz."""
    cmd = [str(INCAR), "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, wait_up(f"http://127.0.0.1:{port}/healthz", proc)


def start_bare(port: int, cwd: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", "bare_app:app", "--port", str(port)]
    cmd += ["--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=cwd)
    wait_up(f"http://127.0.0.1:{port}/v1/vehicles/x", proc)
    return proc


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url: str, duration: int, pid: int) -> tuple[float, float, float]:
    """(requests/s, p99 ms, server CPU µs per request) of wrk -t2 -c32 against `url`."""
    before = cpu_s(pid)
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    used = cpu_s(pid) - before
    rps, p99 = parse_wrk(out)
    total = re.search(r"(\d+) requests in", out)
    count = int(total.group(1)) if total else 0
    return rps, p99, used / max(1, count) * 1e6


def parse_wrk(out: str) -> tuple[float, float]:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    if rps is None or p99 is None:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return float(rps.group(1)), float(p99.group(1)) * scale


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
    sim, startup_s = start_incar(sim_port)
    try:
        body = httpx.get(f"http://127.0.0.1:{sim_port}{path}").content
        with tempfile.TemporaryDirectory(prefix="incar-bench-") as tmp_dir:
            tmp = Path(tmp_dir)
            (tmp / "body.json").write_bytes(body)
            (tmp / "bare_app.py").write_text(BARE_APP.format(body_path=str(tmp / "body.json")))
            bare = start_bare(bare_port, tmp)
            try:
                results = measure(args, path, sim, bare, (sim_port, bare_port))
            finally:
                stop(bare)
    finally:
        stop(sim)
    print(f"start-up: `incar serve` answered /healthz {startup_s:.2f} s after it was spawned")
    print(f"snapshot: {len(body)} bytes; wrk -t2 -c32 -d{args.duration}s x {args.rounds} rounds")
    for name, runs in results.items():
        rps = sum(r[0] for r in runs) / len(runs)
        p99 = max(r[1] for r in runs)
        cpu = sum(r[2] for r in runs) / len(runs)
        print(f"{name:28} {rps:10.0f} req/s   p99 {p99:6.2f} ms   {cpu:6.1f} µs CPU/request")
    incar_runs, bare_runs = results["incar serve (as make run)"], results["bare starlette"]
    ratio = sum(r[0] for r in incar_runs) / sum(r[0] for r in bare_runs)
    cpu_ratio = sum(r[2] for r in bare_runs) / sum(r[2] for r in incar_runs)
    print(f"incar serve / bare starlette: {ratio:.2f}x req/s, {cpu_ratio:.2f}x by CPU/request")
    # Round by round (each pair ran back to back): how far the neighbours' load moved the ratio.
    per_round = [
        f"{i}: {sim[0] / bare[0]:.2f}x req/s, {bare[2] / sim[2]:.2f}x CPU"
        for i, (sim, bare) in enumerate(zip(incar_runs, bare_runs, strict=True), 1)
    ]
    print("  rounds  " + " | ".join(per_round))
    print(f"load average after the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0


def measure(
    args: argparse.Namespace,
    path: str,
    sim: subprocess.Popen[bytes],
    bare: subprocess.Popen[bytes],
    ports: tuple[int, int],
) -> dict[str, list[tuple[float, float, float]]]:
    sim_port, bare_port = ports
    results: dict[str, list[tuple[float, float, float]]] = {
        "incar serve (as make run)": [],
        "bare starlette": [],
    }
    for _ in range(args.rounds):  # alternating, so drift hits both alike
        results["bare starlette"].append(
            wrk(f"http://127.0.0.1:{bare_port}{path}", args.duration, bare.pid)
        )
        results["incar serve (as make run)"].append(
            wrk(f"http://127.0.0.1:{sim_port}{path}", args.duration, sim.pid)
        )
    return results


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: incar-sim's LLM surfaces next to the LLM mocks testers compare it with.

Installs the peers itself into a temporary folder (nothing global): `mockllm` from PyPI into a
fresh venv, `@dwmkerr/mock-llm` from npm into a folder. Each peer is configured to answer the same
chat-completions request ("How far can I drive?", model incar-auto) with the very text incar-sim
answers, so all three send about the same bytes. incar-sim starts as `make run` starts it. wrk
(-t1 -c32, a Lua script POSTing the same body) loads them one after the other, alternating over
the rounds; the table shows req/s and p99 side by side, plus a chat turn
(`POST /v1/chat/sessions/{id}/messages`) and the DashScope generation
(`POST /api/v1/services/aigc/text-generation/generation`) on incar-sim.

    python benchmarks/llm_surfaces.py [--duration 10] [--rounds 2] [--keep /tmp/peers]

Needs wrk, npm/node and the package indexes (or their caches).

    python benchmarks/llm_surfaces.py --profile 2000

profiles instead, in-process and without peers: the CPU time per request of each surface (and of
`/healthz`, the floor of the stack) over plain ASGI calls, then cProfile's top functions for a
compat completion and for a chat turn.

    python benchmarks/llm_surfaces.py --history 100000

says the question that many times to one chat session, in-process: the CPU time per turn over
the first and the last thousand turns, and how far the process's peak memory grew in between
(a session's history must stay bounded, and a turn must not cost more as it grows).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vehicle_reads import free_port, parse_wrk, stop  # a sibling script, not a package

ROOT = Path(__file__).resolve().parent.parent
INCAR = ROOT / ".venv" / "bin" / "incar"
QUESTION = "How far can I drive?"
MODEL = "incar-auto"
COMPLETION: dict[str, object] = {
    "model": MODEL,
    "messages": [{"role": "user", "content": QUESTION}],
}
COMPAT_PATH = "/compatible-mode/v1/chat/completions"
DASHSCOPE_PATH = "/api/v1/services/aigc/text-generation/generation"
DASHSCOPE: dict[str, object] = {  # the same question on DashScope's native protocol
    "model": "qwen-plus",
    "input": {"messages": [{"role": "user", "content": QUESTION}]},
}
POST_LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
"""


def install_peers(folder: Path) -> tuple[Path, Path]:
    """(mockllm's executable, @dwmkerr/mock-llm's main.js), installed under `folder`."""
    venv = folder / "mockllm-venv"
    mockllm = venv / "bin" / "mockllm"
    if not mockllm.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "mockllm"]
        subprocess.run(pip, check=True)
    npm_dir = folder / "npm"
    main_js = npm_dir / "node_modules" / "@dwmkerr" / "mock-llm" / "dist" / "main.js"
    if not main_js.exists():
        npm_dir.mkdir(parents=True, exist_ok=True)
        npm = ["npm", "install", "--no-audit", "--no-fund", "--silent", "@dwmkerr/mock-llm"]
        subprocess.run(npm, cwd=npm_dir, check=True)
    return mockllm, main_js


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args!r} exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


@contextmanager
def running(cmd: list[str], url: str, **kwargs: object) -> Iterator[None]:
    out = subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=out, stderr=out, **kwargs)  # type: ignore[call-overload]
    try:
        wait_up(url, proc)
        yield
    finally:
        stop(proc)


def mockllm_config(folder: Path, answer: str) -> Path:
    path = folder / "responses.yml"
    path.write_text(
        json.dumps({"responses": {QUESTION: answer}, "defaults": {"unknown_response": answer}})
    )  # YAML is a superset of JSON
    return path


def mock_llm_config(folder: Path, answer: str) -> Path:
    content = {
        "id": "chatcmpl-{{timestamp}}",
        "object": "chat.completion",
        "model": "{{jmes request body.model}}",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": answer},
                "finish_reason": "stop",
            }
        ],
    }
    rule = {
        "path": "/v1/chat/completions",
        "method": "POST",
        "match": "@",
        "response": {"status": 200, "content": json.dumps(content)},
    }
    path = folder / "mock-llm.yaml"
    path.write_text(json.dumps({"rules": [rule]}))
    return path


def wrk_post(url: str, body: dict[str, object], duration: int, folder: Path) -> tuple[float, float]:
    script = folder / "post.lua"
    script.write_text(POST_LUA.format(body=json.dumps(json.dumps(body))))
    out = subprocess.run(
        ["wrk", "-t1", "-c32", f"-d{duration}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors under load:\n{out}")
    return parse_wrk(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="install the peers here, reuse")
    parser.add_argument("--profile", type=int, default=0, help="profile N requests in-process")
    parser.add_argument("--history", type=int, default=0, help="N turns to one chat session")
    args = parser.parse_args()
    if args.profile:
        asyncio.run(profile(args.profile))
        return 0
    if args.history:
        asyncio.run(history(args.history))
        return 0
    for tool in ("wrk", "npm", "node"):
        if shutil.which(tool) is None:
            print(f"needs {tool}: apt-get install {'nodejs npm' if tool != 'wrk' else 'wrk'}")
            return 2
    with tempfile.TemporaryDirectory(prefix="incar-llm-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"installing mockllm (PyPI) and @dwmkerr/mock-llm (npm) under {folder} ...")
        mockllm, main_js = install_peers(folder)
        return compare(args, folder, mockllm, main_js)


def compare(args: argparse.Namespace, folder: Path, mockllm: Path, main_js: Path) -> int:
    incar_port, mockllm_port, mock_llm_port = free_port(), free_port(), free_port()
    incar = f"http://127.0.0.1:{incar_port}"
    incar_cmd = [str(INCAR), "serve", "--host", "127.0.0.1", "--port", str(incar_port)]
    results: dict[str, list[tuple[float, float]]] = {}
    with running(incar_cmd, f"{incar}/healthz", cwd=ROOT):
        answer = httpx.post(f"{incar}/compatible-mode/v1/chat/completions", json=COMPLETION)
        answer.raise_for_status()
        text = answer.json()["choices"][0]["message"]["content"]
        session = httpx.post(f"{incar}/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
        session.raise_for_status()
        turn_url = f"{incar}/v1/chat/sessions/{session.json()['session_id']}/messages"
        mockllm_cmd = [str(mockllm), "start", "-r", str(mockllm_config(folder, text))]
        mockllm_cmd += ["-h", "127.0.0.1", "-p", str(mockllm_port)]
        mock_llm_cmd = ["node", str(main_js), "--config", str(mock_llm_config(folder, text))]
        env = os.environ | {"HOST": "127.0.0.1", "PORT": str(mock_llm_port)}
        targets = {
            "incar-sim compat completion": f"{incar}{COMPAT_PATH}",
            "incar-sim chat turn": turn_url,
            "incar-sim DashScope": f"{incar}{DASHSCOPE_PATH}",
            "mockllm (PyPI)": f"http://127.0.0.1:{mockllm_port}/v1/chat/completions",
            "@dwmkerr/mock-llm (npm)": f"http://127.0.0.1:{mock_llm_port}/v1/chat/completions",
        }
        bodies: dict[str, dict[str, object]] = dict.fromkeys(targets, COMPLETION)
        bodies["incar-sim chat turn"] = {"text": QUESTION}
        bodies["incar-sim DashScope"] = DASHSCOPE
        with (
            running(mockllm_cmd, f"http://127.0.0.1:{mockllm_port}/models", cwd=folder),
            running(
                mock_llm_cmd, f"http://127.0.0.1:{mock_llm_port}/v1/models", cwd=folder, env=env
            ),
        ):
            for name, url in targets.items():  # each answers the request the same way
                r = httpx.post(url, json=bodies[name], timeout=10)
                r.raise_for_status()
            for _ in range(args.rounds):  # alternating, so drift hits all alike
                for name, url in targets.items():
                    got = wrk_post(url, bodies[name], args.duration, folder)
                    results.setdefault(name, []).append(got)
    print(f'\n"{QUESTION}" ({MODEL}), wrk -t1 -c32 -d{args.duration}s x {args.rounds} rounds, '
          f"{os.cpu_count()} CPU cores")  # fmt: skip
    peer = sum(r for r, _ in results["@dwmkerr/mock-llm (npm)"])
    for name, runs in results.items():
        rps = sum(r for r, _ in runs) / len(runs)
        p99 = max(p for _, p in runs)
        ratio = sum(r for r, _ in runs) / peer
        print(f"{name:30} {rps:8.0f} req/s   p99 {p99:8.1f} ms   {ratio:5.2f}x mock-llm")
    return 0


async def asgi_call(app: Any, method: str, path: str, body: bytes = b"") -> list[dict[str, Any]]:
    """One request straight into the ASGI app (no client in the way: its own cost would blur
    the server's in the profile); the messages the app sent."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }  # fmt: skip
    sent: list[dict[str, Any]] = []
    request = {"type": "http.request", "body": body, "more_body": False}

    async def receive() -> dict[str, Any]:
        return request

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    if sent[0]["status"] >= 300:
        raise SystemExit(f"{method} {path} answered {sent[0]['status']}: {sent[1:]}")
    return sent


async def profile(n: int) -> None:
    from app.main import create_app  # the project itself only for this mode

    app = create_app()
    created = await asgi_call(app, "POST", "/v1/chat/sessions", b'{"vehicle_id": "ix3-shanghai"}')
    session_id = json.loads(created[1]["body"])["session_id"]
    calls = {
        "compat completion": ("POST", COMPAT_PATH, json.dumps(COMPLETION).encode()),
        "chat turn": ("POST", f"/v1/chat/sessions/{session_id}/messages",
                      json.dumps({"text": QUESTION}).encode()),
        "DashScope": ("POST", DASHSCOPE_PATH, json.dumps(DASHSCOPE).encode()),
        "/healthz (the floor)": ("GET", "/healthz", b""),
    }  # fmt: skip
    for name, call in calls.items():
        for _ in range(min(n, 200)):  # warm: caches, lazy imports
            await asgi_call(app, *call)
        best = float("inf")
        for _ in range(3):  # the best of three: other processes only ever add time
            start = time.process_time()
            for _ in range(n):
                await asgi_call(app, *call)
            best = min(best, (time.process_time() - start) / n)
        print(f"{name:22} {best * 1e6:7.1f} us CPU per request (best of 3)")
    for name in ("compat completion", "chat turn"):
        print(f"\n-- {name}: cProfile, the top functions by their own time")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            await asgi_call(app, *calls[name])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


async def history(n: int) -> None:
    from app.main import create_app

    app = create_app()
    created = await asgi_call(app, "POST", "/v1/chat/sessions", b'{"vehicle_id": "ix3-shanghai"}')
    session_id = json.loads(created[1]["body"])["session_id"]
    turn = (
        "POST",
        f"/v1/chat/sessions/{session_id}/messages",
        json.dumps({"text": QUESTION}).encode(),
    )
    window = min(1000, n // 2)
    start = time.process_time()
    for _ in range(window):
        await asgi_call(app, *turn)
    first = (time.process_time() - start) / window
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(n - 2 * window):
        await asgi_call(app, *turn)
    start = time.process_time()
    for _ in range(window):
        sent = await asgi_call(app, *turn)
    last = (time.process_time() - start) / window
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    number = json.loads(sent[1]["body"])["turn"]
    got = await asgi_call(app, "GET", f"/v1/chat/sessions/{session_id}")
    transcript = len(json.loads(got[1]["body"])["transcript"])
    print(f"{n} turns to one session (the last was turn {number}); its transcript keeps "
          f"{transcript} entries")  # fmt: skip
    print(f"CPU per turn: first {window} {first * 1e6:.1f} us, last {window} {last * 1e6:.1f} us")
    print(f"peak memory grew by {grown_kb / 1024:.1f} MiB after the first {window} turns")


if __name__ == "__main__":
    raise SystemExit(main())

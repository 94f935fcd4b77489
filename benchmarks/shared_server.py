"""Benchmark: many testers share one `incar serve` (a soak; a benchmark, never a test).

Starts `incar serve` on a free loopback port, spreads N async clients over S sandboxes and has each
loop over what a real tester's frontend does (snapshot polling with If-None-Match, state patches,
remote commands, clock advances, trips, searches, chat turns as JSON and SSE, the compatible-mode
endpoint, journal reads) plus a trickle of hostile requests that must be answered 4xx.

Isolation: every sandbox carries its own markers, written at set-up and re-written by its clients:
the SoC and software version of one car, a driver profile, the destination name of its remote
commands, the start SoC of its trips and a private stretch of sim time (sandbox k lives on day k).
Every answer a client reads is checked against its own sandbox's markers (and, where a number could
only come from another sandbox, against theirs), and every journal entry must carry a request id of
its own sandbox's clients.

Prints request and status counts, p50/p99 latency per kind of operation, isolation checks and
violations, and the server's RSS (VmRSS) before, during (peak, sampled every second) and after the
load. Exits 1 on any 5xx, transport error, broken stream, accepted hostile request or isolation
violation.

    .venv/bin/python benchmarks/shared_server.py [--clients 100] [--sandboxes 20] [--seconds 60]
                                                  [--port N] [--seed 1]

Client and server share the machine: on a small one the load generator takes a good part of the
CPU, so req/s says more about the pair than about the server alone (the report shows both CPUs).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
INCAR = ROOT / ".venv" / "bin" / "incar"

MARKER_CAR = "i5-hangzhou"  # parked and unplugged: its SoC only changes when a client patches it
TRIP_CAR = "ix3-shanghai"
COMMAND_CAR = "325li-beijing"
SPARE_CAR = "x5-phev-suzhou"
CARS = (MARKER_CAR, TRIP_CAR, COMMAND_CAR, SPARE_CAR, "x1-2012-nanjing")
CST = timezone(timedelta(hours=8))
BASE_CLOCK = datetime(2026, 6, 1, 8, 0, tzinfo=CST)
CLOCK_SPACING = timedelta(days=1)  # sandbox k's clock starts at BASE_CLOCK + k days
ADVANCES_S = (1, 2, 5, 10, 30)
NO_PACING = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}
BATTERY_SAID = re.compile(r"Battery (\d+(?:\.\d+)?)%")
EXAMPLES_KEPT = 8


# -- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_mb(pid: int) -> float:
    """VmRSS of a live process, in MB (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a live process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """`incar serve` as `make run` starts it, with an API key and room for every sandbox."""

    def __init__(self, port: int, api_key: str, sandboxes: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = Path(tempfile.mkstemp(prefix="incar-soak-", suffix=".log")[1])
        env = os.environ | {
            "INCAR_API_KEYS": api_key,
            "INCAR_MAX_SANDBOXES": str(max(64, sandboxes + 4)),
        }
        cmd = [str(INCAR), "serve", "--host", "127.0.0.1", "--port", str(port)]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)

    def wait_healthy(self, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"incar serve exited ({self.proc.returncode}); see {self.log_path}"
                )
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"incar serve did not answer /healthz in {timeout_s:g} s")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers (a blocked event loop never sees the signal)."""
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            print("incar serve ignored SIGTERM for 15 s: killed", file=sys.stderr)
            self.proc.kill()
            self.proc.wait()

    def first_traceback(self) -> str | None:
        lines = self.log_path.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                return "\n".join(lines[i : i + 40])
        return None


# -- what the soak records --------------------------------------------------------------------


@dataclass
class Failure:
    kind: str  # 5xx | transport | stream | hostile-accepted | isolation
    op: str
    request: str
    detail: str


@dataclass
class Stats:
    latencies_ms: dict[str, list[float]] = field(default_factory=dict)
    by_op: dict[str, Counter[str]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    answers_4xx: Counter[tuple[str, int, str]] = field(default_factory=Counter)
    failure_counts: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    isolation_checks: int = 0

    def record(self, op: str, status: int, elapsed_ms: float) -> None:
        self.latencies_ms.setdefault(op, []).append(elapsed_ms)
        self.by_op.setdefault(op, Counter())[f"{status // 100}xx"] += 1
        self.statuses[status] += 1

    def fail(self, failure: Failure) -> None:
        self.failure_counts[failure.kind] += 1
        if sum(f.kind == failure.kind for f in self.failures) < EXAMPLES_KEPT:
            self.failures.append(failure)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


@dataclass
class Sandbox:
    """One tester's sandbox and the markers only its own clients write."""

    index: int
    name: str
    soc_pct: float
    label: str
    clock_start: datetime
    profile_id: str = ""
    advanced_s: float = 0.0  # every advance its clients have sent, answered or not: an upper bound
    marker_etag: str | None = None

    def clock_ok(self, moment: datetime) -> bool:
        latest = self.clock_start + timedelta(seconds=self.advanced_s + 1)
        return self.clock_start <= moment <= latest


def make_sandboxes(count: int) -> list[Sandbox]:
    step = 60.0 / count  # SoC markers 20-80 %, apart by more than the speech's rounding
    return [
        Sandbox(
            index=k,
            name=f"soak-{k:02d}",
            soc_pct=round(20.0 + k * step, 2),
            label=f"soak marker soak-{k:02d}",
            clock_start=BASE_CLOCK + k * CLOCK_SPACING,
        )
        for k in range(count)
    ]


@dataclass
class Features:
    """What this server build does, probed at start: the tree changes under the benchmark."""

    auth_enforced: bool = False
    query_sandbox: bool = False


@dataclass
class Soak:
    stats: Stats
    sandboxes: list[Sandbox]
    features: Features
    api_key: str
    deadline: float = 0.0

    def sandbox_nearest_soc(self, soc: float) -> Sandbox:
        return min(self.sandboxes, key=lambda s: abs(s.soc_pct - soc))


# -- the request wrapper ----------------------------------------------------------------------


def sse_events(text: str) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            events.append((name, "\n".join(data)))
    return events


def problem_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return "-"
    if isinstance(body, dict):
        error = body.get("error")
        code = error.get("code") if isinstance(error, dict) else body.get("code")
        return str(code)
    return "-"


def describe(method: str, url: str, headers: dict[str, str], body: bytes | None) -> str:
    shown = {k: v for k, v in headers.items() if k.lower() != "authorization"}
    text = f"{method} {url} headers={shown}"
    if body:
        preview = body[:200].decode("utf-8", "replace")
        text += f" body({len(body)} bytes)={preview!r}"
    return text


class Client:
    """One tester: its own connection pool, its own sandbox, a deterministic random mix."""

    def __init__(self, number: int, sandbox: Sandbox, soak: Soak, http: httpx.AsyncClient) -> None:
        self.number = number
        self.sandbox = sandbox
        self.soak = soak
        self.http = http
        self.rng = random.Random(number)
        self.sent = 0
        self.session_id: str | None = None
        self.commands: list[tuple[str, str]] = []
        self.trips: list[str] = []
        self.etags: dict[str, str] = {}

    # - plumbing -

    def request_id(self, prefix: str | None = None) -> str:
        self.sent += 1
        return f"{prefix or self.sandbox.name}.c{self.number:03d}.{self.sent}"

    def sandbox_via(self) -> str:
        """Mostly the header, as frontends do; sometimes `?sandbox=` (EventSource's way)."""
        if self.soak.features.query_sandbox and self.rng.random() < 0.2:
            return "query"
        return "header"

    async def call(
        self,
        op: str,
        method: str,
        path: str,
        *,
        json_body: object = None,
        content: bytes | None = None,
        headers: dict[str, str | None] | None = None,
        params: dict[str, str | int | float] | None = None,
        via: str = "header",
        sandbox: str | None = None,
        hostile: bool = False,
    ) -> httpx.Response | None:
        name = sandbox or self.sandbox.name
        sent: dict[str, str] = {"X-Request-Id": self.request_id(name)}
        if self.soak.api_key:
            sent["Authorization"] = f"Bearer {self.soak.api_key}"
        query: dict[str, str | int | float] = dict(params or {})
        if via == "header":
            sent["X-Sandbox"] = name
        elif via == "query":
            query["sandbox"] = name
        for key, value in (headers or {}).items():
            if value is None:
                sent.pop(key, None)
            else:
                sent[key] = value
        if json_body is not None:
            content = json.dumps(json_body, ensure_ascii=False).encode()
            sent.setdefault("Content-Type", "application/json")
        started = time.perf_counter()
        try:
            response = await self.http.request(
                method, path, content=content, headers=sent, params=query or None
            )
        except httpx.HTTPError as exc:
            what = describe(method, path, sent, content)
            self.soak.stats.fail(Failure("transport", op, what, f"{type(exc).__name__}: {exc}"))
            return None
        elapsed_ms = (time.perf_counter() - started) * 1000
        stats = self.soak.stats
        stats.record(op, response.status_code, elapsed_ms)
        status = response.status_code
        if status >= 500:
            what = describe(method, str(response.request.url), sent, content)
            stats.fail(Failure("5xx", op, what, f"{status} {response.text[:300]}"))
        elif hostile and status < 400:
            what = describe(method, str(response.request.url), sent, content)
            stats.fail(Failure("hostile-accepted", op, what, f"{status} {response.text[:200]}"))
        elif 400 <= status < 500:
            stats.answers_4xx[(op, status, problem_code(response))] += 1
        return response

    def check(self, op: str, ok: bool, what: str, seen: object, response: httpx.Response) -> None:
        self.soak.stats.isolation_checks += 1
        if not ok:
            rid = response.headers.get("x-request-id", "?")
            request = f"{response.request.method} {response.request.url} (X-Request-Id {rid})"
            detail = f"sandbox {self.sandbox.name}: {what}; saw {seen!r}"
            self.soak.stats.fail(Failure("isolation", op, request, detail))

    def check_clock(self, op: str, iso: str, response: httpx.Response) -> None:
        moment = datetime.fromisoformat(iso)
        self.check(op, self.sandbox.clock_ok(moment), "sim time outside its own day", iso, response)

    def check_soc_said(self, op: str, text: str, response: httpx.Response) -> None:
        """A 'Battery 41.4%' in speech must be this sandbox's marker, not another's."""
        for said in BATTERY_SAID.findall(text):
            soc = float(said)
            nearest = self.soak.sandbox_nearest_soc(soc)
            ok = nearest is self.sandbox and abs(soc - self.sandbox.soc_pct) <= 0.6
            self.check(
                op, ok, f"speech says SoC {said}, own marker {self.sandbox.soc_pct}", said, response
            )

    def check_facts(self, op: str, result: object, response: httpx.Response) -> None:
        """A tool result about the marker car carries its exact SoC."""
        if not isinstance(result, dict) or result.get("vehicle_id") != MARKER_CAR:
            return
        facts = result.get("facts")
        if isinstance(facts, dict) and facts.get("soc_pct") is not None:
            soc = facts["soc_pct"]
            self.check(op, soc == self.sandbox.soc_pct, "tool fact soc_pct", soc, response)

    def check_trip(self, op: str, trip: dict[str, Any], response: httpx.Response) -> None:
        profile = trip.get("profile_id")
        self.check(
            op, profile in (None, self.sandbox.profile_id), "trip profile", profile, response
        )
        start_soc = trip.get("request", {}).get("start_soc_pct")
        self.check(
            op, start_soc in (None, self.sandbox.soc_pct), "trip start_soc_pct", start_soc, response
        )

    def check_command(self, op: str, command: dict[str, Any], response: httpx.Response) -> None:
        request = command.get("request", {})
        if request.get("type") == "send_destination":
            name = request.get("destination", {}).get("name")
            self.check(op, name == self.sandbox.label, "command destination", name, response)

    def stream_failure(self, op: str, response: httpx.Response, detail: str) -> None:
        request = f"{response.request.method} {response.request.url}"
        self.soak.stats.fail(Failure("stream", op, request, detail))

    # - the mix -

    async def snapshot(self) -> None:
        car = MARKER_CAR if self.rng.random() < 0.6 else self.rng.choice(CARS[1:])
        headers: dict[str, str | None] = {}
        foreign = False
        roll = self.rng.random()
        if car == MARKER_CAR and roll < 0.05 and len(self.soak.sandboxes) > 1:
            other = self.rng.choice([s for s in self.soak.sandboxes if s is not self.sandbox])
            if other.marker_etag:  # another sandbox's ETag must never match this one's car
                headers["If-None-Match"] = other.marker_etag
                foreign = True
        elif roll < 0.5 and car in self.etags:
            headers["If-None-Match"] = self.etags[car]
        r = await self.call(
            "snapshot", "GET", f"/v1/vehicles/{car}", headers=headers, via=self.sandbox_via()
        )
        if r is None:
            return
        if foreign:
            self.check(
                "snapshot", r.status_code != 304, "304 for another sandbox's ETag", r.status_code, r
            )
        if r.status_code != 200:
            return
        self.etags[car] = r.headers.get("etag", "")
        body = r.json()
        self.check_clock("snapshot", body["as_of"], r)
        if car == MARKER_CAR:
            soc = body["state"]["battery"]["soc_pct"]
            version = body["state"]["software_version"]
            self.check("snapshot", soc == self.sandbox.soc_pct, "marker car SoC", soc, r)
            self.check("snapshot", version == self.sandbox.label, "marker car version", version, r)
            self.sandbox.marker_etag = self.etags[car]

    async def focused_read(self) -> None:
        r = await self.call("focused-read", "GET", f"/v1/vehicles/{MARKER_CAR}/battery")
        if r is not None and r.status_code == 200:
            soc = r.json()["data"]["soc_pct"]
            self.check("focused-read", soc == self.sandbox.soc_pct, "battery read", soc, r)

    async def fleet(self) -> None:
        r = await self.call("fleet-list", "GET", "/v1/vehicles")
        if r is not None and r.status_code == 200:
            soc = next(v["soc_pct"] for v in r.json() if v["id"] == MARKER_CAR)
            self.check("fleet-list", soc == self.sandbox.soc_pct, "fleet list SoC", soc, r)

    async def patch_state(self) -> None:
        choice = self.rng.randrange(4)
        car, patch = {
            0: (
                MARKER_CAR,
                {
                    "battery": {"soc_pct": self.sandbox.soc_pct},
                    "software_version": self.sandbox.label,
                },
            ),
            1: (TRIP_CAR, {"battery": {"soc_pct": self.sandbox.soc_pct}}),  # plans start from it
            2: (COMMAND_CAR, {"security": {"doors_open": {"front_left": self.rng.random() < 0.5}}}),
            3: (SPARE_CAR, {"tires": {"front_left": {"pressure_kpa": self.rng.randint(200, 260)}}}),
        }[choice]
        r = await self.call(
            "state-patch",
            "PATCH",
            f"/v1/sim/vehicles/{car}/state",
            content=json.dumps(patch).encode(),
            headers={"Content-Type": "application/merge-patch+json"},
        )
        if r is not None and r.status_code == 200 and car == MARKER_CAR:
            soc = r.json()["state"]["battery"]["soc_pct"]
            self.check("state-patch", soc == self.sandbox.soc_pct, "patched SoC", soc, r)

    async def command(self) -> None:
        choice = self.rng.randrange(4)
        car, body = {
            0: (
                COMMAND_CAR,
                {
                    "type": "send_destination",
                    "destination": {
                        "name": self.sandbox.label,
                        "coordinates": {"lat": 39.99, "lon": 116.47},
                    },
                },
            ),
            1: (SPARE_CAR, {"type": "flash_lights"}),
            2: (COMMAND_CAR, {"type": self.rng.choice(["lock", "unlock"])}),
            3: (TRIP_CAR, {"type": "set_charge_limit", "limit_pct": self.rng.choice([80, 90])}),
        }[choice]
        r = await self.call("command", "POST", f"/v1/vehicles/{car}/commands", json_body=body)
        if r is not None and r.status_code == 202:
            self.commands = [*self.commands[-19:], (car, r.json()["command_id"])]

    async def command_status(self) -> None:
        if not self.commands:
            await self.command()
            return
        if self.rng.random() < 0.2:
            r = await self.call("command-status", "GET", f"/v1/vehicles/{COMMAND_CAR}/commands")
            if r is not None and r.status_code == 200:
                for command in r.json():
                    self.check_command("command-status", command, r)
            return
        car, command_id = self.rng.choice(self.commands)
        r = await self.call("command-status", "GET", f"/v1/vehicles/{car}/commands/{command_id}")
        if r is not None and r.status_code == 200:
            self.check_command("command-status", r.json(), r)

    async def clock_advance(self) -> None:
        advance = self.rng.choice(ADVANCES_S)
        self.sandbox.advanced_s += advance  # before sending: readers may see it at once
        r = await self.call(
            "clock-advance", "POST", "/v1/sim/clock", json_body={"advance_s": advance}
        )
        if r is not None and r.status_code == 200:
            self.check_clock("clock-advance", r.json()["now"], r)

    async def clock_read(self) -> None:
        r = await self.call("clock-read", "GET", "/v1/sim/clock", via=self.sandbox_via())
        if r is not None and r.status_code == 200:
            self.check_clock("clock-read", r.json()["now"], r)

    async def trip_plan(self) -> None:
        await self.plan_trip()

    async def plan_trip(self) -> str | None:
        body = {
            "vehicle_id": TRIP_CAR,
            "destination": self.rng.choice(["杭州", "苏州", "West Lake", "Nanjing"]),
            "start_soc_pct": self.sandbox.soc_pct,
            "profile_id": self.sandbox.profile_id,
        }
        r = await self.call("trip-plan", "POST", "/v1/trips/plan", json_body=body)
        if r is not None and r.status_code == 200:
            trip = r.json()
            self.check_trip("trip-plan", trip, r)
            self.trips = [*self.trips[-7:], trip["trip_id"]]
            return str(trip["trip_id"])
        return None

    async def trip_start(self) -> None:
        """Plan, then go: the console's flow (a trip planned for another SoC is stale, 409)."""
        trip_id = await self.plan_trip()
        if trip_id is None:
            return
        r = await self.call("trip-start", "POST", f"/v1/trips/{trip_id}/start")
        if r is not None and r.status_code == 200:
            self.check_trip("trip-start", r.json(), r)

    async def trip_read(self) -> None:
        if self.trips and self.rng.random() < 0.5:
            r = await self.call("trip-read", "GET", f"/v1/trips/{self.rng.choice(self.trips)}")
            if r is not None and r.status_code == 200:
                self.check_trip("trip-read", r.json(), r)
            return
        r = await self.call("trip-read", "GET", "/v1/trips")
        if r is not None and r.status_code == 200:
            for trip in r.json():
                self.check_trip("trip-read", trip, r)

    async def chargers(self) -> None:
        params: dict[str, str | int | float]
        if self.trips and self.rng.random() < 0.4:
            params = {"trip_id": self.rng.choice(self.trips), "min_power_kw": 50}
        else:
            params = {"lat": 31.23, "lon": 121.47, "radius_km": self.rng.choice([5, 10, 30])}
        await self.call("chargers", "GET", "/v1/chargers", params=params)

    async def dining(self) -> None:
        params: dict[str, str | int | float]
        if self.trips and self.rng.random() < 0.4:
            params = {"trip_id": self.rng.choice(self.trips), "profile_id": self.sandbox.profile_id}
        else:
            params = {"lat": 30.27, "lon": 120.16, "radius_km": 10, "dietary": "vegetarian"}
        await self.call("dining", "GET", "/v1/dining/search", params=params)

    async def ensure_session(self) -> str | None:
        if self.session_id is None:
            body = {"vehicle_id": MARKER_CAR, "profile_id": self.sandbox.profile_id, "locale": "en"}
            r = await self.call("chat-session", "POST", "/v1/chat/sessions", json_body=body)
            if r is not None and r.status_code == 201:
                session = r.json()
                self.check(
                    "chat-session",
                    session["profile_id"] == self.sandbox.profile_id,
                    "session profile",
                    session["profile_id"],
                    r,
                )
                self.session_id = session["session_id"]
        return self.session_id

    def utterance(self) -> str:
        return self.rng.choice(
            [
                "How far can I drive?",
                "What's my battery level?",
                "还能开多远？",
                "Is the car locked?",
                "Find a charger near me",
                "Find a vegetarian restaurant nearby",
                "Plan a trip to Hangzhou",
            ]
        )

    async def chat_turn(self, stream: bool) -> None:
        session_id = await self.ensure_session()
        if session_id is None:
            return
        op = "chat-sse" if stream else "chat-json"
        headers: dict[str, str | None] = (
            {"Accept": "text/event-stream", **NO_PACING} if stream else {}
        )
        r = await self.call(
            op,
            "POST",
            f"/v1/chat/sessions/{session_id}/messages",
            json_body={"text": self.utterance()},
            headers=headers,
        )
        if r is None:
            return
        if r.status_code == 404:  # evicted as least recently used: start another
            self.session_id = None
        if r.status_code != 200:
            return
        if not stream:
            turn = r.json()
            for call in turn.get("trace", []):
                self.check_facts(op, call.get("result"), r)
            self.check_soc_said(op, str(turn.get("speech", "")), r)
            return
        events = sse_events(r.text)
        if not events or events[-1][0] != "turn.end":
            self.stream_failure(op, r, f"no turn.end; last events {events[-2:]}")
        speech = ""
        for name, data in events:
            if name == "tool_result":
                self.check_facts(op, json.loads(data).get("result"), r)
            elif name == "speech.delta":
                speech += json.loads(data)["text"]
        self.check_soc_said(op, speech, r)

    async def chat_json(self) -> None:
        await self.chat_turn(stream=False)

    async def chat_sse(self) -> None:
        await self.chat_turn(stream=True)

    async def chat_read(self) -> None:
        session_id = await self.ensure_session()
        if session_id is None:
            return
        r = await self.call("chat-read", "GET", f"/v1/chat/sessions/{session_id}")
        if r is not None and r.status_code == 200:
            profile = r.json()["profile_id"]
            self.check(
                "chat-read", profile == self.sandbox.profile_id, "session profile", profile, r
            )
        elif r is not None and r.status_code == 404:
            self.session_id = None

    async def compat(self, stream: bool) -> None:
        op = "compat-stream" if stream else "compat-json"
        body: dict[str, Any] = {
            "model": "incar-auto",
            "messages": [{"role": "user", "content": self.utterance()}],
            "vehicle_id": MARKER_CAR,
            "locale": "en",
        }
        if stream:
            body["stream"] = True
        via = self.sandbox_via()
        if self.rng.random() < 0.2:  # the openai client's extra_body={"sandbox": ...}
            body["sandbox"] = self.sandbox.name
        r = await self.call(
            op,
            "POST",
            "/compatible-mode/v1/chat/completions",
            json_body=body,
            headers=dict(NO_PACING) if stream else None,
            via=via,
        )
        if r is None or r.status_code != 200:
            return
        if not stream:
            self.check_soc_said(op, str(r.json()["choices"][0]["message"]["content"]), r)
            return
        events = sse_events(r.text)
        if not events or events[-1][1] != "[DONE]":
            self.stream_failure(op, r, f"no [DONE]; last events {events[-2:]}")
            return
        text = ""
        for _, data in events[:-1]:
            for choice in json.loads(data).get("choices", []):
                text += choice.get("delta", {}).get("content") or ""
        self.check_soc_said(op, text, r)

    async def compat_json(self) -> None:
        await self.compat(stream=False)

    async def compat_stream(self) -> None:
        await self.compat(stream=True)

    async def journal(self) -> None:
        r = await self.call(
            "journal", "GET", "/v1/sim/journal", params={"limit": 200}, via=self.sandbox_via()
        )
        if r is None or r.status_code != 200:
            return
        own = f"{self.sandbox.name}."
        for entry in r.json():
            rid = entry["request_id"]
            foreign = rid.startswith("soak-") and not rid.startswith(own)
            self.check("journal", not foreign, "journal entry of another sandbox", rid, r)
            self.check_clock("journal", entry["sim_time"], r)

    async def profiles(self) -> None:
        if self.rng.random() < 0.5:
            r = await self.call("profiles", "GET", f"/v1/profiles/{self.sandbox.profile_id}")
            if r is not None and r.status_code == 200:
                name = r.json()["name"]
                self.check("profiles", name == self.sandbox.label, "own profile", name, r)
            return
        r = await self.call("profiles", "GET", "/v1/profiles")
        if r is not None and r.status_code == 200:
            for profile in r.json():
                name = profile["name"]
                if name.startswith("soak marker"):
                    self.check("profiles", name == self.sandbox.label, "profile list", name, r)

    async def hostile(self) -> None:
        """One request a client can send that must come back 4xx, fast, changing nothing."""
        h = self.rng.choice(hostile_requests(self))
        headers: dict[str, str | None] = dict(h.headers)
        if h.body is not None and h.content_type:
            headers.setdefault("Content-Type", h.content_type)
        await self.call("hostile", h.method, h.path, content=h.body, headers=headers,
                        params=h.params, sandbox=h.sandbox, hostile=True)  # fmt: skip

    async def run(self) -> None:
        mix = self.mix()
        ops, weights = [op for op, _ in mix], [w for _, w in mix]
        while time.monotonic() < self.soak.deadline:
            op = self.rng.choices(ops, weights)[0]
            try:
                await op()
            except (KeyError, TypeError, ValueError, StopIteration) as exc:  # an answer's shape
                name = getattr(op, "__name__", "?")
                detail = f"{type(exc).__name__}: {exc}"
                self.soak.stats.fail(Failure("unexpected-answer", name, "(see op)", detail))

    def mix(self) -> list[tuple[Callable[[], Awaitable[None]], int]]:
        return [
            (self.snapshot, 22),
            (self.focused_read, 4),
            (self.fleet, 3),
            (self.patch_state, 8),
            (self.command, 5),
            (self.command_status, 5),
            (self.clock_advance, 3),
            (self.clock_read, 2),
            (self.trip_plan, 3),
            (self.trip_start, 1),
            (self.trip_read, 3),
            (self.chargers, 4),
            (self.dining, 4),
            (self.chat_json, 6),
            (self.chat_sse, 5),
            (self.chat_read, 2),
            (self.compat_json, 4),
            (self.compat_stream, 3),
            (self.journal, 3),
            (self.profiles, 2),
            (self.hostile, 3),
        ]


HOSTILE_SANDBOX = "soak-hostile"  # where a wrongly accepted clock change could do no harm
JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
DEEP_JSON = b"[" * 5000 + b"]" * 5000


@dataclass(frozen=True)
class Hostile:
    """A request a client can send that must be answered 4xx, fast, changing nothing."""

    method: str
    path: str
    body: bytes | None = None
    content_type: str | None = JSON
    headers: dict[str, str | None] = field(default_factory=dict)
    params: dict[str, str | int | float] = field(default_factory=dict)
    sandbox: str | None = None  # default: the client's own


def as_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def hostile_requests(c: Client) -> list[Hostile]:
    """Malformed JSON, deep nesting, big bodies (under and over 1 MiB), bad headers, bad values,
    and a body that names another tester's sandbox."""
    session = c.session_id or "chat-0001"
    other = c.rng.choice(c.soak.sandboxes).name
    ask = {"model": "incar-auto", "messages": [{"role": "user", "content": "How far can I go?"}]}
    requests = [
        Hostile("POST", "/v1/trips/plan", b'{"vehicle_id": "ix3'),
        Hostile("POST", "/compatible-mode/v1/chat/completions", DEEP_JSON),
        Hostile("PATCH", f"/v1/sim/vehicles/{TRIP_CAR}/state", DEEP_JSON, MERGE_PATCH),
        Hostile("PATCH", f"/v1/sim/vehicles/{TRIP_CAR}/state", b'{"battery": {"soc_pct": 150}}',
                MERGE_PATCH),
        Hostile("PATCH", f"/v1/sim/vehicles/{TRIP_CAR}/state", b'{"battery": {"soc_pct": 5}}',
                "text/plain"),
        # ~900 KB of UTF-8: a legal size, an illegal message
        Hostile("POST", f"/v1/chat/sessions/{session}/messages", as_json({"text": "车" * 300_000})),
        Hostile("POST", "/v1/profiles", as_json({"name": "x" * (1536 * 1024)})),  # over 1 MiB
        Hostile("POST", f"/v1/chat/sessions/{session}/messages", b'{"text": "\xff\xfe"}'),
        Hostile("GET", "/v1/vehicles", headers={"X-Sim-Latency-Ms": "soon"}),
        Hostile("GET", "/v1/vehicles", headers={"X-Sim-Fault": "meltdown"}),
        Hostile("GET", "/v1/vehicles", headers={"X-Sandbox": "../../etc/passwd"}),
        Hostile("GET", "/v1/vehicles", headers={"X-Request-Id": "r" * 300}),
        Hostile("GET", f"/v1/vehicles/{'x' * 4000}"),
        Hostile("GET", "/v1/vehicles/no-such-car"),
        Hostile("GET", "/v1/chargers", params={"lat": "nan", "lon": 121.4}),
        Hostile("GET", "/v1/dining/search", params={"lat": 31.2, "lon": 121.4, "cuisine": "rocks"}),
        Hostile("POST", f"/v1/vehicles/{COMMAND_CAR}/commands", b'{"type": "self_destruct"}'),
        Hostile("POST", "/v1/trips/plan", as_json({"vehicle_id": TRIP_CAR, "destination": "Mars"})),
        Hostile("POST", "/compatible-mode/v1/chat/completions", as_json(ask | {"model": "gpt-9"})),
        Hostile("POST", "/compatible-mode/v1/chat/completions", as_json(ask | {"messages": []})),
        Hostile("POST", "/compatible-mode/v1/chat/completions",
                as_json(ask | {"sandbox": other + "-not-mine"})),
        Hostile("POST", "/v1/sim/clock", b'{"advance_s": -60}', sandbox=HOSTILE_SANDBOX),
        Hostile("POST", "/v1/sim/clock", b'{"set": "9999-12-31T23:59:59+14:00"}',
                sandbox=HOSTILE_SANDBOX),
    ]  # fmt: skip
    if c.soak.features.query_sandbox:
        requests.append(Hostile("GET", "/v1/sim/clock", params={"sandbox": other + "-not-mine"}))
    if c.soak.features.auth_enforced:
        requests.append(Hostile("GET", "/v1/vehicles", headers={"Authorization": "Bearer wrong"}))
    return requests


# -- set-up, run, report ----------------------------------------------------------------------


def headers_for(soak: Soak, sandbox: str) -> dict[str, str]:
    return {
        "X-Sandbox": sandbox,
        "Authorization": f"Bearer {soak.api_key}",
        "X-Request-Id": f"{sandbox}.setup.{secrets.token_hex(4)}",
    }


async def set_up(http: httpx.AsyncClient, soak: Soak, sandbox: Sandbox) -> None:
    """Write the sandbox's markers; anything but success stops the benchmark."""
    h = headers_for(soak, sandbox.name)
    patch = {"battery": {"soc_pct": sandbox.soc_pct}, "software_version": sandbox.label}
    steps = [  # the clock first: every journal entry of the sandbox then falls on its own day
        ("POST", "/v1/sim/clock", {"set": sandbox.clock_start.isoformat()}, "application/json"),
        ("PATCH", f"/v1/sim/vehicles/{MARKER_CAR}/state", patch, "application/merge-patch+json"),
        ("POST", "/v1/profiles", {"name": sandbox.label}, "application/json"),
    ]
    for method, path, body, content_type in steps:
        r = await http.request(method, path, json=body, headers=h | {"Content-Type": content_type})
        if r.status_code >= 300:
            raise SystemExit(
                f"set-up of {sandbox.name}: {method} {path} -> {r.status_code} {r.text}"
            )
        if path == "/v1/profiles":
            sandbox.profile_id = r.json()["id"]
    r = await http.get(f"/v1/vehicles/{MARKER_CAR}", headers=h)
    sandbox.marker_etag = r.headers.get("etag")


async def probe_features(http: httpx.AsyncClient, soak: Soak) -> None:
    r = await http.get("/v1/vehicles", headers={"X-Sandbox": HOSTILE_SANDBOX})
    soak.features.auth_enforced = r.status_code == 401
    first = soak.sandboxes[0]
    r = await http.get(
        "/v1/sim/clock",
        params={"sandbox": first.name},
        headers={"Authorization": f"Bearer {soak.api_key}"},
    )
    soak.features.query_sandbox = (
        r.status_code == 200 and datetime.fromisoformat(r.json()["now"]) == first.clock_start
    )


async def final_sweep(http: httpx.AsyncClient, soak: Soak) -> None:
    """Once the load has stopped, every sandbox still holds its own markers."""
    for sandbox in soak.sandboxes:
        checker = Client(10_000 + sandbox.index, sandbox, soak, http)
        await checker.snapshot()
        await checker.focused_read()
        await checker.profiles()
        await checker.trip_read()
        await checker.journal()


async def sample_rss(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1)


@dataclass
class Measures:
    rss_start: float = 0.0
    rss_before: float = 0.0
    rss_after: float = 0.0
    rss_peak: float = 0.0
    rss_samples: list[float] = field(default_factory=list)  # one a second during the load
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0
    requests: int = 0  # during the load (the final sweep's few come after)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0


async def soak_run(args: argparse.Namespace, server: Server, soak: Soak) -> Measures:
    m = Measures(rss_start=rss_mb(server.proc.pid))
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    timeout = httpx.Timeout(60)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=timeout) as admin:
        await asyncio.gather(*(set_up(admin, soak, s) for s in soak.sandboxes))
        await probe_features(admin, soak)
        m.rss_before, m.load_before = rss_mb(server.proc.pid), os.getloadavg()
        https = [
            httpx.AsyncClient(base_url=server.base_url, timeout=timeout, limits=limits)
            for _ in range(args.clients)
        ]
        clients = [
            Client(n, soak.sandboxes[n % len(soak.sandboxes)], soak, https[n])
            for n in range(args.clients)
        ]
        samples: list[float] = []
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_rss(server.proc.pid, samples, stop))
        cpu_server, cpu_client = cpu_s(server.proc.pid), resource.getrusage(resource.RUSAGE_SELF)
        started = time.monotonic()
        soak.deadline = started + args.seconds
        await asyncio.gather(*(c.run() for c in clients))
        m.seconds, m.requests = time.monotonic() - started, soak.stats.total
        m.server_cpu_s = cpu_s(server.proc.pid) - cpu_server
        usage = resource.getrusage(resource.RUSAGE_SELF)
        m.client_cpu_s = (usage.ru_utime + usage.ru_stime) - (
            cpu_client.ru_utime + cpu_client.ru_stime
        )
        stop.set()
        await sampler
        m.rss_after, m.load_after = rss_mb(server.proc.pid), os.getloadavg()
        m.rss_peak, m.rss_samples = max([*samples, m.rss_after]), samples
        await asyncio.gather(*(h.aclose() for h in https))
        await final_sweep(admin, soak)
    return m


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(args: argparse.Namespace, soak: Soak, m: Measures, server: Server) -> int:
    st = soak.stats
    classes = Counter(f"{status // 100}xx" for status in st.statuses.elements())
    f = soak.features
    print(
        f"\nshared-server soak: {args.clients} clients over {args.sandboxes} sandboxes for "
        f"{m.seconds:.1f} s; `incar serve` pid {server.proc.pid} on port {server.port}; "
        f"API key enforced: {'yes' if f.auth_enforced else 'no'}; "
        f"?sandbox= used: {'yes' if f.query_sandbox else 'no'}"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, load average {m.load_before[0]:.2f} before, "
        f"{m.load_after[0]:.2f} after; CPU used during the load: server {m.server_cpu_s:.1f} s, "
        f"load generator {m.client_cpu_s:.1f} s"
    )
    print(f"\nrequests {m.requests:,} = {m.requests / m.seconds:,.0f} req/s")
    print(
        "status   "
        + "  ".join(f"{c} {classes.get(c, 0):,}" for c in ("2xx", "3xx", "4xx", "5xx"))
        + f"   (429: {st.statuses.get(429, 0):,})"
    )
    print(
        f"\n{'operation':16}{'count':>8}{'p50 ms':>9}{'p99 ms':>9}{'2xx':>8}{'3xx':>7}"
        f"{'4xx':>7}{'5xx':>6}"
    )
    for op in sorted(st.latencies_ms, key=lambda o: -len(st.latencies_ms[o])):
        lat, counts = st.latencies_ms[op], st.by_op[op]
        print(
            f"{op:16}{len(lat):>8,}{percentile(lat, 0.5):>9.1f}{percentile(lat, 0.99):>9.1f}"
            f"{counts['2xx']:>8,}{counts['3xx']:>7,}{counts['4xx']:>7,}{counts['5xx']:>6,}"
        )
    print("\n4xx answers by operation, status and code:")
    for (op, status, code), n in sorted(st.answers_4xx.items(), key=lambda kv: -kv[1]):
        print(f"  {op:16} {status} {code:28} {n:>7,}")
    violations = st.failure_counts["isolation"]
    print(f"\nisolation: {st.isolation_checks:,} checks, {violations} violations")
    print(
        f"server RSS: {m.rss_start:.1f} MB at start, {m.rss_before:.1f} MB before the load "
        f"(sandboxes set up), peak {m.rss_peak:.1f} MB, {m.rss_after:.1f} MB after"
    )
    step = max(1, len(m.rss_samples) // 6)  # a plateau or a steady climb (a leak)?
    trend = ", ".join(f"{i} s {m.rss_samples[i]:.1f}" for i in range(0, len(m.rss_samples), step))
    print(f"server RSS during the load (MB): {trend}")
    failed = sum(st.failure_counts.values())
    if not failed:
        print("\nno 5xx, no transport errors, no broken streams, no accepted hostile request")
        server.log_path.unlink(missing_ok=True)
        return 0
    print(f"\nFAILURES: {dict(st.failure_counts)}")
    for failure in st.failures:
        print(f"  [{failure.kind}] {failure.op}: {failure.request}\n      -> {failure.detail}")
    traceback = server.first_traceback()
    if traceback:
        print(f"\nfirst traceback in the server log ({server.log_path}):\n{traceback}")
    else:
        print(f"\nserver log: {server.log_path}")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--sandboxes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=0, help="default: a free loopback port")
    args = parser.parse_args()
    if args.clients < 1 or not 1 <= args.sandboxes <= 500 or args.seconds <= 0:
        parser.error("need clients >= 1, 1 <= sandboxes <= 500, seconds > 0")
    api_key = "sk-soak-" + secrets.token_hex(8)
    soak = Soak(Stats(), make_sandboxes(args.sandboxes), Features(), api_key)
    server = Server(args.port or free_port(), api_key, args.sandboxes)
    try:
        server.wait_healthy()
        measures = asyncio.run(soak_run(args, server, soak))
    finally:
        server.stop()
    return report(args, soak, measures, server)


if __name__ == "__main__":
    raise SystemExit(main())

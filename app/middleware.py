"""Per-request simulation machinery as plain ASGI: sandbox, request id, latency, faults, journal.

Plain ASGI rather than BaseHTTPMiddleware or dependencies, because vehicle reads are polled hard and
this runs on every request.
"""

from __future__ import annotations

import itertools
import time

import anyio
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents.errors import DomainError
from agents.faults import FAULT_KINDS
from agents.sandbox import Sandbox
from agents.world.sandboxes import DEFAULT_SANDBOX
from app.problems import from_domain, problem
from app.runtime import Runtime

SIM_PREFIXES = ("/v1/", "/compatible-mode/")


SIM_HEADERS = frozenset({b"x-request-id", b"x-sandbox", b"x-sim-latency-ms", b"x-sim-fault"})


def _sim_headers(scope: Scope) -> dict[bytes, str]:
    """The few headers this middleware reads, in one pass over the request's headers."""
    return {k: v.decode("latin-1") for k, v in scope["headers"] if k in SIM_HEADERS}


class SimMiddleware:
    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime
        self._ids = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(SIM_PREFIXES):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = _sim_headers(scope)
        request_id = headers.get(b"x-request-id") or f"req-{next(self._ids):06d}"
        id_header = (b"x-request-id", request_id.encode("latin-1"))
        name = headers.get(b"x-sandbox") or DEFAULT_SANDBOX
        try:
            sandbox = self.runtime.sandboxes.get(name)
        except DomainError as exc:
            await self._respond(scope, receive, send, from_domain(exc), id_header)
            return
        state = scope.setdefault("state", {})
        state["sandbox"] = sandbox
        state["sandbox_name"] = name
        state["request_id"] = request_id

        method, path = scope["method"], scope["path"]
        latency_ms, fault, error = self._knobs(headers, sandbox, method, path)
        status_seen = 0

        async def send_wrapper(message: Message) -> None:
            nonlocal status_seen
            if message["type"] == "http.response.start":
                status_seen = message["status"]
                message["headers"] = [*message.get("headers", []), id_header]
            await send(message)

        try:
            if error is not None:
                await self._respond(scope, receive, send_wrapper, error, None)
                return
            if latency_ms:
                await anyio.sleep(latency_ms / 1000)
            if fault in ("500", "503", "timeout"):
                await self._respond(scope, receive, send_wrapper, await self._fault(fault), None)
                return
            if fault is not None:
                state["fault"] = fault  # streaming routes act on drop-stream themselves
            await self.app(scope, receive, send_wrapper)
        finally:
            sandbox.journal.record(
                request_id=request_id,
                method=method,
                path=path,
                query=scope.get("query_string", b"").decode("latin-1"),
                status=status_seen,
                sim_time=sandbox.world.clock.now(),
                duration_ms=(time.perf_counter() - started) * 1000,
                fault=fault,
            )

    def _knobs(
        self, headers: dict[bytes, str], sandbox: Sandbox, method: str, path: str
    ) -> tuple[int, str | None, Response | None]:
        """Latency and fault from the headers, else from the sandbox's fault rules."""
        raw_latency = headers.get(b"x-sim-latency-ms")
        fault = headers.get(b"x-sim-fault")
        latency_ms = 0
        if raw_latency is not None:
            cap = self.runtime.settings.max_latency_ms
            if not raw_latency.isdigit() or int(raw_latency) > cap:
                return (
                    0,
                    None,
                    problem(
                        400,
                        "INVALID_SIM_HEADER",
                        f"X-Sim-Latency-Ms must be an integer from 0 to {cap}.",
                    ),
                )
            latency_ms = int(raw_latency)
        if fault is not None and fault not in FAULT_KINDS:
            return (
                0,
                None,
                problem(
                    400,
                    "INVALID_SIM_HEADER",
                    f"X-Sim-Fault must be one of: {', '.join(FAULT_KINDS)}.",
                ),
            )
        if raw_latency is None and fault is None:
            rule = sandbox.faults.match(method, path)
            if rule is not None:
                latency_ms, fault = rule.latency_ms, rule.fault
        return latency_ms, fault, None

    async def _fault(self, fault: str) -> Response:
        if fault == "500":
            return problem(500, "SIMULATED_FAULT", "Simulated internal error (X-Sim-Fault: 500).")
        if fault == "503":
            return problem(
                503,
                "SERVICE_UNAVAILABLE",
                "Simulated outage (X-Sim-Fault: 503).",
                resolution="RETRY_LATER",
                headers={"Retry-After": "5"},
            )
        await anyio.sleep(self.runtime.settings.fault_timeout_s)
        return problem(504, "GATEWAY_TIMEOUT", "Simulated timeout (X-Sim-Fault: timeout).")

    @staticmethod
    async def _respond(
        scope: Scope,
        receive: Receive,
        send: Send,
        response: Response,
        extra_header: tuple[bytes, bytes] | None,
    ) -> None:
        if extra_header is not None:
            response.raw_headers.append(extra_header)
        await response(scope, receive, send)

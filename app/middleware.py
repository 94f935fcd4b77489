"""Per-request simulation machinery as plain ASGI: sandbox, request id, latency, faults, journal.

Plain ASGI rather than BaseHTTPMiddleware or dependencies, because vehicle reads are polled hard and
this runs on every request.
"""

from __future__ import annotations

import itertools
from time import perf_counter

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents.errors import DomainError
from agents.faults import ANSWERED_FAULTS, FAULT_KINDS
from agents.text import bi
from app.access import AccessDenied, AccessPolicy, valid_request_id
from app.head import HEAD_KEY
from app.runtime import Runtime
from app.shutdown import shutdown_signal
from app.surfaces import domain_error_response, error_response, is_api_path

SIM_HEADERS = frozenset(
    {
        b"x-request-id",
        b"x-sandbox",
        b"x-sim-latency-ms",
        b"x-sim-fault",
        b"authorization",
    }
)
# Routes that act across sandboxes: they must not create the caller's sandbox as a side effect.
ADMIN_PREFIX = "/v1/sim/sandboxes"
MAX_LATENCY_DIGITS = 7


def _sim_headers(scope: Scope) -> dict[bytes, str]:
    """The few headers this middleware reads, in one pass over the request's headers."""
    return {k: v.decode("latin-1") for k, v in scope["headers"] if k in SIM_HEADERS}


class SimMiddleware:
    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime
        settings = runtime.settings
        self.policy = AccessPolicy(tuple(settings.api_keys), settings.admin_token)
        self._ids = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        started = perf_counter()
        method, path = scope["method"], scope["path"]
        headers = _sim_headers(scope)
        given_id = headers.get(b"x-request-id")
        request_id = f"req-{next(self._ids):06d}" if given_id is None else given_id
        try:
            if given_id is not None and not valid_request_id(given_id):
                request_id = f"req-{next(self._ids):06d}"
                raise AccessDenied(
                    400,
                    "INVALID_HEADER",
                    bi("请求头 X-Request-Id 无效。", "X-Request-Id is malformed."),
                    "X-Request-Id: 1-128 printable ASCII characters.",
                )
            caller = self.policy.caller(headers, scope.get("query_string", b""), method)
        except AccessDenied as denied:
            await self._refuse(scope, receive, send, denied, request_id)
            return
        id_header = (b"x-request-id", request_id.encode("latin-1"))
        state = scope.get("state")
        if state is None:
            state = scope["state"] = {}
        state["caller"] = caller
        state["request_id"] = request_id
        if path.startswith(ADMIN_PREFIX):
            await self.app(scope, receive, _with_header(send, id_header))
            return
        try:
            sandbox = self.runtime.sandboxes.get(caller.sandbox)
        except DomainError as exc:
            refusal = domain_error_response(path, exc, request_id)
            await self._respond(scope, receive, send, refusal, id_header)
            return
        state["sandbox"] = sandbox
        state["sandbox_name"] = caller.sandbox

        latency_ms: int = 0
        fault: str | None = None
        error: Response | None = None
        if b"x-sim-latency-ms" in headers or b"x-sim-fault" in headers:
            latency_ms, fault, error = self._knobs(headers, path)
        else:  # most requests: only the sandbox's fault rules can apply
            rule = sandbox.faults.match(method, path)
            if rule is not None:
                latency_ms, fault = rule.latency_ms, rule.fault
        status_seen = 0

        async def send_wrapper(message: Message) -> None:
            nonlocal status_seen
            if message["type"] == "http.response.start":
                status_seen = message["status"]
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        try:
            if error is not None:
                await self._respond(scope, receive, send_wrapper, error, None)
                return
            if latency_ms:
                # Shutdown cuts a simulated wait short rather than holding the exit up.
                await shutdown_signal(scope["app"]).sleep(latency_ms / 1000)
            if fault in ANSWERED_FAULTS:
                answer = await self._fault(fault, scope, request_id)
                await self._respond(scope, receive, send_wrapper, answer, None)
                return
            if fault is not None:
                state["fault"] = fault  # streaming routes act on drop-stream themselves
            await self.app(scope, receive, send_wrapper)
        finally:
            query = scope.get("query_string", b"")
            sandbox.journal.record(
                request_id=request_id,
                method="HEAD" if state.get(HEAD_KEY) else method,
                path=path,
                query=query.decode("latin-1") if query else "",
                status=status_seen,
                sim_time=sandbox.world.clock.now(),
                duration_ms=(perf_counter() - started) * 1000,
                fault=fault,
            )

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, denied: AccessDenied, request_id: str
    ) -> None:
        extra = {"WWW-Authenticate": "Bearer"} if denied.status == 401 else None
        response = error_response(
            scope["path"],
            denied.status,
            denied.code,
            denied.message.en,
            message=denied.message,
            hint=denied.hint,
            headers=extra,
            request_id=request_id,
        )
        response.raw_headers.append((b"x-request-id", request_id.encode("latin-1")))
        await response(scope, receive, send)

    def _knobs(
        self, headers: dict[bytes, str], path: str
    ) -> tuple[int, str | None, Response | None]:
        """Latency and fault from the X-Sim-* headers (at least one is present), or the 400."""
        raw_latency = headers.get(b"x-sim-latency-ms")
        fault = headers.get(b"x-sim-fault")
        latency_ms = 0
        if raw_latency is not None:
            cap = self.runtime.settings.max_latency_ms
            if (
                not (raw_latency.isascii() and raw_latency.isdigit())
                or len(raw_latency) > MAX_LATENCY_DIGITS
                or int(raw_latency) > cap
            ):
                return (
                    0,
                    None,
                    error_response(
                        path,
                        400,
                        "INVALID_SIM_HEADER",
                        f"X-Sim-Latency-Ms must be a whole number of milliseconds, 0 to {cap}.",
                        message=bi(
                            "请求头 X-Sim-Latency-Ms 无效。", "X-Sim-Latency-Ms is invalid."
                        ),
                    ),
                )
            latency_ms = int(raw_latency)
        if fault is not None and fault not in FAULT_KINDS:
            return (
                0,
                None,
                error_response(
                    path,
                    400,
                    "INVALID_SIM_HEADER",
                    f"X-Sim-Fault must be one of: {', '.join(FAULT_KINDS)}.",
                    message=bi("请求头 X-Sim-Fault 无效。", "X-Sim-Fault is invalid."),
                ),
            )
        return latency_ms, fault, None

    async def _fault(self, fault: str, scope: Scope, request_id: str) -> Response:
        path = scope["path"]
        if fault == "429":
            return error_response(
                path,
                429,
                "RATE_LIMITED",
                "Simulated rate limit (X-Sim-Fault: 429); retry after the Retry-After seconds.",
                message=bi("请求太频繁，请稍后再试。", "Too many requests; try again shortly."),
                resolution="RETRY_LATER",
                request_id=request_id,  # with Retry-After, as every 429
            )
        if fault == "500":
            return error_response(
                path,
                500,
                "SIMULATED_FAULT",
                "Simulated internal error (X-Sim-Fault: 500).",
                message=bi("服务暂时出错，请稍后再试。", "Something went wrong; try again."),
                request_id=request_id,
            )
        if fault == "503":
            return error_response(
                path,
                503,
                "SERVICE_UNAVAILABLE",
                "Simulated outage (X-Sim-Fault: 503).",
                message=bi("服务暂时不可用，请稍后再试。", "Service unavailable; try later."),
                resolution="RETRY_LATER",
                request_id=request_id,  # with Retry-After, as every 503
            )
        await shutdown_signal(scope["app"]).sleep(self.runtime.settings.fault_timeout_s)
        return error_response(
            path,
            504,
            "GATEWAY_TIMEOUT",
            "Simulated timeout (X-Sim-Fault: timeout).",
            message=bi("请求超时，请稍后再试。", "The request timed out; try again."),
            request_id=request_id,
        )

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


def _with_header(send: Send, header: tuple[bytes, bytes]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), header]
        await send(message)

    return sending

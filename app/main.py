"""The app factory: settings in, a configured FastAPI app out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from agents.catalog import Catalog
from app import docs, examples, fallback, openapi, problems, surfaces
from app.body_limit import DeclaredSizeGuard
from app.completion_fastpath import CompletionFastPath
from app.cors import CORSMiddleware
from app.fastpath import SnapshotFastPath, snapshot_lane
from app.head import HeadAsGet
from app.mcp import MCP_PATH, LazyMCP
from app.middleware import SimMiddleware
from app.routes import (
    agents,
    cabin,
    car_genius,
    chat,
    chat_events,
    commands,
    compat,
    dashscope,
    health,
    places,
    sim,
    telemetry,
    trips,
    vehicles,
)
from app.runtime import Runtime
from app.settings import LOOPBACK_ORIGIN_REGEX, Settings
from app.turn_fastpath import TurnFastPath

CONSOLE_DIR = Path(__file__).resolve().parent / "static"

DESCRIPTION = """
A simulated in-car AI assistant backend: **Car Genius** and **Travel Companion** as deterministic
mocks over a simulated fleet, driven by fixtures and a virtual clock.

* Every request belongs to the sandbox named by `X-Sandbox` (or `?sandbox=`; default `default`).
* With `INCAR_API_KEYS` set, send `Authorization: Bearer <key>` (GET streams: `?api_key=`).
* `X-Sim-Latency-Ms` and `X-Sim-Fault` (`429`, `500`, `503`, `timeout`, `drop-stream`) simulate
  trouble.
* Errors are RFC 9457 problem details with a stable `code` and a bilingual `message`
  (OpenAI's error object on `/compatible-mode`, DashScope's `{code, message, request_id}` on
  `/api`).
"""

TAGS = [
    {"name": "vehicles", "description": "The fleet's state, like connected-car APIs."},
    {"name": "commands", "description": "Remote commands with a pending → executed lifecycle."},
    {"name": "keys", "description": "Digital keys: share and revoke."},
    {"name": "car-genius", "description": "Vehicle briefing, alerts and warning lights."},
    {"name": "trips", "description": "Travel Companion: EV-aware trip planning and playback."},
    {"name": "travel", "description": "Chargers and dining along the way."},
    {"name": "profiles", "description": "Driver profiles that personalise plans and dining."},
    {"name": "simulation", "description": "Scenarios, clock, state patches, faults, journal."},
    {"name": "sandboxes", "description": "Isolated copies of the world per tester."},
    {"name": "agents", "description": "The agents and their tools, with JSON schemas."},
    {"name": "chat", "description": "Conversations: turns as JSON or streamed as SSE."},
    {"name": "compatible-mode", "description": "OpenAI / DashScope-compatible chat completions."},
    {"name": "dashscope", "description": "DashScope's native text generation (the dashscope SDK)."},
    {"name": "health", "description": "Liveness."},
]


# FastAPI's native OpenTelemetry unless INCAR_OTEL=1 (see Settings.otel).
TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


class IncarApp(FastAPI):
    """FastAPI with the declared-size check outside its middleware stack (see body_limit.py) and
    a lane around the outer layers for the polled vehicle snapshot (see fastpath.py)."""

    def __init__(self, *, otel: bool, **options: Any) -> None:
        super().__init__(telemetry=None if otel else TELEMETRY_OFF, **options)
        self.otel = otel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Without telemetry FastAPI's own __call__ only checks that it is off, then calls
        # Starlette's, which does this: ~1 µs a request saved on the polled reads.
        if (
            scope["type"] == "http"
            and not self.otel
            and self.middleware_stack is not None
            and not self.root_path
        ):
            scope["app"] = self
            await self.middleware_stack(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        if self.max_body_size is not None:
            stack = DeclaredSizeGuard(stack, self.max_body_size)
        return snapshot_lane(stack)


def create_app(settings: Settings | None = None, catalog: Catalog | None = None) -> FastAPI:
    """Build the service. Fixtures are loaded here (unless a loaded `catalog` is passed, as tests
    do), so a broken fixture fails start-up with the same message as `incar validate`."""
    settings = settings or Settings()
    runtime = Runtime.start(settings, catalog)
    app = IncarApp(
        title="incar-sim",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,  # served by app/docs.py from local assets, never a CDN
        redoc_url=None,
        # Bodies sent without Content-Length are cut off here as they stream in; SimMiddleware
        # refuses a declared oversize body before anything reads it.
        max_body_size=settings.max_body_bytes,
        otel=settings.otel,
    )
    app.state.runtime = runtime
    problems.install(app)
    openapi.install(app, settings)
    examples.install(app)  # after: puts back the nulls FastAPI drops from examples
    openapi.share(app, settings)  # last: the finished document, built once per process
    docs.install(app)
    surfaces.install(app)
    # Starlette tries routes in order: the LLM surfaces first, as they carry the heaviest traffic
    # and would otherwise pay ~90 failed path matches a request (the snapshot has its own lane).
    for module in (
        compat,
        dashscope,
        chat,
        chat_events,
        vehicles,
        telemetry,
        commands,
        cabin,
        car_genius,
        trips,
        places,
        agents,
        sim,
        health,
    ):
        app.include_router(module.router)
    # Stateless streamable HTTP: POST only (GET and DELETE get the fallback's 405, as the spec
    # allows a server without server-sent streams or sessions).
    app.router.routes.append(
        Route(MCP_PATH, LazyMCP(runtime), methods=["POST"], include_in_schema=False)
    )
    app.router.routes.extend(fallback.routes())
    # The demo console; mounted last so every API route above wins over a file path.
    app.mount("/", StaticFiles(directory=CONSOLE_DIR, html=True), name="console")
    if settings.turn_fast_path:
        app.add_middleware(TurnFastPath, runtime=runtime)
    if settings.completion_fast_path:
        app.add_middleware(CompletionFastPath)
    if settings.snapshot_fast_path:
        app.add_middleware(SnapshotFastPath)
    app.add_middleware(SimMiddleware, runtime=runtime)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=LOOPBACK_ORIGIN_REGEX,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["ETag", "X-Request-Id", "Retry-After"],
    )
    app.add_middleware(HeadAsGet)  # outermost: everything inside answers HEAD as GET
    return app

"""Live telemetry over SSE: a frame whenever the car's state or the sim clock moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent

from agents.world.telemetry import TelemetryFrame, frame
from app.deps import AnyVehicle, SandboxDep
from app.problems import problem_responses
from app.shutdown import shutdown_signal
from app.sse import DROP, DroppableStreamRoute, drops_stream

router = APIRouter(prefix="/v1/vehicles", tags=["vehicles"], route_class=DroppableStreamRoute)


@router.get(
    "/{vehicle_id}/telemetry",
    summary="Live telemetry (SSE)",
    description=(
        "`event: telemetry` frames, sent when something changed, checked every `interval_ms` of "
        'wall time. Run the clock (`POST /v1/sim/clock {"run": true, "speed": 60}`) to watch '
        "a trip play. `max_frames` ends the stream (handy in tests); so does the server shutting "
        "down. `X-Sim-Fault: drop-stream` (or a sandbox fault rule) breaks the connection after "
        "the first frame, without the stream's end, as when the network fails."
    ),
    response_class=EventSourceResponse,
    responses={200: {"model": TelemetryFrame}, **problem_responses(404)},
)
async def telemetry(
    vehicle: AnyVehicle,
    sandbox: SandboxDep,
    request: Request,
    interval_ms: Annotated[int, Query(ge=50, le=60_000)] = 1000,
    max_frames: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> AsyncIterator[ServerSentEvent]:
    world = sandbox.world
    vehicle_id = vehicle.id
    shutdown = shutdown_signal(request.app)
    drops = drops_stream(request)
    sent, last_key = 0, None
    while max_frames is None or sent < max_frames:
        now = world.sync()
        key = (world.version, now)
        if key != last_key:
            last_key = key
            sent += 1
            current = world.vehicles[vehicle_id]
            data = frame(current, now, sent)
            yield ServerSentEvent(event="telemetry", id=str(sent), data=data)
            if drops:
                yield DROP
                return
            if max_frames is not None and sent >= max_frames:
                return
        if await shutdown.sleep(interval_ms / 1000):
            return

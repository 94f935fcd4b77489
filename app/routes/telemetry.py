"""Live telemetry over SSE: a frame whenever the car's state or the sim clock moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent

from agents.world.telemetry import TelemetryFrame, frame
from app.deps import AnyVehicle, SandboxDep
from app.examples import events
from app.problems import problem_responses
from app.shutdown import shutdown_signal
from app.sse import DROP, DroppableStreamRoute, EventDoc, drops_stream, sends

router = APIRouter(prefix="/v1/vehicles", tags=["vehicles"], route_class=DroppableStreamRoute)


@router.get(
    "/{vehicle_id}/telemetry",
    summary="Live telemetry (SSE)",
    description=(
        "A server-sent event stream of this sandbox's car: an `event: telemetry` frame (`id` "
        "counts from 1; `data` is a TelemetryFrame: SoC or fuel, range, speed, position, "
        "locks, charging, cabin temperature, the active trip) at once, then whenever the car's "
        "state or the sim clock changed, checked every `interval_ms` of wall time. Works while "
        'the car sleeps. Run the clock (`POST /v1/sim/clock {"run": true, "speed": 60}`) to '
        "watch a trip play. Reads only. The stream ends after `max_frames` frames (handy in "
        "tests) or when the server shuts down; otherwise it runs until the client leaves. "
        "`X-Sim-Fault: drop-stream` (or a sandbox fault rule) breaks the connection after the "
        "first frame, without the stream's end, as when the network fails. Errors (before the "
        "stream starts): 404 `VEHICLE_NOT_FOUND`. Browsers' `EventSource` can't send headers: "
        "use `?sandbox=` and `?api_key=`."
    ),
    response_class=EventSourceResponse,
    responses={
        200: {
            "model": TelemetryFrame,
            "content": {"text/event-stream": {"examples": events("telemetry")}},
        },
        **problem_responses(404),
    },
)
@sends(EventDoc("telemetry", data=TelemetryFrame, event="telemetry", with_id=True))
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

"""Live telemetry over SSE: a frame whenever the car's state or the sim clock moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import APIRouter, Query
from fastapi.sse import EventSourceResponse, ServerSentEvent

from agents.world.telemetry import TelemetryFrame, frame
from app.deps import AnyVehicle, SandboxDep
from app.problems import problem_responses

router = APIRouter(prefix="/v1/vehicles", tags=["vehicles"])


@router.get(
    "/{vehicle_id}/telemetry",
    summary="Live telemetry (SSE)",
    description=(
        "`event: telemetry` frames, sent when something changed, checked every `interval_ms` of "
        'wall time. Run the clock (`POST /v1/sim/clock {"run": true, "speed": 60}`) to watch '
        "a trip play. `max_frames` ends the stream (handy in tests)."
    ),
    response_class=EventSourceResponse,
    responses={200: {"model": TelemetryFrame}, **problem_responses(404)},
)
async def telemetry(
    vehicle: AnyVehicle,
    sandbox: SandboxDep,
    interval_ms: Annotated[int, Query(ge=50, le=60_000)] = 1000,
    max_frames: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> AsyncIterator[ServerSentEvent]:
    world = sandbox.world
    vehicle_id = vehicle.id
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
            if max_frames is not None and sent >= max_frames:
                return
        await anyio.sleep(interval_ms / 1000)

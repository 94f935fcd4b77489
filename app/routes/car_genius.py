"""Car Genius read side: the vehicle briefing, its alerts, and the warning-light knowledge base."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from agents.car_genius.alerts import Alert, derive_alerts
from agents.car_genius.briefing import Briefing, build_briefing
from agents.car_genius.warning_lights import LightColor, LightSystem, WarningLight
from agents.world.models import Severity
from agents.world.views import Reading, reading
from app.deps import AwakeVehicle, RuntimeDep, WorldDep
from app.problems import problem_responses

router = APIRouter(tags=["car-genius"])


@router.get(
    "/v1/car-genius/{vehicle_id}/briefing",
    summary="What the car would tell you now",
    responses=problem_responses(404, 408),
)
async def briefing(vehicle: AwakeVehicle, world: WorldDep, runtime: RuntimeDep) -> Briefing:
    return build_briefing(vehicle, runtime.catalog.lights, world.now())


@router.get(
    "/v1/vehicles/{vehicle_id}/alerts",
    summary="Alerts derived from the state",
    tags=["vehicles"],
    responses=problem_responses(404, 408),
)
async def alerts(
    vehicle: AwakeVehicle, world: WorldDep, runtime: RuntimeDep
) -> Reading[list[Alert]]:
    now = world.now()
    found = derive_alerts(vehicle, runtime.catalog.lights, now)
    return reading(vehicle, now, found, vehicle.state.last_seen_at)


@router.get("/v1/car-genius/warning-lights", summary="The warning-light knowledge base")
async def warning_lights(
    runtime: RuntimeDep,
    color: Annotated[LightColor | None, Query()] = None,
    severity: Annotated[Severity | None, Query()] = None,
    system: Annotated[LightSystem | None, Query()] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Free text: 'orange engine light', '黄色的发动机灯'"),
    ] = None,
) -> list[WarningLight]:
    book = runtime.catalog.lights
    if q:
        return book.match(color.value if color else None, system.value if system else None, q)
    return book.filter(color=color, severity=severity, system=system)


@router.get(
    "/v1/car-genius/warning-lights/{light_id}",
    summary="One warning light",
    responses=problem_responses(404),
)
async def warning_light(light_id: str, runtime: RuntimeDep) -> WarningLight:
    return runtime.catalog.lights.get(light_id)

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
from app.examples import ok
from app.problems import problem_responses

router = APIRouter(tags=["car-genius"])


@router.get(
    "/v1/car-genius/{vehicle_id}/briefing",
    summary="What the car would tell you now",
    description=(
        "Car Genius's briefing: a bilingual headline, one line per topic (energy, charging, "
        "security, tyres, climate, location, odometer, service, connectivity) with how old its "
        "data is, counts of alerts by severity, and what this model doesn't report. Derived "
        "from this sandbox's car as of the sim clock; changes nothing. Errors: 404 "
        "`VEHICLE_NOT_FOUND`, 408 `VEHICLE_ASLEEP`."
    ),
    responses={200: ok("briefing"), **problem_responses(404, 408)},
)
async def briefing(vehicle: AwakeVehicle, world: WorldDep, runtime: RuntimeDep) -> Briefing:
    return build_briefing(vehicle, runtime.catalog.lights, world.now())


@router.get(
    "/v1/vehicles/{vehicle_id}/alerts",
    summary="Alerts derived from the state",
    description=(
        "What deserves the driver's attention now, most severe first: warning lights with what "
        "to do, low charge or fuel, tyre pressure, open doors or windows, service due, "
        "charging faults. Each has a severity, a bilingual message and, where one exists, the "
        "warning light's id. Derived as of the sim clock; changes nothing. Errors: 404 "
        "`VEHICLE_NOT_FOUND`, 408 `VEHICLE_ASLEEP`."
    ),
    tags=["vehicles"],
    responses={200: ok("alerts"), **problem_responses(404, 408)},
)
async def alerts(
    vehicle: AwakeVehicle, world: WorldDep, runtime: RuntimeDep
) -> Reading[list[Alert]]:
    now = world.now()
    found = derive_alerts(vehicle, runtime.catalog.lights, now)
    return reading(vehicle, now, found, vehicle.state.last_seen_at)


@router.get(
    "/v1/car-genius/warning-lights",
    summary="The warning-light knowledge base",
    description=(
        "Warning lights with their meaning, severity, whether to keep driving and what to do, "
        "in both languages. Filter by `color`, `severity` and `system`, or describe the light "
        "in words (`q`, Chinese or English: 'orange engine light', '黄色的发动机灯'), which "
        "ranks the best matches first. Static data, the same in every sandbox. An empty list "
        "when nothing matches."
    ),
    responses={200: ok("warning_lights")},
)
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
    description=(
        "One light of the knowledge base by id, as listed by the car's check-control messages "
        "and by alerts. Static data. Errors: 404 `WARNING_LIGHT_NOT_FOUND` (with the `known` "
        "ids)."
    ),
    responses={200: ok("warning_light"), **problem_responses(404)},
)
async def warning_light(light_id: str, runtime: RuntimeDep) -> WarningLight:
    return runtime.catalog.lights.get(light_id)

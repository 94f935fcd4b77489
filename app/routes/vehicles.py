"""Vehicle reads: the list, the full snapshot, focused reads and VSS signals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from agents.world.models import Battery, Charging, Climate, Fuel, Location, Security, Tires
from agents.world.signals import Signal, read_signals
from agents.world.views import (
    CheckControlData,
    OdometerData,
    Reading,
    ServiceData,
    VehicleSnapshot,
    VehicleSummary,
    reading,
    require,
    summary,
)
from app.deps import AwakeVehicle, SandboxDep, WorldDep
from app.examples import SIGNAL_PATHS, ok
from app.problems import problem_responses
from app.snapshots import conditional, rendered_snapshot

router = APIRouter(prefix="/v1/vehicles", tags=["vehicles"])
READ_ERRORS = problem_responses(404, 408, 501)
READ_NOTE = (
    "Reads this sandbox's car as of the sim clock; changes nothing. `age_s` says how old "
    "the reading is. Errors: 404 `VEHICLE_NOT_FOUND` (with the `known` ids), 408 "
    "`VEHICLE_ASLEEP` while the car sleeps (send a `wake` command)"
)
NOT_CAPABLE = ", 501 `NOT_CAPABLE` when the model has no such system"


def focused(what: str, *, capability: bool = True) -> str:
    return f"{what}\n\n{READ_NOTE}{NOT_CAPABLE if capability else ''}."


@router.get(
    "",
    summary="List the fleet",
    description=(
        "One line per car in this sandbox: name, powertrain, power state, charge or fuel, range, "
        "locked, speed and address, as of the sim clock. Sleeping cars are listed too. Reads "
        "only; never an error of its own."
    ),
    responses={200: ok("list_vehicles")},
)
async def list_vehicles(world: WorldDep) -> list[VehicleSummary]:
    return [summary(v) for v in world.vehicles.values()]


@router.get(
    "/{vehicle_id}",
    summary="Full vehicle snapshot",
    description=(
        "Everything the car reports, in one document: battery or fuel, charging, tyres, "
        "security, climate, location, motion, navigation (while a trip drives it), service and "
        "warning lights. It carries an `ETag`; send it back as `If-None-Match` and an unchanged "
        "car answers 304 with no body, so polling every second is cheap. Reads only. Errors: "
        "404 `VEHICLE_NOT_FOUND`, 408 `VEHICLE_ASLEEP` (wake it with a `wake` command)."
    ),
    response_model=VehicleSnapshot,
    responses={
        200: ok("get_vehicle"),
        304: {"description": "Not modified (If-None-Match)"},
        **READ_ERRORS,
    },
)
async def get_vehicle(vehicle_id: str, request: Request, sandbox: SandboxDep) -> Response:
    body, etag = rendered_snapshot(sandbox, vehicle_id)
    return conditional(request, body, etag)


@router.get(
    "/{vehicle_id}/battery",
    summary="High-voltage battery",
    description=focused("State of charge (%), range and capacity of an electric or hybrid car."),
    responses={200: ok("get_battery"), **READ_ERRORS},
)
async def get_battery(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Battery]:
    battery = require(vehicle, vehicle.state.battery, "battery")
    return reading(vehicle, world.now(), battery, battery.updated_at)


@router.get(
    "/{vehicle_id}/fuel",
    summary="Fuel tank",
    description=focused("Fuel level (%), litres and range of a combustion or hybrid car."),
    responses={200: ok("get_fuel"), **READ_ERRORS},
)
async def get_fuel(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Fuel]:
    fuel = require(vehicle, vehicle.state.fuel, "fuel")
    return reading(vehicle, world.now(), fuel, fuel.updated_at)


@router.get(
    "/{vehicle_id}/charge",
    summary="Charging state",
    description=focused(
        "Plugged in or not, charging status, power, charge limit and the time to reach it."
    ),
    responses={200: ok("get_charge"), **READ_ERRORS},
)
async def get_charge(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Charging]:
    charging = require(vehicle, vehicle.state.charging, "charging")
    return reading(vehicle, world.now(), charging, charging.updated_at)


@router.get(
    "/{vehicle_id}/tires",
    summary="Tyre pressures (kPa)",
    description=focused("Each tyre's pressure and the recommended pressure, in kPa."),
    responses={200: ok("get_tires"), **READ_ERRORS},
)
async def get_tires(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Tires]:
    tires = require(vehicle, vehicle.state.tires, "tire_pressure")
    return reading(vehicle, world.now(), tires, tires.updated_at)


@router.get(
    "/{vehicle_id}/security",
    summary="Locks, doors, windows, boot",
    description=focused(
        "Whether the car is locked, and which doors and windows, the boot and the bonnet are "
        "open. Every car has it.",
        capability=False,
    ),
    responses={200: ok("get_security"), **READ_ERRORS},
)
async def get_security(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Security]:
    security = vehicle.state.security
    return reading(vehicle, world.now(), security, security.updated_at)


@router.get(
    "/{vehicle_id}/climate",
    summary="Cabin climate",
    description=focused("Cabin and outside temperature, target temperature and whether it runs."),
    responses={200: ok("get_climate"), **READ_ERRORS},
)
async def get_climate(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Climate]:
    climate = require(vehicle, vehicle.state.climate, "climate_state")
    return reading(vehicle, world.now(), climate, climate.updated_at)


@router.get(
    "/{vehicle_id}/location",
    summary="Position, heading, address",
    description=focused(
        "Coordinates (WGS-84), heading and the address in both languages. While a trip is "
        "under way the position follows the plan as the clock moves."
    ),
    responses={200: ok("get_location"), **READ_ERRORS},
)
async def get_location(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Location]:
    location = require(vehicle, vehicle.state.location, "location")
    return reading(vehicle, world.now(), location, location.updated_at)


@router.get(
    "/{vehicle_id}/odometer",
    summary="Odometer and speed",
    description=focused("Total distance (km) and current speed (km/h).", capability=False),
    responses={200: ok("get_odometer"), **READ_ERRORS},
)
async def get_odometer(vehicle: AwakeVehicle, world: WorldDep) -> Reading[OdometerData]:
    motion = vehicle.state.motion
    data = OdometerData(odometer_km=motion.odometer_km, speed_kmh=motion.speed_kmh)
    return reading(vehicle, world.now(), data, motion.updated_at)


@router.get(
    "/{vehicle_id}/service",
    summary="Condition-based service",
    description=focused(
        "Condition-based service items (due date and distance, status) and the software version.",
        capability=False,
    ),
    responses={200: ok("get_service"), **READ_ERRORS},
)
async def get_service(vehicle: AwakeVehicle, world: WorldDep) -> Reading[ServiceData]:
    data = ServiceData(items=vehicle.state.service, software_version=vehicle.state.software_version)
    return reading(vehicle, world.now(), data, vehicle.state.last_seen_at)


@router.get(
    "/{vehicle_id}/check-control",
    summary="Active warning lights",
    description=focused(
        "The check-control messages the car shows now (warning light id, since when); look a "
        "light up in `GET /v1/car-genius/warning-lights/{light_id}`. Empty when all is well.",
        capability=False,
    ),
    responses={200: ok("get_check_control"), **READ_ERRORS},
)
async def get_check_control(vehicle: AwakeVehicle, world: WorldDep) -> Reading[CheckControlData]:
    data = CheckControlData(messages=vehicle.state.check_control)
    return reading(vehicle, world.now(), data, vehicle.state.last_seen_at)


@router.get(
    "/{vehicle_id}/signals",
    summary="State as COVESA VSS signals",
    description=(
        "The car's state as COVESA Vehicle Signal Specification signals (path, value, unit, "
        "timestamp), for clients that speak VSS. `paths` picks signals or whole branches "
        "(`Vehicle.Cabin.*`); signals the car lacks are left out. Reads only. Errors: 404 "
        "`VEHICLE_NOT_FOUND`, 408 `VEHICLE_ASLEEP`, 422 `VALIDATION_ERROR` for a path that is "
        "not supported (`known` lists those that are)."
    ),
    responses={200: ok("get_signals"), **problem_responses(404, 408, 422)},
)
async def get_signals(
    vehicle: AwakeVehicle,
    world: WorldDep,
    paths: Annotated[
        str | None,
        Query(
            description="Comma-separated VSS paths or branches (`Vehicle.Cabin.*`); all if omitted",
            examples=[SIGNAL_PATHS],
        ),
    ] = None,
) -> list[Signal]:
    wanted = [p.strip() for p in paths.split(",") if p.strip()] if paths else None
    return read_signals(vehicle, wanted, world.now())

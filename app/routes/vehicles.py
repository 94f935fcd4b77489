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
from app.problems import problem_responses
from app.snapshots import conditional, rendered_snapshot

router = APIRouter(prefix="/v1/vehicles", tags=["vehicles"])
READ_ERRORS = problem_responses(404, 408, 501)


@router.get("", summary="List the fleet")
async def list_vehicles(world: WorldDep) -> list[VehicleSummary]:
    return [summary(v) for v in world.vehicles.values()]


@router.get(
    "/{vehicle_id}",
    summary="Full vehicle snapshot",
    response_model=VehicleSnapshot,
    responses={304: {"description": "Not modified (If-None-Match)"}, **READ_ERRORS},
)
async def get_vehicle(vehicle_id: str, request: Request, sandbox: SandboxDep) -> Response:
    body, etag = rendered_snapshot(sandbox, vehicle_id)
    return conditional(request, body, etag)


@router.get("/{vehicle_id}/battery", summary="High-voltage battery", responses=READ_ERRORS)
async def get_battery(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Battery]:
    battery = require(vehicle, vehicle.state.battery, "battery")
    return reading(vehicle, world.now(), battery, battery.updated_at)


@router.get("/{vehicle_id}/fuel", summary="Fuel tank", responses=READ_ERRORS)
async def get_fuel(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Fuel]:
    fuel = require(vehicle, vehicle.state.fuel, "fuel")
    return reading(vehicle, world.now(), fuel, fuel.updated_at)


@router.get("/{vehicle_id}/charge", summary="Charging state", responses=READ_ERRORS)
async def get_charge(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Charging]:
    charging = require(vehicle, vehicle.state.charging, "charging")
    return reading(vehicle, world.now(), charging, charging.updated_at)


@router.get("/{vehicle_id}/tires", summary="Tyre pressures (kPa)", responses=READ_ERRORS)
async def get_tires(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Tires]:
    tires = require(vehicle, vehicle.state.tires, "tire_pressure")
    return reading(vehicle, world.now(), tires, tires.updated_at)


@router.get("/{vehicle_id}/security", summary="Locks, doors, windows, boot", responses=READ_ERRORS)
async def get_security(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Security]:
    security = vehicle.state.security
    return reading(vehicle, world.now(), security, security.updated_at)


@router.get("/{vehicle_id}/climate", summary="Cabin climate", responses=READ_ERRORS)
async def get_climate(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Climate]:
    climate = require(vehicle, vehicle.state.climate, "climate_state")
    return reading(vehicle, world.now(), climate, climate.updated_at)


@router.get("/{vehicle_id}/location", summary="Position, heading, address", responses=READ_ERRORS)
async def get_location(vehicle: AwakeVehicle, world: WorldDep) -> Reading[Location]:
    location = require(vehicle, vehicle.state.location, "location")
    return reading(vehicle, world.now(), location, location.updated_at)


@router.get("/{vehicle_id}/odometer", summary="Odometer and speed", responses=READ_ERRORS)
async def get_odometer(vehicle: AwakeVehicle, world: WorldDep) -> Reading[OdometerData]:
    motion = vehicle.state.motion
    data = OdometerData(odometer_km=motion.odometer_km, speed_kmh=motion.speed_kmh)
    return reading(vehicle, world.now(), data, motion.updated_at)


@router.get("/{vehicle_id}/service", summary="Condition-based service", responses=READ_ERRORS)
async def get_service(vehicle: AwakeVehicle, world: WorldDep) -> Reading[ServiceData]:
    data = ServiceData(items=vehicle.state.service, software_version=vehicle.state.software_version)
    return reading(vehicle, world.now(), data, vehicle.state.last_seen_at)


@router.get("/{vehicle_id}/check-control", summary="Active warning lights", responses=READ_ERRORS)
async def get_check_control(vehicle: AwakeVehicle, world: WorldDep) -> Reading[CheckControlData]:
    data = CheckControlData(messages=vehicle.state.check_control)
    return reading(vehicle, world.now(), data, vehicle.state.last_seen_at)


@router.get(
    "/{vehicle_id}/signals",
    summary="State as COVESA VSS signals",
    responses=problem_responses(404, 408, 422),
)
async def get_signals(
    vehicle: AwakeVehicle,
    world: WorldDep,
    paths: Annotated[
        str | None,
        Query(
            description="Comma-separated VSS paths or branches (`Vehicle.Cabin.*`); all if omitted",
            examples=["Vehicle.Speed,Vehicle.Powertrain.TractionBattery.*"],
        ),
    ] = None,
) -> list[Signal]:
    wanted = [p.strip() for p in paths.split(",") if p.strip()] if paths else None
    return read_signals(vehicle, wanted, world.now())

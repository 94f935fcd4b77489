"""Dependencies: the request's sandbox, and path resources loaded or refused with a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from agents.sandbox import Sandbox
from agents.travel.trips import Trip
from agents.world.models import Vehicle
from agents.world.world import World
from app.access import Caller
from app.runtime import Runtime


async def sandbox_of(request: Request) -> Sandbox:
    """Set by SimMiddleware for every /v1 request."""
    sandbox: Sandbox = request.scope["state"]["sandbox"]
    return sandbox


async def caller_of(request: Request) -> Caller:
    """Who is asking, and for which sandbox (set by SimMiddleware)."""
    caller: Caller = request.scope["state"]["caller"]
    return caller


async def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def world_of(request: Request) -> World:
    world = (await sandbox_of(request)).world
    world.sync()
    return world


async def vehicle_any(vehicle_id: str, world: Annotated[World, Depends(world_of)]) -> Vehicle:
    """The vehicle, whatever its power state (404 VEHICLE_NOT_FOUND names the known ids)."""
    return world.vehicle(vehicle_id)


async def vehicle_awake(vehicle_id: str, world: Annotated[World, Depends(world_of)]) -> Vehicle:
    """The vehicle, if its data can be read (408 VEHICLE_ASLEEP otherwise)."""
    return world.awake_vehicle(vehicle_id)


async def trip_of(trip_id: str, request: Request) -> Trip:
    """The trip, as of the clock's now (404 TRIP_NOT_FOUND names the known ids)."""
    sandbox = await sandbox_of(request)
    sandbox.world.sync()
    return sandbox.trips.get(trip_id)


SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
CallerDep = Annotated[Caller, Depends(caller_of)]
WorldDep = Annotated[World, Depends(world_of)]
AnyVehicle = Annotated[Vehicle, Depends(vehicle_any)]
AwakeVehicle = Annotated[Vehicle, Depends(vehicle_awake)]
TripDep = Annotated[Trip, Depends(trip_of)]

"""Travel Companion: trip planning and trips that drive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from agents.travel.trips import Trip, TripPlanRequest
from app.deps import RuntimeDep, SandboxDep, TripDep
from app.examples import PLAN_REQUESTS, ok
from app.problems import problem_responses

router = APIRouter(prefix="/v1/trips", tags=["trips"])


@router.post(
    "/plan",
    summary="Plan an EV-aware trip",
    description=(
        "Plans a route for a car from where it is (or `origin`) to `destination`, by place name "
        "or coordinates, through `waypoints`: legs, charging stops chosen for the car's "
        "consumption and charge curve, SoC on arrival everywhere, and a GeoJSON line to draw. "
        "Knobs left out come from the profile (`profile_id`), then from the car. Meal times "
        "get a meal stop with dining suggestions. The trip is stored in this sandbox as "
        "`planned` (`trip-0001`, ...) for `start`; nothing else changes. An impossible trip is "
        'still a 200 answer with `plan.status: "infeasible"`, the failing leg, the furthest '
        "reachable point and a reason. Errors: 404 `VEHICLE_NOT_FOUND`, `PLACE_NOT_FOUND`, "
        "`PROFILE_NOT_FOUND`; 409 `LOCATION_UNKNOWN` (no `origin` and the car's position is "
        "unknown); 422 `OUTSIDE_ROAD_NETWORK`, `NO_ROUTE`; 429 `TRIP_LIMIT` when every kept trip "
        "is under way."
    ),
    responses={200: ok("plan"), **problem_responses(404, 409, 422)},
)
async def plan(
    request: Annotated[TripPlanRequest, Body(openapi_examples=PLAN_REQUESTS)],
    sandbox: SandboxDep,
    runtime: RuntimeDep,
) -> Trip:
    profile = sandbox.profiles.optional(request.profile_id)
    return sandbox.trips.plan(sandbox.world, runtime.catalog.travel, request, profile)


@router.get(
    "",
    summary="List trips",
    description=(
        "This sandbox's trips, oldest first, with status (`planned`, `active`, `arrived`, "
        "`superseded`, `cancelled`) and progress as of the sim clock; `vehicle_id` keeps one "
        "car's. Reads only."
    ),
    responses={200: ok("list_trips")},
)
async def list_trips(
    sandbox: SandboxDep, vehicle_id: Annotated[str | None, Query(max_length=64)] = None
) -> list[Trip]:
    sandbox.world.sync()
    return sandbox.trips.list(vehicle_id)


@router.get(
    "/{trip_id}",
    summary="A trip and its progress",
    description=(
        "The trip: its request, plan and, once started, `progress` as of the sim clock "
        "(distance done, current leg, SoC, next stop, ETA). Reads only. Errors: 404 "
        "`TRIP_NOT_FOUND` (with the `known` ids)."
    ),
    responses={200: ok("get_trip"), **problem_responses(404)},
)
async def get_trip(trip: TripDep) -> Trip:
    return trip


@router.post(
    "/{trip_id}/start",
    summary="Start driving: the sim clock now moves the car along the plan",
    description=(
        "Makes a `planned` trip `active`: from now on advancing the sim clock drives the car "
        "along the plan (position, speed, odometer, SoC, charging at the planned chargers, "
        "`state.navigation`) until it arrives. Another active trip of the car is cancelled. "
        "Errors: 404 `TRIP_NOT_FOUND`, 408 `VEHICLE_ASLEEP`, 409 `TRIP_NOT_STARTABLE` (already "
        "started or over), `TRIP_INFEASIBLE`, `TRIP_STALE` (the car's SoC moved away from the "
        "planned start: replan first)."
    ),
    responses={200: ok("start_trip"), **problem_responses(404, 408, 409)},
)
async def start_trip(trip: TripDep, sandbox: SandboxDep) -> Trip:
    return sandbox.trips.start(sandbox.world, trip.trip_id)


@router.post(
    "/{trip_id}/replan",
    summary="Replan from the car's current position and SoC",
    description=(
        "Plans the same trip again from where the car is now, with its SoC now and the "
        "waypoints not yet passed. The answer is a new trip (`replanned_from` names the old "
        "one). A planned trip it replaces becomes `superseded`; an active one too when the new "
        "plan is feasible, and the new trip then takes over driving the car. Errors: 404 "
        "`TRIP_NOT_FOUND`, 409 `LOCATION_UNKNOWN` or a refusal to start the new trip, 422 "
        "`OUTSIDE_ROAD_NETWORK`, `NO_ROUTE`, 429 `TRIP_LIMIT`."
    ),
    responses={200: ok("replan_trip"), **problem_responses(404, 409, 422)},
)
async def replan_trip(trip: TripDep, sandbox: SandboxDep, runtime: RuntimeDep) -> Trip:
    profile = sandbox.profiles.optional(trip.profile_id)
    return sandbox.trips.replan(sandbox.world, runtime.catalog.travel, trip.trip_id, profile)

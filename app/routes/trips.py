"""Travel Companion: trip planning and trips that drive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from agents.travel.trips import Trip, TripPlanRequest
from app.deps import RuntimeDep, SandboxDep, TripDep
from app.problems import problem_responses

router = APIRouter(prefix="/v1/trips", tags=["trips"])

PLAN_EXAMPLES = {
    "beijing": {
        "summary": "Shanghai → Beijing in the iX3",
        "value": {"vehicle_id": "ix3-shanghai", "destination": "北京", "start_soc_pct": 90},
    },
    "hangzhou": {
        "summary": "To West Lake, vegetarian driver",
        "value": {
            "vehicle_id": "ix3-shanghai",
            "destination": "West Lake",
            "profile_id": "vegetarian-en",
        },
    },
    "knobs": {
        "summary": "Every knob",
        "value": {
            "vehicle_id": "i5-hangzhou",
            "origin": "Hangzhou",
            "destination": {"lat": 32.0603, "lon": 118.7969},
            "waypoints": ["Suzhou"],
            "departure_at": "2026-06-01T09:00:00+08:00",
            "start_soc_pct": 85,
            "min_arrival_soc_pct": 15,
            "max_charge_soc_pct": 80,
            "destination_soc_pct": 20,
            "stop_overhead_s": 300,
            "operator_preferences": {"eurolink": -2},
        },
    },
}


@router.post(
    "/plan",
    summary="Plan an EV-aware trip",
    description=(
        'An impossible trip is still a 200 answer with `plan.status: "infeasible"`, the failing '
        "leg, the furthest reachable point and a reason. Meal times get a meal stop with dining "
        "suggestions."
    ),
    responses=problem_responses(404, 422),
)
async def plan(
    request: Annotated[TripPlanRequest, Body(openapi_examples=PLAN_EXAMPLES)],
    sandbox: SandboxDep,
    runtime: RuntimeDep,
) -> Trip:
    profile = sandbox.profiles.optional(request.profile_id)
    return sandbox.trips.plan(sandbox.world, runtime.catalog.travel, request, profile)


@router.get("", summary="List trips")
async def list_trips(
    sandbox: SandboxDep, vehicle_id: Annotated[str | None, Query(max_length=64)] = None
) -> list[Trip]:
    sandbox.world.sync()
    return sandbox.trips.list(vehicle_id)


@router.get("/{trip_id}", summary="A trip and its progress", responses=problem_responses(404))
async def get_trip(trip: TripDep) -> Trip:
    return trip


@router.post(
    "/{trip_id}/start",
    summary="Start driving: the sim clock now moves the car along the plan",
    responses=problem_responses(404, 408, 409),
)
async def start_trip(trip: TripDep, sandbox: SandboxDep) -> Trip:
    return sandbox.trips.start(sandbox.world, trip.trip_id)


@router.post(
    "/{trip_id}/replan",
    summary="Replan from the car's current position and SoC",
    responses=problem_responses(404, 409, 422),
)
async def replan_trip(trip: TripDep, sandbox: SandboxDep, runtime: RuntimeDep) -> Trip:
    profile = sandbox.profiles.optional(trip.profile_id)
    return sandbox.trips.replan(sandbox.world, runtime.catalog.travel, trip.trip_id, profile)

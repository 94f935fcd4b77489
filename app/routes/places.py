"""Travel Companion look-ups: chargers, dining, driver profiles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, model_validator

from agents.travel.chargers import ChargerMatch, search_chargers
from agents.travel.dining import DiningQuery, DiningResults, search_dining
from agents.travel.profiles import (
    DietaryRule,
    Party,
    Profile,
    ProfileCreate,
    ProfileUpdate,
)
from agents.travel.restaurants import Cuisine
from agents.world.clock import SimTime
from agents.world.models import Connector, Coordinates
from app.deps import RuntimeDep, SandboxDep
from app.problems import problem_responses

router = APIRouter(tags=["travel"])


class Where(BaseModel):
    """A search is near a point (`lat`+`lon`) or along a trip (`trip_id`)."""

    lat: float | None = Field(
        default=None, ge=-90, le=90, description="With `lon`; not with `trip_id`", examples=[31.3]
    )
    lon: float | None = Field(
        default=None,
        ge=-180,
        le=180,
        description="With `lat`; not with `trip_id`",
        examples=[120.6],
    )
    trip_id: str | None = Field(
        default=None, max_length=64, description="Instead of `lat`+`lon`", examples=["trip-0001"]
    )

    @model_validator(mode="after")
    def _one(self) -> Where:
        point = self.lat is not None and self.lon is not None
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon")
        if point == (self.trip_id is not None):
            raise ValueError("give either lat+lon or trip_id")
        return self


class ChargerParams(Where):
    radius_km: float = Field(default=10, gt=0, le=100)
    corridor_km: float = Field(default=5, gt=0, le=50)
    min_power_kw: float = Field(default=0, ge=0, le=800)
    connector: Connector | None = None
    limit: int = Field(default=20, ge=1, le=100)


class DiningParams(Where):
    stop_index: int | None = Field(default=None, ge=0, description="A stop of `trip_id`")
    radius_km: float = Field(default=5, gt=0, le=50)
    corridor_km: float = Field(default=5, gt=0, le=30)
    open_at: SimTime | None = Field(default=None, description="Default: the sim clock")
    cuisine: list[Cuisine] | None = None
    dietary: list[DietaryRule] | None = None
    max_budget_cny: float | None = Field(default=None, gt=0, le=5000)
    max_detour_min: float | None = Field(default=None, ge=0, le=120)
    adults: int | None = Field(default=None, ge=1, le=20)
    children: int | None = Field(default=None, ge=0, le=20)
    profile_id: str | None = Field(default=None, max_length=64)
    limit: int = Field(default=5, ge=1, le=20)


@router.get(
    "/v1/chargers",
    summary="Chargers near a point or along a trip",
    responses=problem_responses(404, 422),
)
async def chargers(
    params: Annotated[ChargerParams, Query()], sandbox: SandboxDep, runtime: RuntimeDep
) -> list[ChargerMatch]:
    now = sandbox.world.sync()
    line = sandbox.trips.get(params.trip_id).line() if params.trip_id else None
    point = None if line else Coordinates(lat=params.lat or 0, lon=params.lon or 0)
    return search_chargers(
        runtime.catalog.travel.chargers,
        near=point,
        radius_km=params.radius_km,
        along=line,
        corridor_km=params.corridor_km,
        min_power_kw=params.min_power_kw,
        connector=params.connector,
        at=now,
        limit=params.limit,
    )


@router.get(
    "/v1/dining/search",
    summary="Restaurants near a point, along a trip, or at a trip stop",
    description=(
        "Hard constraints (dietary rules, open at the arrival time, budget, detour, party needs) "
        "filter; soft preferences from the profile rank. Each result says why it was chosen."
    ),
    responses=problem_responses(404, 422),
)
async def dining(
    params: Annotated[DiningParams, Query()], sandbox: SandboxDep, runtime: RuntimeDep
) -> DiningResults:
    now = sandbox.world.sync()
    profile = sandbox.profiles.optional(params.profile_id)
    near: Coordinates | None = None
    route: list[Coordinates] | None = None
    open_at: datetime = params.open_at or now
    if params.trip_id is not None:
        trip = sandbox.trips.get(params.trip_id)
        if params.stop_index is not None:
            stop = trip.stop(params.stop_index)
            near, open_at = stop.coordinates, params.open_at or stop.arrival_at
        else:
            route = trip.line()
    else:
        near = Coordinates(lat=params.lat or 0, lon=params.lon or 0)  # both set: validated
    party = None
    if params.adults is not None or params.children is not None:
        party = Party(adults=params.adults or 1, children=params.children or 0)
    query = DiningQuery(
        near=near,
        radius_km=params.radius_km,
        route=route,
        corridor_km=params.corridor_km,
        open_at=open_at,
        cuisines=params.cuisine,
        dietary=params.dietary,
        max_budget_cny=params.max_budget_cny,
        max_detour_min=params.max_detour_min,
        party=party,
        limit=params.limit,
    )
    return search_dining(runtime.catalog.travel.dining, query, profile)


@router.get("/v1/profiles", summary="Driver profiles", tags=["profiles"])
async def list_profiles(sandbox: SandboxDep) -> list[Profile]:
    return sandbox.profiles.list()


@router.post(
    "/v1/profiles",
    status_code=201,
    summary="Create a driver profile",
    tags=["profiles"],
    responses=problem_responses(422),
)
async def create_profile(data: ProfileCreate, sandbox: SandboxDep) -> Profile:
    return sandbox.profiles.create(data)


@router.get(
    "/v1/profiles/{profile_id}",
    summary="One profile",
    tags=["profiles"],
    responses=problem_responses(404),
)
async def get_profile(profile_id: str, sandbox: SandboxDep) -> Profile:
    return sandbox.profiles.get(profile_id)


@router.patch(
    "/v1/profiles/{profile_id}",
    summary="Change a profile",
    tags=["profiles"],
    responses=problem_responses(404, 422),
)
async def update_profile(profile_id: str, patch: ProfileUpdate, sandbox: SandboxDep) -> Profile:
    return sandbox.profiles.update(profile_id, patch)


@router.delete(
    "/v1/profiles/{profile_id}",
    summary="Delete a profile",
    tags=["profiles"],
    responses=problem_responses(404),
)
async def delete_profile(profile_id: str, sandbox: SandboxDep) -> Profile:
    return sandbox.profiles.delete(profile_id)

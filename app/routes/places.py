"""Travel Companion look-ups: chargers, dining, driver profiles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field, model_validator

from agents.travel.chargers import ChargerMatch, search_chargers
from agents.travel.dining import DiningQuery, DiningResults, search_dining
from agents.travel.plan_models import Meal
from agents.travel.profiles import (
    DietaryRule,
    Party,
    Profile,
    ProfileCreate,
    ProfileUpdate,
)
from agents.travel.restaurants import Cuisine
from agents.travel.trip_dining import as_results, suggest_for_trip
from agents.world.clock import SimTime
from agents.world.models import Connector, Coordinates
from app.deps import RuntimeDep, SandboxDep
from app.examples import PROFILE_CREATES, PROFILE_UPDATES, ok
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
    meal: Meal | None = Field(
        default=None,
        description=(
            "With `trip_id`: near the trip's stop nearest this meal's time (else the route "
            "point then); each result's first reason says why it fits the stop"
        ),
    )
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
    description=(
        "Public chargers within `radius_km` of `lat`+`lon`, or within `corridor_km` of a trip's "
        "route (`trip_id`), nearest first (along a trip: in driving order), with operator, "
        "power, connectors, price and how many stalls are free at the sim clock's time. Filter "
        "by `min_power_kw` and `connector`. Reads only. Errors: 404 `TRIP_NOT_FOUND`; 422 "
        "`VALIDATION_ERROR` for `lat` without `lon`, or both a point and `trip_id`."
    ),
    responses={200: ok("chargers"), **problem_responses(404, 422)},
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
        "Restaurants within `radius_km` of `lat`+`lon`, within `corridor_km` of a trip's route "
        "(`trip_id`), or near one of its stops (`trip_id` + `stop_index`, open when the car gets "
        "there). Hard constraints (dietary rules, open at `open_at` or the arrival time, budget, "
        "detour, party needs) filter; soft preferences from the profile rank. Each result says "
        "why it was chosen, and `excluded` counts what each constraint ruled out. Reads only. "
        "Errors: 404 `TRIP_NOT_FOUND`, `PROFILE_NOT_FOUND`; 422 `VALIDATION_ERROR` for a bad "
        "mix of `lat`/`lon`/`trip_id` or a `stop_index` the trip doesn't have."
    ),
    responses={200: ok("dining"), **problem_responses(404, 422)},
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
        if params.meal is not None:
            found = suggest_for_trip(
                runtime.catalog.travel.dining,
                trip.plan,
                profile,
                meal=params.meal,
                dietary=params.dietary,
                cuisines=params.cuisine,
                limit=params.limit,
            )
            return DiningResults(
                results=as_results(found),
                examined=found.examined,
                excluded=found.excluded,
                exhaustive=found.exhaustive,
            )
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


@router.get(
    "/v1/profiles",
    summary="Driver profiles",
    description=(
        "The driver profiles of this sandbox (the fixtures' and those created here): dietary "
        "rules, cuisine and charging-operator preferences, budget, party, home. Trip planning, "
        "dining and chat take one by `profile_id`. Reads only."
    ),
    tags=["profiles"],
    responses={200: ok("list_profiles")},
)
async def list_profiles(sandbox: SandboxDep) -> list[Profile]:
    return sandbox.profiles.list()


@router.post(
    "/v1/profiles",
    status_code=201,
    summary="Create a driver profile",
    description=(
        "Adds a profile to this sandbox and answers it with its new `id`, made from the name. "
        "Fields left out take their defaults. Errors: 422 `VALIDATION_ERROR`; 429 "
        "`PROFILE_LIMIT` when the sandbox holds `INCAR_MAX_PROFILES`."
    ),
    tags=["profiles"],
    responses={201: ok("create_profile"), **problem_responses(422)},
)
async def create_profile(
    data: Annotated[ProfileCreate, Body(openapi_examples=PROFILE_CREATES)], sandbox: SandboxDep
) -> Profile:
    return sandbox.profiles.create(data)


@router.get(
    "/v1/profiles/{profile_id}",
    summary="One profile",
    description=(
        "One driver profile of this sandbox: dietary rules, cuisine and charging-operator "
        "preferences, budget, party and home. Reads only. Errors: 404 `PROFILE_NOT_FOUND` "
        "(with the `known` ids)."
    ),
    tags=["profiles"],
    responses={200: ok("get_profile"), **problem_responses(404)},
)
async def get_profile(profile_id: str, sandbox: SandboxDep) -> Profile:
    return sandbox.profiles.get(profile_id)


@router.patch(
    "/v1/profiles/{profile_id}",
    summary="Change a profile",
    description=(
        "Replaces the fields given, each whole (a new `dietary` list replaces the old one); "
        "`home: null` forgets the home, other fields may be omitted but not null. Answers the "
        "changed profile. Errors: 404 `PROFILE_NOT_FOUND`, 422 `VALIDATION_ERROR` (nothing "
        "changes)."
    ),
    tags=["profiles"],
    responses={200: ok("update_profile"), **problem_responses(404, 422)},
)
async def update_profile(
    profile_id: str,
    patch: Annotated[ProfileUpdate, Body(openapi_examples=PROFILE_UPDATES)],
    sandbox: SandboxDep,
) -> Profile:
    return sandbox.profiles.update(profile_id, patch)


@router.delete(
    "/v1/profiles/{profile_id}",
    summary="Delete a profile",
    description=(
        "Removes the profile from this sandbox and answers it as it was. Trips planned with it "
        "keep their plans. Errors: 404 `PROFILE_NOT_FOUND`."
    ),
    tags=["profiles"],
    responses={200: ok("delete_profile"), **problem_responses(404)},
)
async def delete_profile(profile_id: str, sandbox: SandboxDep) -> Profile:
    return sandbox.profiles.delete(profile_id)

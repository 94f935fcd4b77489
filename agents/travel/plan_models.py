"""What the trip planner takes and returns: options, stops, legs, the plan and its timeline."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from agents.text import Bilingual
from agents.travel.routing import Endpoint, Route
from agents.world.models import Connector, Coordinates, Model, Percent

OperatorPreference = Annotated[int, Field(ge=-2, le=3)]
Meal = Literal["lunch", "dinner"]
Phase = Literal["driving", "charging", "refueling", "resting", "arrived"]


class TripOptions(Model):
    """The planner's knobs, named after A Better Route Planner's."""

    start_soc_pct: Percent = 80
    min_arrival_soc_pct: Percent = Field(default=10, description="At every charger")
    max_charge_soc_pct: Percent = Field(default=80, description="Never charge above this")
    destination_soc_pct: Percent = 10
    stop_overhead_s: int = Field(default=180, ge=0, le=3600, description="Per charging stop")
    operator_preferences: dict[str, OperatorPreference] = Field(
        default_factory=dict,
        description="-2 never, -1 avoid, 0 neutral, +1/+2 prefer, +3 only these operators",
    )
    connectors: list[Connector] | None = Field(
        default=None, description="Usable connectors; default: the car's own"
    )
    min_power_kw: float = Field(default=50, ge=0, le=800, description="Ignore slower chargers")
    corridor_km: float = Field(default=5, gt=0, le=50, description="How far off the route")
    outside_temp_c: float = Field(default=20, ge=-40, le=50)
    start_fuel_pct: Percent = 100
    min_fuel_pct: Percent = Field(default=10, description="Reserve kept in the tank")
    fuel_stop_s: int = Field(default=600, ge=60, le=3600)
    plan_meals: bool = True


class PlanStatus(StrEnum):
    OK = "ok"
    INFEASIBLE = "infeasible"


class StopKind(StrEnum):
    CHARGE = "charge"
    FUEL = "fuel"
    MEAL = "meal"


class PlannedCharger(Model):
    id: str
    name: Bilingual
    operator: str
    operator_name: Bilingual
    coordinates: Coordinates
    place_id: str | None
    connector: Connector
    power_kw: float = Field(description="What this car can draw here: min(charger, car peak)")


class TripStop(Model):
    index: int
    kind: StopKind
    name: Bilingual
    place_id: str | None
    coordinates: Coordinates
    distance_along_km: float = Field(description="Route kilometre where the car leaves the road")
    detour_km: float = Field(description="There and back, on top of the route")
    arrival_at: AwareDatetime
    departure_at: AwareDatetime
    duration_s: int
    charger: PlannedCharger | None = None
    arrival_soc_pct: float | None = None
    departure_soc_pct: float | None = None
    energy_added_kwh: float | None = None
    charge_time_s: int | None = None
    charge_time_min: int | None = None
    available_stalls_at_arrival: int | None = None
    price_cny_per_kwh: float | None = None
    arrival_fuel_pct: float | None = None
    departure_fuel_pct: float | None = None
    fuel_added_l: float | None = None
    cost_cny: float = 0
    meal: Meal | None = None


class MealStopRef(Model):
    """Where a meal is planned, for dining search: the stop, its place and time."""

    meal: Meal
    stop_index: int
    place_id: str | None
    coordinates: Coordinates
    at: AwareDatetime


class LegSummary(Model):
    index: int
    start: Endpoint
    end: Endpoint
    distance_km: float
    drive_time_s: int
    energy_kwh: float | None = None
    fuel_l: float | None = None


class Infeasibility(Model):
    failing_leg_index: int
    furthest_reachable: Coordinates
    furthest_reachable_km: float = Field(description="Route kilometre the car can get to")
    reason: Bilingual


class TrackPoint(Model):
    """A corner of the trip's timeline. Between two points everything changes linearly, so
    playback is interpolation. `phase` and `stop_index` describe the interval that starts here."""

    t_s: float
    lat: float
    lon: float
    distance_km: float
    soc_pct: float | None
    fuel_pct: float | None
    heading_deg: float
    phase: Phase
    stop_index: int | None = None


class TripPlan(Model):
    status: PlanStatus
    origin: Endpoint
    destination: Endpoint
    waypoints: list[Endpoint] = Field(default_factory=list)
    departure_at: AwareDatetime
    arrival_at: AwareDatetime | None
    distance_km: float = Field(description="Route plus charger detours")
    drive_time_s: int
    charge_time_s: int
    stop_time_s: int = Field(description="All time parked: charging, overheads, fuel, meals")
    total_time_s: int
    arrival_soc_pct: float | None
    arrival_fuel_pct: float | None
    energy_used_kwh: float | None
    fuel_used_l: float | None
    total_cost_cny: float
    stops: list[TripStop]
    legs: list[LegSummary]
    meal_stops: list[MealStopRef] = Field(default_factory=list)
    infeasible: Infeasibility | None = None
    options: TripOptions
    route: Route
    track: list[TrackPoint] = Field(
        default_factory=list, description="The timeline trip playback interpolates"
    )

"""Trips: plan one for a car of the fleet, keep it, start it, and let the clock drive the car.

A started trip is played back by `progress_at` from the planner's own timeline, so the car's
position, speed, odometer, SoC or fuel and charging state follow the plan exactly; the world calls
`TripBook.drive` on every clock step.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, Field

from agents.errors import DomainError, ErrorKind, InvalidInput, NotFound
from agents.limits import SandboxLimits, TripLimit
from agents.text import bi
from agents.travel.data import TravelData
from agents.travel.dining import DiningQuery, DiningResult, Exclusion, search_dining
from agents.travel.places import PlaceDirectory
from agents.travel.plan_models import (
    Meal,
    OperatorPreference,
    PlanStatus,
    TripOptions,
    TripPlan,
    TripStop,
)
from agents.travel.planner import plan_trip
from agents.travel.playback import TripProgress, progress_at
from agents.travel.profiles import Profile
from agents.world import physics
from agents.world.clock import CLOCK_RANGE, SimTime
from agents.world.models import (
    ChargingStatus,
    Connector,
    Coordinates,
    Model,
    Navigation,
    Percent,
    Vehicle,
)
from agents.world.world import World

PlaceRef = str | Coordinates


class TripPlanRequest(Model):
    """`POST /v1/trips/plan`. Knobs left out come from the profile, then from the car."""

    vehicle_id: str = Field(examples=["ix3-shanghai"])
    destination: PlaceRef = Field(examples=["北京"])
    origin: PlaceRef | None = Field(default=None, description="Default: the car's location")
    waypoints: list[PlaceRef] = Field(default_factory=list, max_length=8)
    departure_at: SimTime | None = Field(
        default=None, description=f"Default: sim clock. Within {CLOCK_RANGE}"
    )
    profile_id: str | None = Field(default=None, examples=["wang-lei"])
    start_soc_pct: Percent | None = Field(default=None, description="Default: the car's SoC")
    min_arrival_soc_pct: Percent | None = Field(default=None, examples=[10])
    max_charge_soc_pct: Percent | None = Field(default=None, examples=[80])
    destination_soc_pct: Percent | None = Field(default=None, examples=[15])
    stop_overhead_s: int | None = Field(default=None, ge=0, le=3600)
    operator_preferences: dict[str, OperatorPreference] | None = None
    connectors: list[Connector] | None = None
    min_power_kw: float | None = Field(default=None, ge=0, le=800)
    outside_temp_c: float | None = Field(
        default=None, ge=-40, le=50, description="Default: the car's outside temperature"
    )
    plan_meals: bool = True


class TripStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ARRIVED = "arrived"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class MealSuggestions(Model):
    """Where to eat at a planned meal stop, found when the trip is planned."""

    meal: Meal
    stop_index: int
    at: AwareDatetime
    results: list[DiningResult]
    excluded: dict[Exclusion, int]


class Trip(Model):
    trip_id: str = Field(examples=["trip-0001"])
    vehicle_id: str
    profile_id: str | None
    status: TripStatus
    request: TripPlanRequest
    plan: TripPlan
    planned_at: AwareDatetime
    started_at: AwareDatetime | None = None
    start_odometer_km: float | None = None
    replanned_from: str | None = None
    replaced_by: str | None = None
    meals: list[MealSuggestions] = Field(default_factory=list)
    progress: TripProgress | None = None

    def line(self) -> list[Coordinates]:
        """The route as points, for searches along it (GeoJSON stores [lon, lat])."""
        return [Coordinates(lat=lat, lon=lon) for lon, lat in self.plan.route.geometry.coordinates]

    def stop(self, index: int) -> TripStop:
        stops = self.plan.stops
        if not 0 <= index < len(stops):
            raise InvalidInput(
                bi("这个行程没有这个停靠点。", "That trip has no such stop."),
                hint=f"{self.trip_id} has {len(stops)} stops (0-based stop_index).",
            )
        return stops[index]


# Trips nobody can act on any more: evicted first when the book is full.
FINISHED = frozenset({TripStatus.ARRIVED, TripStatus.SUPERSEDED, TripStatus.CANCELLED})
_TRIP_NUMBER = re.compile(r"^trip-(\d{1,9})$")


class TripNotFound(NotFound):
    def __init__(self, trip_id: str, known: list[str], *, evicted: bool = False) -> None:
        super().__init__("trip", trip_id, known, code="TRIP_NOT_FOUND")
        if evicted:
            self.hint = (
                f"{trip_id} was dropped to keep this sandbox within its trip cap "
                f"(INCAR_MAX_TRIPS); plan it again. {self.hint or ''}"
            ).strip()


class TripConflict(DomainError):
    kind = ErrorKind.CONFLICT

    def __init__(self, code: str, zh: str, en: str, resolution: str | None = None) -> None:
        self.code = code
        self.resolution = resolution
        super().__init__(bi(zh, en))


# A plan made for a different SoC than the car has now would teleport the battery on start.
STALE_SOC_POINTS = 2.0


def build_options(
    request: TripPlanRequest, vehicle: Vehicle, profile: Profile | None
) -> TripOptions:
    """Request knobs win over the profile's, which win over the car's state and defaults."""
    state = vehicle.state
    values: dict[str, object] = {}
    if profile is not None:
        prefs = profile.charging
        values["operator_preferences"] = dict(prefs.operator_preferences)
        values["min_arrival_soc_pct"] = prefs.comfort_min_soc_pct
        values["max_charge_soc_pct"] = prefs.max_charge_soc_pct
    if state.battery is not None:
        values["start_soc_pct"] = state.battery.soc_pct
    if state.fuel is not None:
        values["start_fuel_pct"] = state.fuel.level_pct
    if state.climate is not None:
        values["outside_temp_c"] = state.climate.outside_temp_c
    for name in (
        "start_soc_pct",
        "min_arrival_soc_pct",
        "max_charge_soc_pct",
        "destination_soc_pct",
        "stop_overhead_s",
        "operator_preferences",
        "connectors",
        "min_power_kw",
        "outside_temp_c",
    ):
        value = getattr(request, name)
        if value is not None:
            values[name] = value
    values["plan_meals"] = request.plan_meals
    return TripOptions.model_validate(values)


class TripBook:
    """One sandbox's trips, at most `max_trips` of them.

    A full book makes room for a new plan by dropping its oldest finished trip (arrived,
    superseded or cancelled), else its oldest planned one; only when every trip is under way does
    planning answer 429 TRIP_LIMIT. Trip ids keep counting, so a dropped id is never reused.
    """

    def __init__(
        self, max_trips: int = SandboxLimits.max_trips, places: PlaceDirectory | None = None
    ) -> None:
        self._trips: dict[str, Trip] = {}
        self._counter = 0
        self._max_trips = max_trips
        # Names a moving car's whereabouts in its reported address (None: the address is left
        # empty while driving).
        self._places = places

    def __len__(self) -> int:
        return len(self._trips)

    def clear(self) -> None:
        self._trips.clear()
        self._counter = 0

    @property
    def counter(self) -> int:
        """The number of the last trip planned (ids keep counting past evictions)."""
        return self._counter

    def restore(self, trips: list[Trip], counter: int) -> None:
        """Hold exactly `trips` (an import, checked by agents/sandbox_state.py). In place: the
        world's listener is this book's `drive`."""
        self._trips = {t.trip_id: t.model_copy(deep=True) for t in trips}
        self._counter = counter

    def get(self, trip_id: str) -> Trip:
        trip = self._trips.get(trip_id)
        if trip is None:
            number = _TRIP_NUMBER.match(trip_id)
            evicted = number is not None and int(number.group(1)) <= self._counter
            raise TripNotFound(trip_id, list(self._trips), evicted=evicted)
        return trip

    def list(self, vehicle_id: str | None = None) -> list[Trip]:
        return [t for t in self._trips.values() if vehicle_id in (None, t.vehicle_id)]

    def active_for(self, vehicle_id: str) -> Trip | None:
        for trip in self._trips.values():
            if trip.vehicle_id == vehicle_id and trip.status is TripStatus.ACTIVE:
                return trip
        return None

    def plan(
        self,
        world: World,
        travel: TravelData,
        request: TripPlanRequest,
        profile: Profile | None,
        *,
        replanned_from: str | None = None,
    ) -> Trip:
        now = world.sync()
        vehicle = world.vehicle(request.vehicle_id)
        self._evictable(keep=replanned_from)  # a full book of active trips fails before planning
        origin: PlaceRef
        if request.origin is not None:
            origin = request.origin
        elif vehicle.state.location is not None:
            origin = vehicle.state.location.coordinates
        else:
            raise TripConflict(
                "LOCATION_UNKNOWN",
                "不知道车辆的位置，请指定出发地。",
                "The car's location is unknown; give an origin.",
            )
        plan = plan_trip(
            travel.graph,
            travel.chargers,
            vehicle.spec,
            origin,
            request.destination,
            departure=request.departure_at or now,
            waypoints=request.waypoints,
            options=build_options(request, vehicle, profile),
        )
        victim = self._evictable(keep=replanned_from)
        if victim is not None:
            del self._trips[victim]
        self._counter += 1
        trip = Trip(
            trip_id=f"trip-{self._counter:04d}",
            vehicle_id=vehicle.id,
            profile_id=request.profile_id,
            status=TripStatus.PLANNED,
            request=request,
            plan=plan,
            planned_at=now,
            replanned_from=replanned_from,
            meals=meal_suggestions(travel, plan, profile),
        )
        self._trips[trip.trip_id] = trip
        return trip

    def _evictable(self, keep: str | None) -> str | None:
        """The trip to drop so one more fits (None while there is room); 429 if none may go."""
        if len(self._trips) < self._max_trips:
            return None
        others = [t for t in self._trips.values() if t.trip_id != keep]
        for trip in others:
            if trip.status in FINISHED:
                return trip.trip_id
        for trip in others:
            if trip.status is TripStatus.PLANNED:
                return trip.trip_id
        raise TripLimit(self._max_trips)

    def start(self, world: World, trip_id: str) -> Trip:
        trip = self.get(trip_id)
        now = world.sync()
        vehicle = world.awake_vehicle(trip.vehicle_id)
        if trip.status is not TripStatus.PLANNED:
            raise TripConflict(
                "TRIP_NOT_STARTABLE",
                "这个行程已经开始或已结束。",
                f"This trip is {trip.status.value}; only a planned trip can start.",
            )
        if trip.plan.status is PlanStatus.INFEASIBLE:
            raise TripConflict(
                "TRIP_INFEASIBLE",
                "这个行程无法完成，不能出发。",
                "This trip can't be completed, so it can't start.",
                "REPLAN",
            )
        battery, planned = vehicle.state.battery, trip.plan.options.start_soc_pct
        if battery is not None and abs(battery.soc_pct - planned) > STALE_SOC_POINTS:
            raise TripConflict(
                "TRIP_STALE",
                f"行程按{planned:.0f}%电量规划，车辆现在是{battery.soc_pct:.0f}%，请重新规划。",
                f"The trip was planned for {planned:.0f}% but the car has "
                f"{battery.soc_pct:.0f}%; replan it first.",
                "REPLAN",
            )
        current = self.active_for(vehicle.id)
        if current is not None:
            current.status = TripStatus.CANCELLED
        trip.status = TripStatus.ACTIVE
        trip.started_at = now
        trip.start_odometer_km = vehicle.state.motion.odometer_km
        _apply(vehicle, trip, progress_at(trip.plan, 0), now, self._places)
        world.touch()
        return trip

    def replan(
        self, world: World, travel: TravelData, trip_id: str, profile: Profile | None
    ) -> Trip:
        """A new plan to the same destination from where the car is now, with its SoC now."""
        old = self.get(trip_id)
        world.sync()
        remaining = old.request.waypoints
        if old.progress is not None and old.status is TripStatus.ACTIVE:
            done_km = old.progress.distance_done_km
            passed = sum(
                1 for leg in old.plan.legs[:-1] if _leg_end_km(old.plan, leg.index) <= done_km
            )
            remaining = remaining[passed:]
        request = old.request.model_copy(
            update={
                "origin": None,
                "waypoints": remaining,
                "departure_at": None,
                "start_soc_pct": None,
            }
        )
        new = self.plan(world, travel, request, profile, replanned_from=old.trip_id)
        old.replaced_by = new.trip_id
        if old.status is TripStatus.ACTIVE and new.plan.status is PlanStatus.OK:
            old.status = TripStatus.SUPERSEDED
            new.status = TripStatus.PLANNED
            self.start(world, new.trip_id)
        elif old.status is TripStatus.PLANNED:
            old.status = TripStatus.SUPERSEDED
        return new

    def drive(self, world: World, _start: datetime, end: datetime) -> bool:
        """World listener: move every car with an active trip to where the plan has it at `end`."""
        changed = False
        for trip in self._trips.values():
            if trip.status is not TripStatus.ACTIVE or trip.started_at is None:
                continue
            vehicle = world.vehicles[trip.vehicle_id]
            progress = progress_at(trip.plan, (end - trip.started_at).total_seconds())
            _apply(vehicle, trip, progress, end, self._places)
            changed = True
        return changed


MEAL_SEARCH_RADIUS_KM = 3.0
MEAL_SUGGESTIONS = 3


def meal_suggestions(
    travel: TravelData, plan: TripPlan, profile: Profile | None
) -> list[MealSuggestions]:
    """Dining near each planned meal stop, open when the car gets there, fit for the profile."""
    found: list[MealSuggestions] = []
    for ref in plan.meal_stops:
        query = DiningQuery(
            near=ref.coordinates,
            radius_km=MEAL_SEARCH_RADIUS_KM,
            open_at=ref.at,
            limit=MEAL_SUGGESTIONS,
        )
        results = search_dining(travel.dining, query, profile)
        found.append(
            MealSuggestions(
                meal=ref.meal,
                stop_index=ref.stop_index,
                at=ref.at,
                results=results.results,
                excluded=results.excluded,
            )
        )
    return found


def _leg_end_km(plan: TripPlan, leg_index: int) -> float:
    return sum(leg.distance_km for leg in plan.legs[: leg_index + 1])


def _apply(
    vehicle: Vehicle,
    trip: Trip,
    progress: TripProgress,
    now: datetime,
    places: PlaceDirectory | None,
) -> None:
    """Write the trip's progress into the car's state, as the car would report it; the address
    names the nearest place (without a directory it is left empty while driving)."""
    trip.progress = progress
    state = vehicle.state
    moving = progress.phase == "driving"
    state.motion.speed_kmh = round(progress.speed_kmh, 1) if moving else 0
    state.motion.odometer_km = round((trip.start_odometer_km or 0) + progress.distance_done_km, 1)
    state.motion.updated_at = now
    if state.location is not None:
        state.location.coordinates = progress.coordinates
        state.location.heading_deg = progress.heading_deg
        if places is not None:
            state.location.address = places.whereabouts(progress.coordinates)
        elif moving:
            state.location.address = None
        state.location.updated_at = now
    if state.battery is not None and progress.soc_pct is not None:
        per_pct = physics.range_per_pct(vehicle)
        state.battery.soc_pct = progress.soc_pct
        state.battery.range_km = round(progress.soc_pct * per_pct, 1)
        state.battery.updated_at = now
    if state.fuel is not None and progress.fuel_pct is not None and vehicle.spec.tank_l:
        ratio = state.fuel.range_km / state.fuel.level_pct if state.fuel.level_pct else 0
        state.fuel.level_pct = progress.fuel_pct
        state.fuel.remaining_l = round(progress.fuel_pct / 100 * vehicle.spec.tank_l, 1)
        state.fuel.range_km = round(progress.fuel_pct * ratio, 1)
        state.fuel.updated_at = now
    if state.charging is not None:
        charging_now = progress.phase == "charging"
        stop = trip.plan.stops[progress.stop_index] if progress.stop_index is not None else None
        state.charging.status = (
            ChargingStatus.CHARGING if charging_now else ChargingStatus.NOT_CHARGING
        )
        state.charging.plug_connected = charging_now
        state.charging.power_kw = (
            stop.charger.power_kw if charging_now and stop and stop.charger else 0
        )
        state.charging.time_to_full_min = None
        state.charging.updated_at = now
    arrived = progress.phase == "arrived"
    if arrived:
        trip.status = TripStatus.ARRIVED
    destination = trip.plan.destination
    state.navigation = Navigation(
        destination_name=destination.name.zh,
        destination_label=destination.name,
        coordinates=destination.coordinates,
        trip_id=trip.trip_id,
        distance_remaining_km=round(progress.distance_remaining_km, 1),
        time_remaining_s=round(progress.time_remaining_s),
        arrival_at=(
            trip.started_at + timedelta(seconds=trip.plan.total_time_s) if trip.started_at else None
        ),
        predicted_arrival_soc_pct=trip.plan.arrival_soc_pct,
        updated_at=now,
    )
    state.last_seen_at = now

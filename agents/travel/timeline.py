"""Drive a planned trip once, second by second in closed form: the stops' numbers, the totals
and the piecewise-linear track that playback interpolates all come out of this one pass."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from agents.text import Bilingual
from agents.travel.chargers import Charger, ChargerIndex, outlet_availability
from agents.travel.energy import ChargeCurve
from agents.travel.geo import bearing_deg_raw
from agents.travel.plan_models import (
    Meal,
    Phase,
    PlannedCharger,
    StopKind,
    TrackPoint,
    TripOptions,
    TripStop,
)
from agents.travel.route_profile import RouteProfile
from agents.world.models import Connector, Coordinates, Powertrain, VehicleSpec

FUEL_PRICE_CNY_PER_L = 7.9  # 92-octane petrol, east China, 2025-ish
MEAL_STOP_S = 2400


@dataclass(frozen=True)
class ChargeSite:
    """A usable charger as the planner sees it for this car."""

    charger: Charger
    km: float  # route kilometre of its projection onto the route
    access_km: float  # one way, from the route to the charger
    access_s: float
    access_kwh: float
    power_kw: float
    connector: Connector
    curve: ChargeCurve
    preference: int


@dataclass(frozen=True)
class StopSpec:
    kind: StopKind
    km: float
    name: Bilingual
    place_id: str | None
    lat: float
    lon: float
    site: ChargeSite | None = None
    target_soc_pct: float | None = None
    fixed_s: float = 0.0
    meal: Meal | None = None


@dataclass
class Timeline:
    track: list[TrackPoint]
    stops: list[TripStop]
    drive_s: float = 0.0
    charge_s: float = 0.0
    stop_s: float = 0.0
    distance_km: float = 0.0
    energy_kwh: float = 0.0
    fuel_l: float = 0.0
    cost_cny: float = 0.0
    leg_distance_km: list[float] = field(default_factory=list)
    leg_drive_s: list[float] = field(default_factory=list)
    leg_energy_kwh: list[float] = field(default_factory=list)
    leg_fuel_l: list[float] = field(default_factory=list)
    vertex_t_s: list[float] = field(default_factory=list)

    @property
    def total_s(self) -> float:
        return self.track[-1].t_s


@dataclass
class _Car:
    """The running state while the trip is driven."""

    t: float
    km_done: float
    soc: float | None  # %
    fuel: float | None  # litres
    heading: float


def _track_point(
    car: _Car, tank: float, lat: float, lon: float, phase: Phase, stop: int | None
) -> TrackPoint:
    """The timeline corner where the car is now (see TrackPoint)."""
    return TrackPoint(
        t_s=round(car.t, 3),
        lat=lat,
        lon=lon,
        distance_km=round(car.km_done, 4),
        soc_pct=None if car.soc is None else round(car.soc, 4),
        fuel_pct=None if car.fuel is None else round(car.fuel / tank * 100, 4),
        heading_deg=round(car.heading, 1) % 360,
        phase=phase,
        stop_index=stop,
    )


def electric_switch_km(
    profile: RouteProfile, spec: VehicleSpec, options: TripOptions
) -> float | None:
    """For a plug-in hybrid: the route km where the battery reaches its floor and the engine
    takes over (None when the battery lasts, or for other powertrains)."""
    if spec.powertrain is not Powertrain.HYBRID or spec.battery_net_kwh is None:
        return None
    usable = max(0.0, options.start_soc_pct - options.min_arrival_soc_pct) / 100
    available_kwh = usable * spec.battery_net_kwh
    if available_kwh >= profile.energy_kwh[-1]:
        return None
    return profile.km_where(profile.energy_kwh, available_kwh)


def simulate(
    profile: RouteProfile,
    spec: VehicleSpec,
    options: TripOptions,
    stops: Sequence[StopSpec],
    departure: datetime,
    chargers: ChargerIndex,
) -> Timeline:
    capacity = spec.battery_net_kwh or 0.0
    tank = spec.tank_l or 0.0
    electric = spec.powertrain is not Powertrain.COMBUSTION and capacity > 0
    uses_fuel = spec.powertrain is not Powertrain.ELECTRIC and tank > 0
    switch_km = electric_switch_km(profile, spec, options)
    car = _Car(
        t=0.0,
        km_done=0.0,
        soc=options.start_soc_pct if electric else None,
        fuel=tank * options.start_fuel_pct / 100 if uses_fuel else None,
        heading=profile.position_at(0)[2],
    )
    legs = len(profile.leg_end_km)
    out = Timeline(
        track=[],
        stops=[],
        leg_distance_km=[0.0] * legs,
        leg_drive_s=[0.0] * legs,
        leg_energy_kwh=[0.0] * legs,
        leg_fuel_l=[0.0] * legs,
    )

    def point(lat: float, lon: float, phase: Phase, stop: int | None = None) -> None:
        out.track.append(_track_point(car, tank, lat, lon, phase, stop))

    def use_energy(kwh: float, leg: int) -> None:
        if car.soc is not None and capacity:
            car.soc -= kwh / capacity * 100
        out.energy_kwh += kwh
        out.leg_energy_kwh[leg] += kwh

    def use_fuel(litres: float, leg: int) -> None:
        if car.fuel is not None:
            car.fuel -= litres
        out.fuel_l += litres
        out.leg_fuel_l[leg] += litres

    def drive(a: float, b: float) -> None:
        if b <= a:
            return
        leg = profile.leg_at((a + b) / 2)
        dt = profile.value_at(profile.time_s, b) - profile.value_at(profile.time_s, a)
        car.t += dt
        car.km_done += b - a
        out.drive_s += dt
        out.leg_drive_s[leg] += dt
        out.leg_distance_km[leg] += b - a
        energy = profile.value_at(profile.energy_kwh, b) - profile.value_at(profile.energy_kwh, a)
        litres = profile.value_at(profile.fuel_l, b) - profile.value_at(profile.fuel_l, a)
        if spec.powertrain is Powertrain.ELECTRIC:
            use_energy(energy, leg)
        elif spec.powertrain is Powertrain.COMBUSTION:
            use_fuel(litres, leg)
        elif switch_km is None or b <= switch_km:
            use_energy(energy, leg)
        else:  # the caller splits at switch_km, so the whole piece runs on fuel
            use_fuel(litres, leg)

    breaks = sorted({*profile.road_km, *(s.km for s in stops), *([switch_km] if switch_km else [])})
    vertex_kms = set(profile.road_km)
    pending = sorted(stops, key=lambda s: s.km)
    next_stop = 0
    km = 0.0
    lat, lon, car.heading = profile.position_at(0)
    point(lat, lon, "driving")
    for target in breaks:
        drive(km, target)
        km = target
        lat, lon, heading = profile.position_at(km)
        if km in vertex_kms:
            out.vertex_t_s.append(car.t)
        while next_stop < len(pending) and pending[next_stop].km <= km + 1e-9:
            stop = pending[next_stop]
            leg = profile.leg_at(stop.km)
            _stop(out, car, stop, leg, lat, lon, departure, chargers, spec, options)
            car.heading = heading
            next_stop += 1
        if km < profile.total_km:
            car.heading = heading
            point(lat, lon, "driving")
    lat, lon, _ = profile.position_at(profile.total_km)
    point(lat, lon, "arrived")
    out.distance_km = car.km_done
    return out


def _stop(
    out: Timeline,
    car: _Car,
    spec_stop: StopSpec,
    leg: int,
    route_lat: float,
    route_lon: float,
    departure: datetime,
    chargers: ChargerIndex,
    spec: VehicleSpec,
    options: TripOptions,
) -> None:
    capacity = spec.battery_net_kwh or 0.0
    tank = spec.tank_l or 0.0
    index = len(out.stops)
    site = spec_stop.site

    def add_point(lat: float, lon: float, phase: Phase) -> None:
        out.track.append(_track_point(car, tank, lat, lon, phase, index))

    def access(to_lat: float, to_lon: float, from_lat: float, from_lon: float) -> None:
        assert site is not None
        if site.access_km <= 0:
            return
        car.heading = bearing_deg_raw(from_lat, from_lon, to_lat, to_lon)
        add_point(from_lat, from_lon, "driving")
        car.t += site.access_s
        car.km_done += site.access_km
        out.drive_s += site.access_s
        out.leg_drive_s[leg] += site.access_s
        out.leg_distance_km[leg] += site.access_km
        if car.soc is not None and capacity:
            car.soc -= site.access_kwh / capacity * 100
        out.energy_kwh += site.access_kwh
        out.leg_energy_kwh[leg] += site.access_kwh

    lat, lon = spec_stop.lat, spec_stop.lon
    if site is not None:
        access(lat, lon, route_lat, route_lon)
    arrival_t = car.t
    arrival_at = departure + timedelta(seconds=round(arrival_t))
    arrival_soc, arrival_fuel = car.soc, car.fuel
    stop = TripStop(
        index=index,
        kind=spec_stop.kind,
        name=spec_stop.name,
        place_id=spec_stop.place_id,
        coordinates=Coordinates(lat=lat, lon=lon),
        distance_along_km=round(spec_stop.km, 1),
        detour_km=round(2 * site.access_km, 2) if site else 0.0,
        arrival_at=arrival_at,
        departure_at=arrival_at,
        duration_s=0,
        meal=spec_stop.meal,
    )
    if spec_stop.kind is StopKind.CHARGE and site is not None and car.soc is not None:
        half = options.stop_overhead_s / 2
        add_point(lat, lon, "charging")
        car.t += half
        add_point(lat, lon, "charging")
        start_soc = car.soc
        goal = max(start_soc, spec_stop.target_soc_pct or start_soc)
        for soc in [*site.curve.breakpoints_between(start_soc, goal), goal]:
            car.t += site.curve.seconds(car.soc, soc)
            car.soc = soc
            add_point(lat, lon, "charging")
        charge_s = car.t - arrival_t - half
        car.t += half
        energy = (goal - start_soc) / 100 * capacity
        price = chargers.price_at(site.charger, arrival_at)
        free = sum(
            o.available
            for o in outlet_availability(site.charger, arrival_at)
            if o.connector is site.connector
        )
        out.charge_s += charge_s
        stop.charger = PlannedCharger(
            id=site.charger.id,
            name=site.charger.name,
            operator=site.charger.operator,
            operator_name=chargers.operator_name(site.charger),
            coordinates=site.charger.coordinates,
            place_id=site.charger.place_id,
            connector=site.connector,
            power_kw=site.power_kw,
        )
        stop.arrival_soc_pct = round(start_soc, 1)
        stop.departure_soc_pct = round(goal, 1)
        stop.energy_added_kwh = round(energy, 2)
        stop.charge_time_s = round(charge_s)
        stop.charge_time_min = math.ceil(charge_s / 60)
        stop.available_stalls_at_arrival = free
        stop.price_cny_per_kwh = price.total_cny_per_kwh
        stop.cost_cny = round(energy * price.total_cny_per_kwh, 2)
    elif spec_stop.kind is StopKind.FUEL and car.fuel is not None:
        add_point(lat, lon, "refueling")
        added = tank - car.fuel
        car.t += spec_stop.fixed_s
        car.fuel = tank
        stop.arrival_fuel_pct = round((arrival_fuel or 0) / tank * 100, 1)
        stop.departure_fuel_pct = 100.0
        stop.fuel_added_l = round(added, 1)
        stop.cost_cny = round(added * FUEL_PRICE_CNY_PER_L, 2)
    else:
        add_point(lat, lon, "resting")
        car.t += spec_stop.fixed_s
    if arrival_soc is not None and spec_stop.kind is not StopKind.CHARGE:
        stop.arrival_soc_pct = stop.departure_soc_pct = round(arrival_soc, 1)
    if arrival_fuel is not None and spec_stop.kind is not StopKind.FUEL:
        stop.arrival_fuel_pct = stop.departure_fuel_pct = round(arrival_fuel / tank * 100, 1)
    stop.departure_at = departure + timedelta(seconds=round(car.t))
    stop.duration_s = int((stop.departure_at - stop.arrival_at).total_seconds())
    out.stop_s += car.t - arrival_t
    out.cost_cny += stop.cost_cny
    out.stops.append(stop)
    if site is not None and site.access_km > 0:
        access(route_lat, route_lon, lat, lon)
    else:
        add_point(lat, lon, "driving")

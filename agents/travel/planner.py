"""The trip planner: EV charging stops (fastest total trip), fuel stops for petrol cars and plug-in
hybrids, meal stops, and the plan with its playback timeline.

EV search: chargers in a corridor around the route become nodes ordered by route kilometre;
a label (arrival time, arrival SoC) at a charger extends to every later charger in reach,
charging "just enough" to get there at the minimum SoC, or up to the maximum. Labels that are
both later and emptier than another at the same charger are dropped. Because every label only
moves forward along the route this is a DAG walk: each charger is settled once.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.text import Bilingual
from agents.travel.chargers import DC_CONNECTORS, ChargerIndex, Outlet
from agents.travel.energy import ChargeCurve, consumption_kwh_per_100km
from agents.travel.graph import RoadGraph
from agents.travel.meals import due_meals, place_meal
from agents.travel.places import PlaceKind
from agents.travel.plan_models import (
    Infeasibility,
    LegSummary,
    MealStopRef,
    PlanStatus,
    StopKind,
    TripOptions,
    TripPlan,
)
from agents.travel.route_profile import RouteProfile, build_profile
from agents.travel.routing import PlaceQuery, RoutedPath, find_route
from agents.travel.timeline import (
    ChargeSite,
    StopSpec,
    Timeline,
    electric_switch_km,
    simulate,
)
from agents.world.models import Coordinates, Powertrain, VehicleSpec

ACCESS_ROAD_FACTOR = 1.3  # from the route line to a charger off it, on real streets
ACCESS_SPEED_KMH = 35.0
# A preferred operator is worth this much time per preference point when comparing plans.
PREFERENCE_BONUS_S = 120.0
# Chargers closer together than one bin (km along the route) compete; only the best is kept.
MAX_CANDIDATE_BINS = 120
MIN_BIN_KM = 2.0


def plan_trip(
    graph: RoadGraph,
    chargers: ChargerIndex,
    vehicle: VehicleSpec,
    origin: PlaceQuery,
    destination: PlaceQuery,
    *,
    departure: datetime,
    waypoints: Sequence[PlaceQuery] = (),
    options: TripOptions | None = None,
) -> TripPlan:
    """Plan a trip for a car. An impossible trip is still a plan, `status="infeasible"`."""
    opts = options or TripOptions()
    if departure.tzinfo is None:
        raise ValueError("departure must carry a UTC offset")
    path = find_route(graph, origin, destination, waypoints)
    profile = build_profile(
        path.segments,
        path.endpoints[0].coordinates,
        vehicle,
        opts.outside_temp_c,
        len(path.route.legs),
    )
    if vehicle.powertrain is Powertrain.ELECTRIC:
        stops, failure = _plan_charging(profile, chargers, vehicle, opts, departure)
    else:
        stops, failure = _plan_fuel(profile, graph, vehicle, opts)
    if failure is not None:
        return _infeasible_plan(path, profile, vehicle, opts, departure, failure)
    timeline = simulate(profile, vehicle, opts, stops, departure, chargers)
    if opts.plan_meals:
        _, timeline = _plan_meals(
            stops, timeline, profile, graph, chargers, vehicle, opts, departure
        )
    return _plan(path, vehicle, opts, departure, timeline)


# --- EV -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    objective: float  # seconds, preferred operators count as faster
    t: float  # seconds since departure, on arrival at the node (after the access drive)
    soc: float  # % on arrival
    stops: int
    node: int
    parent: _Label | None
    departure_soc: float  # what was charged to at the parent (the origin: start SoC)


# (-power, access km, -preference, km along the line, offset, indexing position): less is better
_Rank = tuple[float, float, int, float, float, int]


def _candidates(
    profile: RouteProfile, chargers: ChargerIndex, spec: VehicleSpec, opts: TripOptions
) -> list[ChargeSite]:
    usable = frozenset(opts.connectors if opts.connectors is not None else spec.connectors)
    usable &= DC_CONNECTORS
    peak = spec.max_dc_kw or 0.0
    if not usable or peak <= 0:
        return []
    prefs = opts.operator_preferences
    only = {op for op, p in prefs.items() if p == 3}
    bin_km = max(MIN_BIN_KM, profile.total_km / MAX_CANDIDATE_BINS)
    # Only the best charger of each stretch of road (bin) is a candidate: the most powerful,
    # then the nearest to the road, then the most preferred, then the first along the route
    # (km along, offset, indexing order: `GridIndex.along`'s order). Thousands of chargers line
    # a long route in a dense world, so each is looked at once, unsorted, with cheap checks
    # first, and only the winners become sites.
    best_in_bin: dict[int, tuple[_Rank, float, Outlet]] = {}
    min_power = opts.min_power_kw
    outlets = chargers.dc_outlets[usable]  # every non-empty set of DC connectors is there
    grid = chargers.grid
    road_km_from_geo = profile.road_km_from_geo
    hits = grid.along_unordered(profile.points(), opts.corridor_km)
    for position, (offset, geo_along) in hits.items():
        outlet = outlets[position]
        if outlet is None or outlet.power_kw < min_power:
            continue
        preference = 0
        if prefs:
            operator = grid.item(position).operator
            preference = prefs.get(operator, 0)
            if preference == -2 or (only and operator not in only):
                continue
        km = road_km_from_geo(geo_along)
        rank = (
            -min(outlet.power_kw, peak),
            offset * ACCESS_ROAD_FACTOR,
            -preference,
            geo_along,
            offset,
            position,
        )
        slot = int(km // bin_km)
        kept = best_in_bin.get(slot)
        if kept is None or rank < kept[0]:
            best_in_bin[slot] = (rank, km, outlet)
    access_kwh_per_km = consumption_kwh_per_100km(spec, ACCESS_SPEED_KMH, opts.outside_temp_c) / 100
    curves: dict[float, ChargeCurve] = {}
    sites: list[ChargeSite] = []
    for rank, km, outlet in sorted(best_in_bin.values(), key=lambda kept: kept[1]):
        power, access_km, preference = -rank[0], rank[1], -rank[2]
        curve = curves.get(power)
        if curve is None:
            curve = curves[power] = ChargeCurve.for_charger(spec, power)
        sites.append(
            ChargeSite(
                charger=grid.item(rank[5]),
                km=km,
                access_km=access_km,
                access_s=access_km / ACCESS_SPEED_KMH * 3600,
                access_kwh=access_km * access_kwh_per_km,
                power_kw=power,
                connector=outlet.connector,
                curve=curve,
                preference=preference,
            )
        )
    return sites


@dataclass(frozen=True)
class _Failure:
    reason: Bilingual
    furthest_km: float


def _plan_charging(
    profile: RouteProfile,
    chargers: ChargerIndex,
    spec: VehicleSpec,
    opts: TripOptions,
    departure: datetime,
) -> tuple[list[StopSpec], _Failure | None]:
    capacity = spec.battery_net_kwh
    if capacity is None or spec.consumption_kwh_per_100km is None:
        raise ValueError("an electric car needs battery_net_kwh and consumption_kwh_per_100km")
    sites = _candidates(profile, chargers, spec, opts)
    energy, time = profile.energy_kwh, profile.time_s
    # Node 0 is the origin, 1..n the chargers, n+1 the destination.
    kms = [0.0, *(s.km for s in sites), profile.total_km]
    node_energy = [profile.value_at(energy, km) for km in kms]
    node_time = [profile.value_at(time, km) for km in kms]
    access_pct = [0.0, *(s.access_kwh / capacity * 100 for s in sites), 0.0]
    access_s = [0.0, *(s.access_s for s in sites), 0.0]
    goal = len(kms) - 1
    labels: list[list[_Label]] = [[] for _ in kms]
    labels[0].append(_Label(0.0, 0.0, opts.start_soc_pct, 0, 0, None, opts.start_soc_pct))
    top = opts.max_charge_soc_pct
    floor = min(opts.min_arrival_soc_pct, opts.destination_soc_pct)
    power = [0.0, *(s.power_kw for s in sites), 0.0]
    bonus = [0.0, *(PREFERENCE_BONUS_S * s.preference for s in sites), 0.0]
    for i in range(goal):
        if not labels[i]:
            continue
        if i == 0:  # the origin: drive on without charging
            for label in labels[0]:
                for j in range(1, goal + 1):
                    route_pct = (node_energy[j] - node_energy[0]) / capacity * 100
                    if route_pct > label.soc - floor:
                        break  # every later node is further still
                    need = route_pct + access_pct[0] + access_pct[j]
                    at_least = opts.destination_soc_pct if j == goal else opts.min_arrival_soc_pct
                    if at_least + need <= label.soc:
                        drive = node_time[j] + access_s[j]
                        _add_label(
                            labels[j],
                            label,
                            j,
                            label.soc,
                            label.soc - need,
                            label.t + drive,
                            label.objective + drive,
                            0,
                        )
            continue
        # A stop here to go on to node j costs the same whatever the label: worked out once per
        # node (the curve's times too), then offered to each label in the order it always was.
        curve = sites[i - 1].curve
        stop_s = opts.stop_overhead_s + access_s[i]
        to_top = (top, curve.time_at(top))
        socs_here = [label.soc for label in labels[i]]
        reach, lowest = max(top, *socs_here) - floor, min(socs_here)
        rows: list[tuple[int, float, float, float, float, tuple[tuple[float, float], ...]]] = []
        for j in range(i + 1, goal + 1):
            route_pct = (node_energy[j] - node_energy[i]) / capacity * 100
            if route_pct > reach:
                break  # every later node is further still
            need = route_pct + access_pct[i] + access_pct[j]
            at_least = opts.destination_soc_pct if j == goal else opts.min_arrival_soc_pct
            depart = at_least + need
            if depart > top or depart <= lowest:
                continue  # out of reach on one charge, or no label needs to charge for it
            drive = node_time[j] - node_time[i] + access_s[j]
            # Charging more than needed only pays off when the next charger is slower.
            fill_up = j != goal and top - depart >= 1 and power[j] < power[i]
            to_depart = (depart, curve.time_at(depart))
            rows.append(
                (
                    j,
                    route_pct,
                    need,
                    depart,
                    drive,
                    (to_depart, to_top) if fill_up else (to_depart,),
                )
            )
        for label in labels[i]:
            ceiling = max(top, label.soc)
            charged_from_s = curve.time_at(label.soc)
            for j, route_pct, need, depart, drive, departures in rows:
                if route_pct > ceiling - floor:
                    break  # every later node is further still
                if depart <= label.soc:
                    # Reachable without charging here: that plan skips this charger and is
                    # found from the parent.
                    continue
                for dep, charged_to_s in departures:
                    spent = stop_s + charged_to_s - charged_from_s + drive
                    _add_label(
                        labels[j],
                        label,
                        j,
                        dep,
                        dep - need,
                        label.t + spent,
                        label.objective + spent - bonus[i],
                        1,
                    )
    if not labels[goal]:
        return [], _charging_failure(profile, sites, labels, kms, node_energy, capacity, opts)
    best = min(labels[goal], key=lambda lab: (lab.objective, lab.stops))
    chain: list[_Label] = []
    cursor: _Label | None = best
    while cursor is not None:
        chain.append(cursor)
        cursor = cursor.parent
    chain.reverse()
    stops: list[StopSpec] = []
    for arrived, left in itertools.pairwise(chain[1:]):
        site = sites[arrived.node - 1]
        stops.append(
            StopSpec(
                kind=StopKind.CHARGE,
                km=site.km,
                name=site.charger.name,
                place_id=site.charger.place_id,
                lat=site.charger.coordinates.lat,
                lon=site.charger.coordinates.lon,
                site=site,
                target_soc_pct=left.departure_soc,
            )
        )
    return stops, None


def _add_label(
    bucket: list[_Label],
    parent: _Label,
    node: int,
    departure_soc: float,
    soc: float,
    t: float,
    objective: float,
    new_stops: int,
) -> None:
    """Keep the label unless one already there is no slower and no emptier; drop the ones it
    beats."""
    for other in bucket:
        if other.objective <= objective and other.soc >= soc - 1e-9:
            return
    if bucket:
        bucket[:] = [o for o in bucket if not (objective <= o.objective and soc >= o.soc)]
    bucket.append(_Label(objective, t, soc, parent.stops + new_stops, node, parent, departure_soc))


def _charging_failure(
    profile: RouteProfile,
    sites: list[ChargeSite],
    labels: list[list[_Label]],
    kms: list[float],
    node_energy: list[float],
    capacity: float,
    opts: TripOptions,
) -> _Failure:
    """How far the car gets at best (battery empty), and why it cannot go on."""
    furthest = 0.0
    for i, bucket in enumerate(labels[:-1]):
        for label in bucket:
            full = max(opts.max_charge_soc_pct, label.soc) if i else label.soc
            budget = (
                node_energy[i]
                + (full - (sites[i - 1].access_kwh / capacity * 100 if i else 0)) / 100 * capacity
            )
            furthest = max(furthest, profile.km_where(profile.energy_kwh, budget))
    furthest = min(furthest, profile.total_km)
    if not sites:
        reason = Bilingual(
            zh="电量不足以直达目的地，且沿途没有符合条件的充电站（接口、功率或运营商偏好）",
            en="The battery cannot reach the destination and no charger along the route fits "
            "the car's connectors, the minimum power or the operator preferences",
        )
        return _Failure(reason, furthest)
    after = [s.km for s in sites if s.km > furthest]
    next_km = after[0] if after else kms[-1]
    what_zh = "下一个可用充电站" if after else "目的地"
    what_en = "the next usable charger" if after else "the destination"
    return _Failure(
        Bilingual(
            zh=f"电量将在约 {furthest:.0f} 公里处耗尽，"
            f"而{what_zh}在 {next_km:.0f} 公里处，超出续航",
            en=f"The battery runs out after about {furthest:.0f} km, but {what_en} is at "
            f"{next_km:.0f} km, beyond the car's range",
        ),
        furthest,
    )


# --- petrol and plug-in hybrid ---------------------------------------------------------------


def _plan_fuel(
    profile: RouteProfile, graph: RoadGraph, spec: VehicleSpec, opts: TripOptions
) -> tuple[list[StopSpec], _Failure | None]:
    """Greedy is optimal for fixed-length fuel stops: drive as far as the reserve allows, fill up
    at the last service area (or town) before that."""
    tank = spec.tank_l
    if tank is None or spec.fuel_l_per_100km is None:
        raise ValueError("a fuel car needs tank_l and fuel_l_per_100km")
    switch = electric_switch_km(profile, spec, opts)
    electric_until = (
        (switch if switch is not None else profile.total_km)
        if spec.powertrain is Powertrain.HYBRID
        else 0.0
    )
    fuel_series = profile.fuel_l
    burnt_at_switch = profile.value_at(fuel_series, electric_until)

    def litres_to(km: float) -> float:
        """Fuel burnt from departure to `km`: nothing while a hybrid still runs on battery."""
        return max(0.0, profile.value_at(fuel_series, km) - burnt_at_switch)

    stations: list[int] = []
    for v, place_id in enumerate(profile.place_ids):
        place = graph.places.by_id.get(place_id or "")
        if place is not None and place.kind in (PlaceKind.SERVICE_AREA, PlaceKind.CITY):
            stations.append(v)
    reserve = tank * opts.min_fuel_pct / 100
    fuel = tank * opts.start_fuel_pct / 100
    at_km = 0.0
    stops: list[StopSpec] = []
    while True:
        budget = litres_to(at_km) + fuel - reserve
        if litres_to(profile.total_km) <= budget:
            return stops, None
        reach_km = profile.km_where(fuel_series, budget + burnt_at_switch)
        options = [v for v in stations if at_km < profile.road_km[v] <= reach_km]
        if not options:
            empty_km = profile.km_where(fuel_series, budget + reserve + burnt_at_switch)
            later = [profile.road_km[v] for v in stations if profile.road_km[v] > reach_km]
            next_km = later[0] if later else profile.total_km
            return stops, _Failure(
                Bilingual(
                    zh=f"油量只够开到约 {reach_km:.0f} 公里处，下一个加油点在 {next_km:.0f} 公里处",
                    en=f"The fuel lasts to about {reach_km:.0f} km, but the next fuel station is "
                    f"at {next_km:.0f} km",
                ),
                min(empty_km, profile.total_km),
            )
        v = options[-1]
        place = graph.places.by_id[profile.place_ids[v] or ""]
        stops.append(
            StopSpec(
                kind=StopKind.FUEL,
                km=profile.road_km[v],
                name=place.name,
                place_id=place.id,
                lat=profile.lat[v],
                lon=profile.lon[v],
                fixed_s=opts.fuel_stop_s,
            )
        )
        fuel = tank
        at_km = profile.road_km[v]


# --- assembling the plan ---------------------------------------------------------------------


def _plan_meals(
    stops: list[StopSpec],
    timeline: Timeline,
    profile: RouteProfile,
    graph: RoadGraph,
    chargers: ChargerIndex,
    spec: VehicleSpec,
    opts: TripOptions,
    departure: datetime,
) -> tuple[list[StopSpec], Timeline]:
    """Place each meal the trip spans, in time order; an added meal stop makes the trip longer,
    so the windows are looked at again after each one."""
    handled: set[datetime] = set()
    while True:
        due = [m for m in due_meals(departure, timeline.total_s) if m.window_start not in handled]
        if not due:
            return stops, timeline
        meal = due[0]
        handled.add(meal.window_start)
        placed = place_meal(meal, stops, timeline, profile, graph.places, departure)
        if placed is not None:
            stops = placed
            timeline = simulate(profile, spec, opts, stops, departure, chargers)


def _at(departure: datetime, seconds: float) -> datetime:
    return departure + timedelta(seconds=round(seconds))


def _legs(path: RoutedPath, timeline: Timeline | None, spec: VehicleSpec) -> list[LegSummary]:
    electric = spec.powertrain is not Powertrain.COMBUSTION
    fuel = spec.powertrain is not Powertrain.ELECTRIC
    out: list[LegSummary] = []
    for i, leg in enumerate(path.route.legs):
        out.append(
            LegSummary(
                index=i,
                start=leg.start,
                end=leg.end,
                distance_km=round(timeline.leg_distance_km[i], 1) if timeline else leg.distance_km,
                drive_time_s=round(timeline.leg_drive_s[i]) if timeline else round(leg.duration_s),
                energy_kwh=round(timeline.leg_energy_kwh[i], 2) if timeline and electric else None,
                fuel_l=round(timeline.leg_fuel_l[i], 2) if timeline and fuel else None,
            )
        )
    return out


def _plan(
    path: RoutedPath,
    spec: VehicleSpec,
    opts: TripOptions,
    departure: datetime,
    timeline: Timeline,
) -> TripPlan:
    end = timeline.track[-1]
    meals = [
        MealStopRef(
            meal=stop.meal,
            stop_index=stop.index,
            place_id=stop.place_id,
            coordinates=stop.coordinates,
            at=stop.arrival_at,
        )
        for stop in timeline.stops
        if stop.meal is not None
    ]
    return TripPlan(
        status=PlanStatus.OK,
        origin=path.route.origin,
        destination=path.route.destination,
        waypoints=path.route.waypoints,
        departure_at=departure,
        arrival_at=_at(departure, timeline.total_s),
        distance_km=round(timeline.distance_km, 1),
        drive_time_s=round(timeline.drive_s),
        charge_time_s=round(timeline.charge_s),
        stop_time_s=round(timeline.stop_s),
        total_time_s=round(timeline.total_s),
        arrival_soc_pct=None if end.soc_pct is None else round(end.soc_pct, 1),
        arrival_fuel_pct=None if end.fuel_pct is None else round(end.fuel_pct, 1),
        energy_used_kwh=round(timeline.energy_kwh, 2) if end.soc_pct is not None else None,
        fuel_used_l=round(timeline.fuel_l, 2) if end.fuel_pct is not None else None,
        total_cost_cny=round(timeline.cost_cny, 2),
        stops=timeline.stops,
        legs=_legs(path, timeline, spec),
        meal_stops=meals,
        options=opts,
        route=path.route,
        track=timeline.track,
    )


def _infeasible_plan(
    path: RoutedPath,
    profile: RouteProfile,
    spec: VehicleSpec,
    opts: TripOptions,
    departure: datetime,
    failure: _Failure,
) -> TripPlan:
    lat, lon, _ = profile.position_at(failure.furthest_km)
    return TripPlan(
        status=PlanStatus.INFEASIBLE,
        origin=path.route.origin,
        destination=path.route.destination,
        waypoints=path.route.waypoints,
        departure_at=departure,
        arrival_at=None,
        distance_km=path.route.distance_km,
        drive_time_s=round(path.route.duration_s),
        charge_time_s=0,
        stop_time_s=0,
        total_time_s=round(path.route.duration_s),
        arrival_soc_pct=None,
        arrival_fuel_pct=None,
        energy_used_kwh=None,
        fuel_used_l=None,
        total_cost_cny=0,
        stops=[],
        legs=_legs(path, None, spec),
        infeasible=Infeasibility(
            failing_leg_index=profile.leg_at(failure.furthest_km),
            furthest_reachable=Coordinates(lat=round(lat, 6), lon=round(lon, 6)),
            furthest_reachable_km=round(failure.furthest_km, 1),
            reason=failure.reason,
        ),
        options=opts,
        route=path.route,
    )

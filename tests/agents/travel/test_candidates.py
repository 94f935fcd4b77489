"""The planner's charger candidates are what the rule says: along the route, the best charger of
each stretch of road (most powerful for the car, then nearest the road, then most preferred, then
first along the route), whatever order the corridor scan finds them in."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agents.travel.chargers import DC_CONNECTORS, Charger, ChargerIndex, build_charger_index
from agents.travel.data import load_travel_data
from agents.travel.plan_models import TripOptions
from agents.travel.planner import (
    ACCESS_ROAD_FACTOR,
    MAX_CANDIDATE_BINS,
    MIN_BIN_KM,
    _candidates,
)
from agents.travel.route_profile import RouteProfile, build_profile
from agents.travel.routing import find_route
from agents.world.models import Connector, Coordinates, Powertrain, VehicleSpec

DATA = load_travel_data(Path(__file__).resolve().parents[3] / "fixtures")
CAR = VehicleSpec(
    powertrain=Powertrain.ELECTRIC,
    battery_net_kwh=80,
    consumption_kwh_per_100km=17.0,
    max_dc_kw=120,  # below many chargers' power: ties on power are common
    connectors=[Connector.GBT_DC, Connector.CCS2, Connector.GBT_AC],
)

Row = tuple[str, float, float, float, Connector, int]


def _expected(profile: RouteProfile, index: ChargerIndex, opts: TripOptions) -> list[Row]:
    """The rule, spelled out over `GridIndex.along`'s order: a later equal never displaces."""
    usable = set(opts.connectors or CAR.connectors) & DC_CONNECTORS
    prefs = opts.operator_preferences
    only = {op for op, p in prefs.items() if p == 3}
    bin_km = max(MIN_BIN_KM, profile.total_km / MAX_CANDIDATE_BINS)
    kept: dict[int, tuple[tuple[float, float, int], Row]] = {}
    for along, offset, charger in index.grid.along(profile.points(), opts.corridor_km):
        preference = prefs.get(charger.operator, 0)
        if preference == -2 or (only and charger.operator not in only):
            continue
        outlets = [o for o in charger.outlets if o.connector in usable]
        if not outlets:
            continue
        outlet = max(outlets, key=lambda o: o.power_kw)  # the first of equals
        if outlet.power_kw < opts.min_power_kw:
            continue
        power = min(outlet.power_kw, CAR.max_dc_kw or 0)
        km = profile.road_km_from_geo(along)
        access_km = offset * ACCESS_ROAD_FACTOR
        rank = (-power, access_km, -preference)
        slot = int(km // bin_km)
        if slot not in kept or rank < kept[slot][0]:
            kept[slot] = (rank, (charger.id, km, access_km, power, outlet.connector, preference))
    return sorted((row for _, row in kept.values()), key=lambda row: row[1])


def _world(rng: random.Random, route: list[Coordinates], n: int) -> ChargerIndex:
    templates = list(DATA.chargers.by_id.values())
    chargers: list[Charger] = []
    for i in range(n):
        near = rng.choice(route)
        lat, lon = near.lat + rng.gauss(0, 0.05), near.lon + rng.gauss(0, 0.05)
        template = rng.choice(templates)
        if i % 7 == 0 and chargers:  # the same kind of charger at a place already taken: ties
            template = chargers[-1]
            lat, lon = template.coordinates.lat, template.coordinates.lon
        chargers.append(
            template.model_copy(
                update={
                    "id": f"t-{i}",
                    "coordinates": Coordinates(lat=round(lat, 3), lon=round(lon, 3)),
                    "place_id": None,
                }
            )
        )
    return build_charger_index(chargers, list(DATA.chargers.tariffs.values()))


@pytest.mark.parametrize("seed", [1, 2])
def test_candidates_follow_the_rule(seed: int) -> None:
    rng = random.Random(seed)
    path = find_route(DATA.graph, "上海", "南京")
    profile = build_profile(path.segments, path.endpoints[0].coordinates, CAR, 20, 1)
    index = _world(rng, profile.points(), 3000)
    operators = sorted({c.operator for c in DATA.chargers.by_id.values()})
    option_sets = [
        TripOptions(),
        TripOptions(corridor_km=12, min_power_kw=0),
        TripOptions(connectors=[Connector.CCS2], min_power_kw=0),
        TripOptions(operator_preferences={operators[0]: 2, operators[1]: -2}),
        TripOptions(operator_preferences={operators[-1]: 3}, corridor_km=20),
    ]
    for opts in option_sets:
        got = [
            (s.charger.id, s.km, s.access_km, s.power_kw, s.connector, s.preference)
            for s in _candidates(profile, index, CAR, opts)
        ]
        assert got == _expected(profile, index, opts)
        assert got  # the world has candidates for every option set

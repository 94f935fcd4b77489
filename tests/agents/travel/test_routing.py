"""Routing over the fixture graph: distances like the real expressways, legs, steps, geometry."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.travel.data import load_travel_data
from agents.travel.errors import PlaceNotFound
from agents.travel.graph import AVERAGE_SPEED_FACTOR, RoadClass
from agents.travel.routing import find_route, route
from agents.world.models import Coordinates

DATA = load_travel_data(Path(__file__).resolve().parents[3] / "fixtures")
GRAPH = DATA.graph


def test_shanghai_beijing_is_about_as_long_as_the_real_g2() -> None:
    r = route(GRAPH, "上海", "北京")
    assert 1200 <= r.distance_km <= 1250
    assert 11 * 3600 <= r.duration_s <= 14 * 3600
    roads = [s.road.en for s in r.legs[0].steps if s.road]
    assert any(name.startswith("G2 ") for name in roads)


def test_shanghai_hangzhou_takes_the_g60() -> None:
    r = route(GRAPH, "Shanghai", "West Lake")
    assert 170 <= r.distance_km <= 180
    assert r.destination.place_id == "hangzhou"
    assert any(s.road and s.road.en.startswith("G60") for s in r.legs[0].steps)


def test_duration_comes_from_speed_limits_and_average_factors() -> None:
    path = find_route(GRAPH, "Jiaxing", "Hangzhou")
    expected = sum(
        s.distance_km / (limit * AVERAGE_SPEED_FACTOR[RoadClass.EXPRESSWAY]) * 3600
        for s, limit in ((s, 120) for s in path.segments)
    )
    assert path.route.duration_s == round(expected)


def test_waypoints_make_legs_that_add_up() -> None:
    r = route(GRAPH, "Hongqiao", "Nanjing", waypoints=["苏州"])
    assert [leg.end.place_id for leg in r.legs] == ["suzhou", "nanjing"]
    assert r.waypoints[0].place_id == "suzhou"
    assert sum(leg.distance_km for leg in r.legs) == pytest.approx(r.distance_km, abs=0.11)
    for leg in r.legs:
        types = [s.maneuver.type for s in leg.steps]
        assert types[0] == "depart"
        assert types[-1] == "arrive"
        assert sum(s.distance_km for s in leg.steps) == pytest.approx(leg.distance_km, abs=0.2)
    first = r.legs[0].steps[0]
    assert first.instruction.zh.startswith("从虹桥枢纽出发")
    assert first.spoken.en.endswith("kilometres.")


def test_geometry_is_geojson_lon_lat() -> None:
    r = route(GRAPH, "上海", "杭州")
    assert r.geometry.type == "LineString"
    lon, lat = r.geometry.coordinates[0]
    assert (lat, lon) == (31.2323, 121.4752)
    assert r.geometry.coordinates[-1] == (120.1551, 30.2741)
    assert r.model_dump()["geometry"]["coordinates"][0] == (121.4752, 31.2323)


def test_interchange_maneuvers_are_osrm_like() -> None:
    r = route(GRAPH, "上海", "北京")
    steps = r.legs[0].steps
    fork = next(s for s in steps if s.maneuver.type == "fork")
    assert fork.road is not None
    assert fork.road.zh == "G2 京沪高速"
    assert fork.instruction.en.startswith("At Wuxi Interchange")
    exit_step = next(s for s in steps if s.maneuver.type == "off ramp")
    assert exit_step.road is not None
    assert exit_step.road.en == "South Third Ring Road"
    assert steps[-1].instruction.en == "Arrive at Beijing"


def test_coordinates_snap_to_the_nearest_node_with_an_access_drive() -> None:
    start = Coordinates(lat=31.33, lon=120.62)  # north-east of Suzhou centre
    path = find_route(GRAPH, start, "Wuxi")
    assert path.route.origin.place_id == "suzhou"
    assert path.route.origin.coordinates == start
    access = path.segments[0]
    assert access.road_id is None
    assert access.distance_km > 0
    by_place = route(GRAPH, "suzhou", "wuxi")
    assert path.route.distance_km == pytest.approx(by_place.distance_km + access.distance_km, 0.01)


def test_unknown_place_is_a_domain_error() -> None:
    with pytest.raises(PlaceNotFound) as caught:
        route(GRAPH, "Shanghia", "Beijing")
    assert caught.value.suggestions[0] == "Shanghai (People's Square 人民广场)"

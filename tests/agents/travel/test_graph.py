"""Geometry helpers, places and name resolution, the road graph and its fixture checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.fixtures import FixtureError
from agents.travel.data import load_travel_data
from agents.travel.errors import OutsideRoadNetwork, PlaceNotFound
from agents.travel.geo import GridIndex, bearing_deg, haversine_km, interpolate
from agents.travel.places import PlaceKind
from agents.world.models import Coordinates

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
DATA = load_travel_data(FIXTURES)
SHANGHAI = Coordinates(lat=31.2304, lon=121.4737)
BEIJING = Coordinates(lat=39.9042, lon=116.4074)


def test_haversine_shanghai_beijing_is_the_known_great_circle() -> None:
    assert haversine_km(SHANGHAI, BEIJING) == pytest.approx(1067.3, abs=0.5)
    assert haversine_km(SHANGHAI, SHANGHAI) == 0


def test_bearing_and_interpolation() -> None:
    north = Coordinates(lat=32.2304, lon=121.4737)
    assert bearing_deg(SHANGHAI, north) == pytest.approx(0, abs=1e-9)
    assert bearing_deg(north, SHANGHAI) == pytest.approx(180, abs=1e-9)
    assert bearing_deg(SHANGHAI, BEIJING) == pytest.approx(336.0, abs=0.1)
    mid = interpolate(SHANGHAI, north, 0.25)
    assert mid.lat == pytest.approx(31.4804)
    assert mid.lon == pytest.approx(121.4737)


def test_grid_index_near_is_sorted_and_bounded() -> None:
    index: GridIndex[str] = GridIndex(cell_deg=0.1)
    for i in range(10):
        index.add(Coordinates(lat=31.0 + i * 0.05, lon=121.0), f"p{i}")
    hits = index.near(Coordinates(lat=31.0, lon=121.0), radius_km=12)
    assert [item for _, item in hits] == ["p0", "p1", "p2"]
    assert [round(d, 2) for d, _ in hits] == [0.0, 5.56, 11.12]


def test_grid_index_along_reports_distance_along_and_offset() -> None:
    index: GridIndex[str] = GridIndex(cell_deg=0.1)
    index.add(Coordinates(lat=31.0, lon=121.5), "on-line")
    index.add(Coordinates(lat=31.02, lon=121.2), "2km-north")
    index.add(Coordinates(lat=31.2, lon=121.3), "far")
    index.add(Coordinates(lat=31.0, lon=122.5), "beyond-end")
    line = [Coordinates(lat=31.0, lon=121.0), Coordinates(lat=31.0, lon=122.0)]
    hits = index.along(line, corridor_km=3)
    assert [item for _, _, item in hits] == ["2km-north", "on-line"]
    along_km, offset_km, _ = hits[0]
    assert along_km == pytest.approx(19.07, abs=0.05)
    assert offset_km == pytest.approx(2.22, abs=0.02)
    assert hits[1][0] == pytest.approx(47.67, abs=0.05)


def test_fixture_graph_has_the_corridor() -> None:
    places = DATA.graph.places.by_id
    assert len(places) >= 30
    kinds = {p.kind for p in places.values()}
    assert {PlaceKind.CITY, PlaceKind.SERVICE_AREA, PlaceKind.INTERCHANGE} <= kinds
    for city in ["suzhou", "wuxi", "changzhou", "zhenjiang", "nanjing", "jiaxing", "hangzhou"]:
        assert city in places
    for city in ["bengbu", "xuzhou", "linyi", "taian", "jinan", "dezhou", "cangzhou", "tianjin"]:
        assert city in places
    numbers = {road.number for road in DATA.graph.roads.values()}
    assert {"G2", "G42", "G60", "G92", "G15"} <= numbers
    assert all(DATA.graph.adjacency[p] for p in places), "every place is on a road"


@pytest.mark.parametrize(
    "query", ["杭州", "Hangzhou", "hangzhou", "HANGZHOU", "West Lake", "西湖", "杭州市"]
)
def test_names_and_aliases_resolve(query: str) -> None:
    assert DATA.graph.places.resolve(query).id == "hangzhou"


def test_shanghai_has_several_points() -> None:
    resolve = DATA.graph.places.resolve
    assert resolve("上海").id == "shanghai-peoples-square"
    assert resolve("Hongqiao").id == "shanghai-hongqiao"
    assert resolve("pudong").id == "shanghai-lujiazui"
    assert resolve("people's square").id == "shanghai-peoples-square"


def test_unknown_place_lists_suggestions() -> None:
    with pytest.raises(PlaceNotFound) as caught:
        DATA.graph.places.resolve("Hangzou")
    error = caught.value
    assert error.query == "Hangzou"
    assert error.suggestions[0] == "Hangzhou 杭州"
    assert error.code == "PLACE_NOT_FOUND"
    assert error.extra["suggestions"] == error.suggestions
    with pytest.raises(PlaceNotFound) as nothing_close:
        DATA.graph.places.resolve("Xyzzy")
    assert nothing_close.value.suggestions == []


def test_snap_picks_the_nearest_node_and_rejects_far_points() -> None:
    place, distance = DATA.graph.snap(Coordinates(lat=31.31, lon=120.60))
    assert place.id == "suzhou"
    assert distance == pytest.approx(1.8, abs=0.2)
    with pytest.raises(OutsideRoadNetwork):
        DATA.graph.snap(Coordinates(lat=23.13, lon=113.26))  # Guangzhou


def _copy_fixtures(tmp_path: Path) -> Path:
    travel = tmp_path / "travel"
    travel.mkdir()
    for name in ["places.json", "roads.json", "chargers.json"]:
        (travel / name).write_text((FIXTURES / "travel" / name).read_text("utf-8"), "utf-8")
    return travel


def test_bad_road_fixture_names_file_path_and_reason(tmp_path: Path) -> None:
    travel = _copy_fixtures(tmp_path)
    roads = json.loads((travel / "roads.json").read_text("utf-8"))
    roads[2]["segments"][0]["end"] = "atlantis"
    (travel / "roads.json").write_text(json.dumps(roads), "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_travel_data(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file.endswith("travel/roads.json")
    assert problem.json_path == "$[2].segments[0]"
    assert problem.reason == "unknown place id 'atlantis'"


def test_too_short_segment_and_bad_field_are_reported(tmp_path: Path) -> None:
    travel = _copy_fixtures(tmp_path)
    roads = json.loads((travel / "roads.json").read_text("utf-8"))
    roads[0]["segments"][0]["distance_km"] = 1.0
    (travel / "roads.json").write_text(json.dumps(roads), "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_travel_data(tmp_path)
    assert caught.value.problems[0].json_path == "$[0].segments[0].distance_km"
    assert "shorter than the straight line" in caught.value.problems[0].reason

    places = json.loads((travel / "places.json").read_text("utf-8"))
    places[3]["kind"] = "castle"
    (travel / "places.json").write_text(json.dumps(places), "utf-8")
    with pytest.raises(FixtureError) as bad_kind:
        load_travel_data(tmp_path)
    assert bad_kind.value.problems[0].json_path == "$[3].kind"

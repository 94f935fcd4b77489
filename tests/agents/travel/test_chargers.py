"""Chargers: fixture, deterministic availability, time-of-use prices, search near and along."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from pathlib import Path

import pytest

from agents.fixtures import FixtureError
from agents.travel.chargers import outlet_availability, search_chargers
from agents.travel.data import load_travel_data
from agents.travel.geo import haversine_km
from agents.travel.routing import route
from agents.world.models import Connector, Coordinates
from tests.agents.travel.test_geo_index import _CountingCells

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
DATA = load_travel_data(FIXTURES)
INDEX = DATA.chargers
CST = timezone(timedelta(hours=8))
NIGHT = datetime(2025, 10, 1, 3, 0, tzinfo=CST)
EVENING = datetime(2025, 10, 1, 18, 0, tzinfo=CST)
HONGQIAO = Coordinates(lat=31.1945, lon=121.3207)


def _free(at: datetime) -> list[int]:
    return [sum(o.available for o in outlet_availability(c, at)) for c in INDEX.by_id.values()]


def test_fixture_has_enough_chargers_on_known_places() -> None:
    chargers = list(INDEX.by_id.values())
    assert len(chargers) >= 40
    assert all(c.place_id in DATA.graph.places.by_id for c in chargers)
    assert {c.operator for c in chargers} <= set(INDEX.operators)
    connectors = {o.connector for c in chargers for o in c.outlets}
    assert {Connector.GBT_DC, Connector.GBT_AC, Connector.CCS2} <= connectors
    on_service_areas = [c for c in chargers if c.place_id and c.place_id.endswith("-sa")]
    assert len(on_service_areas) >= 15


def test_availability_is_deterministic_and_follows_the_hour() -> None:
    night, evening = _free(NIGHT), _free(EVENING)
    assert night == _free(NIGHT)
    assert night != evening
    assert sum(night) > sum(evening)
    stalls = sum(o.stalls for c in INDEX.by_id.values() for o in c.outlets)
    assert sum(night) >= 0.9 * stalls
    assert 0 < sum(evening) <= 0.6 * stalls
    # Within the hour nothing changes; the next day differs in the details.
    assert _free(NIGHT + timedelta(minutes=59)) == night
    assert _free(EVENING + timedelta(days=1)) != evening


def test_price_is_electricity_plus_service_fee_by_time_of_use() -> None:
    charger = INDEX.by_id["jidian-meicun-sa"]  # east-china tariff, jidian fees
    night = INDEX.price_at(charger, NIGHT)
    assert (night.period, night.total_cny_per_kwh) == ("valley", round(0.31 + 0.50, 2))
    peak = INDEX.price_at(charger, datetime(2025, 10, 1, 9, 30, tzinfo=CST))
    assert (peak.period, peak.total_cny_per_kwh) == ("peak", round(1.05 + 1.00, 2))
    flat = INDEX.price_at(charger, datetime(2025, 10, 1, 4, 0, tzinfo=UTC))  # 12:00
    assert (flat.period, flat.electricity_cny_per_kwh, flat.service_fee_cny_per_kwh) == (
        "flat",
        0.68,
        0.80,
    )
    north = INDEX.by_id["jidian-linyi"]
    assert INDEX.price_at(north, datetime(2025, 10, 1, 12, tzinfo=CST)).period == "peak"


def test_search_near_is_sorted_filtered_and_priced() -> None:
    matches = search_chargers(INDEX, near=HONGQIAO, radius_km=25, at=EVENING)
    assert matches
    distances = [m.distance_km for m in matches]
    assert distances == sorted(distances)
    assert all(d <= 25 for d in distances)
    for m in matches:
        expected = haversine_km(HONGQIAO, m.charger.coordinates)
        assert m.distance_km == pytest.approx(expected, abs=0.01)
        assert m.price.period == "peak"
    fast = search_chargers(INDEX, near=HONGQIAO, radius_km=25, min_power_kw=150, at=EVENING)
    assert fast
    assert all(m.max_power_kw >= 150 for m in fast)
    assert len(fast) < len(matches)


def test_search_by_connector() -> None:
    ccs = search_chargers(
        INDEX,
        near=Coordinates(lat=31.40, lon=120.79),
        radius_km=5,
        connector=Connector.CCS2,
        at=NIGHT,
    )
    assert [m.charger.operator for m in ccs] == ["eurolink"]
    assert ccs[0].max_power_kw == 300
    assert ccs[0].total_stalls == 2


def test_search_along_a_route_in_route_order() -> None:
    geometry = route(DATA.graph, "上海", "杭州").geometry.points()
    matches = search_chargers(INDEX, along=geometry, corridor_km=4, at=NIGHT)
    places = [m.charger.place_id for m in matches]
    assert places.index("fengjing-sa") < places.index("jiaxing") < places.index("changan-sa")
    assert [m.distance_km for m in matches] == sorted(m.distance_km for m in matches)
    assert all(m.offset_km is not None and m.offset_km <= 4 for m in matches)
    assert "suzhou" not in places


def test_search_needs_exactly_one_of_near_and_along() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        search_chargers(INDEX, at=NIGHT)


def test_unknown_tariff_is_a_fixture_error(tmp_path: Path) -> None:
    travel = tmp_path / "travel"
    travel.mkdir()
    for name in ["places.json", "roads.json"]:
        (travel / name).write_text((FIXTURES / "travel" / name).read_text("utf-8"), "utf-8")
    catalog = json.loads((FIXTURES / "travel" / "chargers.json").read_text("utf-8"))
    catalog["chargers"][5]["tariff"] = "mars"
    catalog["tariffs"][0]["periods"][1]["start_hour"] = 9
    (travel / "chargers.json").write_text(json.dumps(catalog), "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_travel_data(tmp_path)
    assert caught.value.problems[0].json_path == "$.tariffs[0]"
    assert "gap or overlap at 8:00" in caught.value.problems[0].reason
    catalog["tariffs"][0]["periods"][1]["start_hour"] = 8
    (travel / "chargers.json").write_text(json.dumps(catalog), "utf-8")
    with pytest.raises(FixtureError) as unknown:
        load_travel_data(tmp_path)
    assert unknown.value.problems[0].json_path == "$.chargers[5].tariff"
    assert unknown.value.problems[0].reason == "unknown tariff 'mars'"


def test_filtered_searches_skip_the_cells_no_charger_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A filter is checked per cell first (the most powerful outlet of each connector there):
    the answers are those of filtering every charger, and a filter nothing passes reads no
    cell at all."""
    line = [HONGQIAO, Coordinates(lat=31.6, lon=120.6), Coordinates(lat=32.05, lon=118.8)]
    wants: list[tuple[Connector | list[Connector] | None, float]] = [
        (None, 0),
        (None, 120),
        (Connector.CCS2, 0),
        (Connector.GBT_DC, 150),
        ([Connector.GBT_AC, Connector.TYPE2], 7),
        (Connector.CCS2, 799),
    ]
    for connector, min_kw in wants:
        near = partial(search_chargers, INDEX, near=HONGQIAO, radius_km=100.0, at=EVENING)
        along = partial(search_chargers, INDEX, along=line, corridor_km=30.0, at=EVENING)
        for search in (near, along):
            got = search(connector=connector, min_power_kw=min_kw)
            everything = search()
            wanted = {connector} if isinstance(connector, Connector) else connector
            passing = {
                c.id
                for c in INDEX.by_id.values()
                if any(
                    (wanted is None or o.connector in wanted) and o.power_kw >= min_kw
                    for o in c.outlets
                )
            }
            assert [m.charger.id for m in got] == [
                m.charger.id for m in everything if m.charger.id in passing
            ]
    skip = INDEX.cells_without(frozenset({Connector.CCS2}), 799)
    assert skip is not None
    assert INDEX.cells_without(None, 0) is None
    assert all(skip(INDEX.grid.cell_of(c.coordinates)) for c in INDEX.by_id.values())
    cells = _CountingCells(INDEX.grid._cells)
    monkeypatch.setattr(INDEX.grid, "_cells", cells)
    assert search_chargers(INDEX, along=line, corridor_km=50, min_power_kw=799, at=EVENING) == []
    assert search_chargers(INDEX, near=HONGQIAO, radius_km=100, min_power_kw=799, at=EVENING) == []
    assert cells.reads == 0
    assert len(search_chargers(INDEX, near=HONGQIAO, radius_km=100, at=EVENING)) > 0
    assert cells.reads > 0

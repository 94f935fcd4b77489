"""Dining that understands the trip: the stop nearest the meal, hard dietary rules, reasons."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from agents.catalog import Catalog, load_catalog
from agents.text import Bilingual
from agents.travel.dining_index import dietary_rules_met
from agents.travel.plan_models import TripOptions, TripPlan
from agents.travel.planner import plan_trip
from agents.travel.profiles import DietaryRule
from agents.travel.restaurants import Cuisine
from agents.travel.trip_dining import as_results, meal_place, suggest_for_trip, walk_radius_km

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
HALF_PAST_TEN = datetime(2026, 6, 1, 10, 30, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURES)


def hangzhou(catalog: Catalog, soc: float = 90) -> TripPlan:
    travel = catalog.travel
    spec = catalog.fleet.vehicles["ix3-shanghai"].spec
    return plan_trip(
        travel.graph,
        travel.chargers,
        spec,
        "上海",
        "杭州",
        departure=HALF_PAST_TEN,
        options=TripOptions(start_soc_pct=soc),
    )


def test_lunch_on_the_way_to_hangzhou_is_vegetarian_near_the_noon_stop(catalog: Catalog) -> None:
    plan = hangzhou(catalog)
    vegetarian = catalog.travel.profiles["vegetarian-en"]
    found = suggest_for_trip(catalog.travel.dining, plan, vegetarian, meal="lunch")
    place = found.place
    assert place.stop_index == 0
    assert place.name.en == "Chang'an Service Area (lunch)"
    assert place.at == datetime(2026, 6, 1, 12, 5, 31, tzinfo=HALF_PAST_TEN.tzinfo)
    assert [s.result.restaurant.id for s in found.suggestions] == ["sa-changan-noodle-bar"]
    [only] = found.suggestions
    assert only.result.distance_km == 0.12
    assert only.reason == Bilingual(
        zh="素食；距长安服务区（午餐）0.1公里，12:05到达时营业",
        en=(
            "vegetarian; 0.1 km from Chang'an Service Area (lunch), "
            "open when you get there at 12:05"
        ),
    )
    cantonese = [s for s in found.suggestions if Cuisine.CANTONESE in s.result.restaurant.cuisines]
    assert cantonese == []
    assert found.none_found is None
    # The HTTP/tool shape: the trip reason is said first.
    assert as_results(found)[0].reasons[0] == only.reason


def test_every_suggestion_honours_the_dietary_rules(catalog: Catalog) -> None:
    plan = hangzhou(catalog)
    for rule in DietaryRule:
        found = suggest_for_trip(catalog.travel.dining, plan, None, dietary=[rule])
        for suggestion in found.suggestions:
            assert rule in dietary_rules_met(suggestion.result.restaurant)
        assert (found.none_found is None) == bool(found.suggestions)


def test_a_short_charge_is_the_time_budget_and_nothing_fitting_is_said(catalog: Catalog) -> None:
    plan = hangzhou(catalog, soc=30)  # a 5-minute charge at Fengjing at 11:20
    place = meal_place(plan, "lunch")
    assert (place.stop_index, place.charge_min) == (0, 5)
    found = suggest_for_trip(
        catalog.travel.dining, plan, catalog.travel.profiles["vegetarian-en"], meal="lunch"
    )
    assert found.suggestions == []  # never a non-vegetarian place to fill the list
    assert found.none_found == Bilingual(
        zh="电路充电·枫泾服务区附近没有适合午餐的素食餐厅。",
        en="No vegetarian place near Dianlu Fengjing Service Area for lunch.",
    )


def test_walking_radius_follows_the_charge() -> None:
    assert walk_radius_km(5) == 0.3  # the floor
    assert walk_radius_km(25) == 0.38  # 5 min each way at 4.5 km/h
    assert walk_radius_km(120) == 1.0  # the ceiling


def test_without_a_stop_near_the_meal_it_is_the_route_point_at_that_time(
    catalog: Catalog,
) -> None:
    plan = hangzhou(catalog)
    place = meal_place(plan.model_copy(update={"stops": []}), "lunch")
    assert place.stop_index is None
    assert place.at == datetime(2026, 6, 1, 12, 0, tzinfo=HALF_PAST_TEN.tzinfo)
    assert place.name == Bilingual(zh="路线", en="your route")
    assert not place.at_end


def test_a_meal_after_arriving_is_at_the_destination_at_the_meal_time(catalog: Catalog) -> None:
    early = hangzhou(catalog).model_copy(update={"stops": []})
    arrives = early.arrival_at
    dinner = meal_place(early, "dinner")  # the car arrives hours before dinner
    assert arrives is not None
    assert dinner.at > arrives
    assert (dinner.name.en, dinner.coordinates, dinner.at_end) == (
        "Hangzhou",
        early.destination.coordinates,
        True,
    )
    assert dinner.at == datetime(2026, 6, 1, 18, 30, tzinfo=HALF_PAST_TEN.tzinfo)
    found = suggest_for_trip(catalog.travel.dining, early, None, meal="dinner", limit=1)
    [first] = found.suggestions
    assert first.reason.en.endswith(" km from Hangzhou, open at 18:30")

"""Dining search: hard constraints never bend, preferences rank, every result says why."""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from agents.fixtures import FixtureError
from agents.text import Bilingual
from agents.travel import dining
from agents.travel.data import load_travel_data
from agents.travel.dining import DiningQuery, DiningResults, Exclusion, search_dining
from agents.travel.dining_index import build_dining_index
from agents.travel.opening_hours import CHINA_TZ, OpeningHours, WeeklySchedule, open_span
from agents.travel.profiles import Profile, load_profiles
from agents.travel.restaurants import Cuisine, Restaurant, load_restaurants
from agents.world.models import Coordinates

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "travel"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LUNCH_AND_DINNER = ["11:00-14:00", "17:00-21:30"]
# 2025-05-21 is a Wednesday.
WED_NOON = datetime(2025, 5, 21, 12, 0, tzinfo=CHINA_TZ)
HERE = Coordinates(lat=31.2304, lon=121.4737)  # People's Square, Shanghai
KM_PER_DEG_LAT = 111.195  # what geo.py uses, to place test restaurants at known offsets


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in the week of 2025-05-19 (Monday = day 19)."""
    return datetime(2025, 5, day, hour, minute, tzinfo=CHINA_TZ)


def every_day(*ranges: str) -> dict[str, list[str]]:
    return {day: list(ranges) for day in DAYS}


def restaurant(
    rid: str,
    *,
    north_km: float = 1.0,
    cuisines: tuple[str, ...] = ("jiangsu_zhejiang",),
    rating: float = 4.0,
    spend: float = 60,
    hours: dict[str, list[str]] | None = None,
    dishes: tuple[tuple[str, tuple[str, ...]], ...] = (("Braised bamboo shoots", ("vegetarian",)),),
    **attributes: Any,
) -> Restaurant:
    """A restaurant `north_km` due north of HERE (so its distance is known exactly)."""
    return Restaurant.model_validate(
        {
            "id": rid,
            "name": {"zh": f"测试{rid}", "en": f"Test {rid}"},
            "cuisines": list(cuisines),
            "coordinates": {"lat": HERE.lat + north_km / KM_PER_DEG_LAT, "lon": HERE.lon},
            "place_id": "shanghai-peoples-square",
            "rating": rating,
            "sub_ratings": {
                "taste": min(5.0, rating + 0.2),
                "environment": rating,
                "service": rating,
            },
            "avg_spend_cny": spend,
            "opening_hours": hours or every_day("10:00-22:00"),
            "attributes": {"vegetarian_options": False, **attributes},
            "signature_dishes": [
                {"name": {"zh": f"菜{i}", "en": name}, "price_cny": 30, "tags": list(tags)}
                for i, (name, tags) in enumerate(dishes)
            ],
        }
    )


def search(
    restaurants: list[Restaurant], profile: Profile | None = None, **query: Any
) -> DiningResults:
    query.setdefault("near", HERE)
    return search_dining(build_dining_index(restaurants), DiningQuery(**query), profile)


def ids(results: DiningResults) -> list[str]:
    return [r.restaurant.id for r in results.results]


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return load_profiles(FIXTURES / "profiles.json")


@pytest.fixture(scope="module")
def fixture_restaurants() -> list[Restaurant]:
    return load_restaurants(FIXTURES / "restaurants.json")


STEAKHOUSE = restaurant(
    "steak",
    cuisines=("steakhouse",),
    rating=4.9,
    spend=140,
    dishes=(("Rib-eye", ("contains_beef",)), ("Lamb chops", ("contains_lamb",))),
)
GREENS = restaurant(
    "greens", cuisines=("vegetarian",), rating=4.0, spend=70, vegetarian_options=True
)


# --- the restaurant fixtures ---------------------------------------------------------------


def test_fixture_restaurants_cover_the_corridor(fixture_restaurants: list[Restaurant]) -> None:
    places = {p["id"]: p for p in json.loads((FIXTURES / "places.json").read_text())}
    assert len(fixture_restaurants) >= 80
    assert all(r.place_id in places for r in fixture_restaurants)
    assert all(
        r.at_service_area == (places[r.place_id]["kind"] == "service_area")
        for r in fixture_restaurants
    )
    steakhouses_without_greens = [
        r.id
        for r in fixture_restaurants
        if Cuisine.STEAKHOUSE in r.cuisines
        and not r.vegetarian_dishes()
        and not r.attributes.vegetarian_options
    ]
    assert "sh-bund-ember-steakhouse" in steakhouses_without_greens
    schedules = {r.id: WeeklySchedule.compile(r.opening_hours) for r in fixture_restaurants}
    round_the_clock = [r.id for r in fixture_restaurants if schedules[r.id].always_open]
    assert all(
        r.at_service_area or r.place_id.endswith("hub") or "fenzhongsi" in r.place_id
        for r in fixture_restaurants
        if r.id in round_the_clock
    )
    assert len([i for i in round_the_clock if i.startswith("sa-")]) >= 10
    afternoon = datetime(2025, 5, 21, 15, 30, tzinfo=CHINA_TZ)
    shut_for_the_afternoon = [
        r.id
        for r in fixture_restaurants
        if schedules[r.id].open_span(WED_NOON) and not schedules[r.id].open_span(afternoon)
    ]
    assert len(shut_for_the_afternoon) >= 20
    spends = sorted(r.avg_spend_cny for r in fixture_restaurants)
    assert spends[0] <= 25
    assert spends[-1] >= 300


def test_a_bad_restaurant_fixture_names_file_path_and_reason(tmp_path: Path) -> None:
    entry = STEAKHOUSE.model_dump(mode="json")
    entry["signature_dishes"][0]["tags"] = ["vegetarian", "contains_beef"]
    bad = tmp_path / "restaurants.json"
    bad.write_text(json.dumps([entry]))
    with pytest.raises(FixtureError) as caught:
        load_restaurants(bad)
    [problem] = caught.value.problems
    assert problem.file == str(bad)
    assert problem.json_path == "$[0].signature_dishes[0]"
    assert "vegetarian dish cannot be tagged contains_beef" in problem.reason


def test_a_repeated_restaurant_id_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "restaurants.json"
    bad.write_text(json.dumps([GREENS.model_dump(mode="json")] * 2))
    with pytest.raises(FixtureError, match=r"\$\[1\]\.id: duplicate id 'greens'"):
        load_restaurants(bad)


def test_a_halal_restaurant_cannot_list_pork() -> None:
    with pytest.raises(ValidationError, match="halal restaurant cannot list a dish tagged"):
        restaurant("halal-x", halal=True, dishes=(("Char siu", ("contains_pork",)),))


def test_travel_data_carries_the_dining_index_and_profiles() -> None:
    data = load_travel_data(FIXTURES.parent)
    assert len(data.dining) == 98
    assert sorted(data.profiles) == [
        "family-kids",
        "halal-traveller",
        "spicy-budget",
        "vegetarian-en",
    ]


def test_restaurants_and_profiles_may_only_name_known_places_and_operators(
    tmp_path: Path,
) -> None:
    travel = tmp_path / "travel"
    travel.mkdir()
    for name in ["places.json", "roads.json", "chargers.json"]:
        (travel / name).write_text((FIXTURES / name).read_text("utf-8"), "utf-8")
    restaurants = json.loads((FIXTURES / "restaurants.json").read_text("utf-8"))
    restaurants[4]["place_id"] = "atlantis"
    (travel / "restaurants.json").write_text(json.dumps(restaurants), "utf-8")
    profiles = json.loads((FIXTURES / "profiles.json").read_text("utf-8"))
    profiles[2]["charging"]["operator_preferences"]["acme"] = 1
    (travel / "profiles.json").write_text(json.dumps(profiles), "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_travel_data(tmp_path)
    assert [(p.file, p.json_path, p.reason) for p in caught.value.problems] == [
        (str(travel / "restaurants.json"), "$[4].place_id", "unknown place id 'atlantis'"),
        (
            str(travel / "profiles.json"),
            "$[2].charging.operator_preferences.acme",
            "unknown operator 'acme'",
        ),
    ]


# --- hard constraints ----------------------------------------------------------------------


def test_a_vegetarian_never_gets_a_steakhouse_without_vegetarian_dishes(
    profiles: dict[str, Profile],
) -> None:
    anyone = search([STEAKHOUSE, GREENS])
    assert ids(anyone) == ["steak", "greens"]

    vegetarian = search([STEAKHOUSE, GREENS], profiles["vegetarian-en"])
    assert ids(vegetarian) == ["greens"]
    assert vegetarian.excluded[Exclusion.DIETARY] == 1

    by_rule_alone = search([STEAKHOUSE, GREENS], dietary=["vegetarian"])
    assert ids(by_rule_alone) == ["greens"]


def test_the_fixture_steakhouse_is_only_for_non_vegetarians(
    fixture_restaurants: list[Restaurant], profiles: dict[str, Profile]
) -> None:
    index = build_dining_index(fixture_restaurants)
    lujiazui = Coordinates(lat=31.2397, lon=121.4998)
    evening = datetime(2025, 5, 21, 19, 0, tzinfo=CHINA_TZ)
    query = DiningQuery(near=lujiazui, radius_km=8, open_at=evening, limit=20)
    anyone = ids(search_dining(index, query))
    vegetarian = ids(search_dining(index, query, profiles["vegetarian-en"]))
    assert "sh-bund-ember-steakhouse" in anyone
    assert "sh-bund-ember-steakhouse" not in vegetarian
    assert vegetarian[0] == "sh-lotus-heart-vegetarian"


def test_a_restaurant_closed_at_arrival_is_never_suggested() -> None:
    bistro = restaurant("bistro", hours=every_day(*LUNCH_AND_DINNER))
    afternoon = search([bistro], open_at=at(21, 15, 30))
    assert afternoon.results == []
    assert afternoon.excluded[Exclusion.CLOSED] == 1
    assert afternoon.exhaustive

    lunch = search([bistro], open_at=at(21, 12, 0))
    assert ids(lunch) == ["bistro"]
    assert lunch.results[0].open_until == at(21, 14, 0)


def test_a_place_about_to_close_is_not_worth_the_stop() -> None:
    bistro = restaurant("bistro", hours=every_day(*LUNCH_AND_DINNER))
    assert search([bistro], open_at=at(21, 13, 45)).excluded[Exclusion.CLOSED] == 1
    assert ids(search([bistro], open_at=at(21, 13, 45), min_open_min=10)) == ["bistro"]


def test_the_budget_cap_excludes() -> None:
    cheap = restaurant("cheap", spend=40)
    dear = restaurant("dear", spend=60, rating=4.8)
    results = search([cheap, dear], max_budget_cny=50)
    assert ids(results) == ["cheap"]
    assert results.excluded[Exclusion.BUDGET] == 1
    assert ids(search([cheap, dear])) == ["dear", "cheap"]


def test_the_family_only_gets_kid_friendly_places_with_parking(
    fixture_restaurants: list[Restaurant], profiles: dict[str, Profile]
) -> None:
    family = profiles["family-kids"]
    nanjing = Coordinates(lat=32.0603, lon=118.7969)
    query = DiningQuery(near=nanjing, radius_km=15, open_at=WED_NOON, limit=20)
    found = search_dining(build_dining_index(fixture_restaurants), query, family)
    assert ids(found) == ["nj-jinling-duck-house", "nj-gulin-vegetarian-kitchen"]
    for result in found.results:
        attributes = result.restaurant.attributes
        assert attributes.kid_friendly
        assert attributes.parking
        assert attributes.spicy_level <= 1
        assert Bilingual(zh="适合带孩子", en="Kid-friendly") in result.reasons
    assert found.excluded[Exclusion.KID_FRIENDLY] == 2  # the steakhouse and Tsuru Ramen
    assert found.excluded[Exclusion.SPICE] == 1  # Chili Jianghu


def test_children_need_a_kid_friendly_place_and_big_parties_a_big_table() -> None:
    grown_ups_only = restaurant("bar", kid_friendly=False)
    small_room = restaurant("small", kid_friendly=True, max_party_size=4)
    with_kids = search([grown_ups_only, small_room], party={"adults": 2, "children": 1})
    assert ids(with_kids) == ["small"]
    assert with_kids.excluded[Exclusion.KID_FRIENDLY] == 1
    coach_party = search([grown_ups_only, small_room], party={"adults": 12, "children": 0})
    assert ids(coach_party) == ["bar"]
    assert coach_party.excluded[Exclusion.CAPACITY] == 1


def test_a_halal_diner_only_gets_certified_halal_places(
    fixture_restaurants: list[Restaurant], profiles: dict[str, Profile]
) -> None:
    jinan = Coordinates(lat=36.6512, lon=117.1201)
    query = DiningQuery(near=jinan, radius_km=15, open_at=WED_NOON, limit=20)
    found = search_dining(
        build_dining_index(fixture_restaurants), query, profiles["halal-traveller"]
    )
    assert ids(found) == ["jn-old-ma-halal"]
    assert found.results[0].restaurant.attributes.halal


def test_a_cuisine_scored_never_is_excluded_and_asked_for_cuisines_filter() -> None:
    steak_lover = Profile(id="p1", name="P", cuisine_preferences={"steakhouse": -2})
    assert ids(search([STEAKHOUSE, GREENS], steak_lover)) == ["greens"]
    only_steak = search([STEAKHOUSE, GREENS], cuisines=["steakhouse"])
    assert ids(only_steak) == ["steak"]
    assert only_steak.excluded[Exclusion.CUISINE] == 1


def test_max_detour_excludes_and_is_counted() -> None:
    near = restaurant("near", north_km=1.0)
    far = restaurant("far", north_km=2.0, rating=4.9)
    results = search([near, far], max_detour_min=10)
    # 2 km away: 2 x 2 km / 30 km/h = 8 min of driving + 3 min parking = 11 min.
    assert ids(results) == ["near"]
    assert results.excluded[Exclusion.DETOUR] == 1


# --- ranking -------------------------------------------------------------------------------


def test_the_spicy_lover_ranks_sichuan_above_cantonese_of_equal_rating(
    profiles: dict[str, Profile],
) -> None:
    cantonese = restaurant("a-canton", cuisines=("cantonese",), rating=4.5, spend=60)
    sichuan = restaurant("b-sichuan", cuisines=("sichuan",), rating=4.5, spend=60, spicy_level=3)
    neutral = search([cantonese, sichuan])
    assert ids(neutral) == ["a-canton", "b-sichuan"]  # a tie: by id
    assert neutral.results[0].score == neutral.results[1].score

    spicy = search([cantonese, sichuan], profiles["spicy-budget"])
    assert ids(spicy) == ["b-sichuan", "a-canton"]
    first, second = spicy.results
    assert first.score_breakdown.cuisine == 3.0
    assert second.score_breakdown.cuisine == 0.0
    assert first.score - second.score == pytest.approx(3.0)


def test_the_score_is_the_sum_of_its_breakdown() -> None:
    place = restaurant("place", north_km=1.5, rating=4.6, spend=60)
    profile = Profile(
        id="p1", name="P", cuisine_preferences={"jiangsu_zhejiang": 2}, budget_cny_per_person=80
    )
    [result] = search([place], profile).results
    assert result.detour_min == 9.0  # 2 x 1.5 km at 30 km/h = 6 min, plus 3 min to park
    assert result.distance_km == pytest.approx(1.5, abs=0.01)
    breakdown = result.score_breakdown
    assert (breakdown.cuisine, breakdown.rating, breakdown.price, breakdown.detour) == (
        2.0,
        3.2,  # 2 x (4.6 - 3)
        0.125,  # 0.5 x (1 - 60 / 80)
        -0.9,  # 0.1 per minute
    )
    assert result.score == pytest.approx(4.425)


def test_reasons_say_why_in_chinese_and_english(profiles: dict[str, Profile]) -> None:
    sichuan = restaurant(
        "sichuan",
        cuisines=("sichuan",),
        rating=4.6,
        spend=65,
        hours=every_day(*LUNCH_AND_DINNER),
        spicy_level=3,
        parking=True,
    )
    [result] = search([sichuan], profiles["spicy-budget"], open_at=at(21, 19, 0)).results
    assert result.reasons == [
        Bilingual(zh="最爱的菜系：川菜（+3）", en="Loved cuisine: Sichuan (+3)"),
        Bilingual(zh="评分4.6，口味4.8", en="4.6★, taste 4.8"),
        Bilingual(zh="人均¥65，在你的¥80预算内", en="¥65 per person, within your ¥80 budget"),
        Bilingual(zh="营业至21:30", en="Open until 21:30"),
        Bilingual(zh="距离1.0公里，往返约7分钟", en="1.0 km away, about 7 min there and back"),
        Bilingual(zh="有停车位", en="Parking"),
    ]


def test_a_vegetarian_is_told_which_dishes_suit_them(profiles: dict[str, Profile]) -> None:
    [result] = search([GREENS], profiles["vegetarian-en"]).results
    assert (
        Bilingual(zh="有素菜：菜0", en="Vegetarian dishes: Braised bamboo shoots") in result.reasons
    )


# --- along a route -------------------------------------------------------------------------


def test_along_a_route_measures_the_offset_and_the_distance_along() -> None:
    # A route due east from HERE; restaurants sit north of its 10 km mark.
    east = [HERE, Coordinates(lat=HERE.lat, lon=HERE.lon + 0.2)]  # about 19 km
    km_per_deg_lon = 111.195 * 0.85548  # cos(31.2304 degrees)
    mark = HERE.lon + 10 / km_per_deg_lon

    def beside(rid: str, off_km: float) -> Restaurant:
        base = restaurant(rid, north_km=off_km)
        return base.model_copy(
            update={"coordinates": Coordinates(lat=base.coordinates.lat, lon=mark)}
        )

    results = search([beside("close", 2.0), beside("wide", 8.0)], near=None, route=east)
    [close] = results.results
    assert close.restaurant.id == "close"
    assert close.distance_km == pytest.approx(2.0, abs=0.02)
    assert close.along_route_km == pytest.approx(10.0, abs=0.1)
    assert close.detour_min == 11.0
    assert (
        Bilingual(zh="离路线2.0公里，绕行约11分钟", en="2.0 km off the route, about 11 min detour")
        in close.reasons
    )
    assert results.examined == 1  # 8 km off a 5 km corridor is not a candidate at all


def _brute_force(
    restaurants: list[Restaurant], query: DiningQuery, profile: Profile | None
) -> list[tuple[str, float]]:
    """Each restaurant scored on its own (no cells, no early stop), then ranked."""
    scored: list[tuple[float, str]] = []
    one = query.model_copy(update={"limit": 1})
    for r in restaurants:
        found = search_dining(build_dining_index([r]), one, profile).results
        if found:
            scored.append((-found[0].score, r.id))
    return [(rid, -neg) for neg, rid in sorted(scored)[: query.limit]]


def test_the_indexed_search_with_early_stop_matches_brute_force(
    profiles: dict[str, Profile],
) -> None:
    rng = random.Random(11)
    cuisines = [c.value for c in Cuisine]
    towns = [(31.23, 121.47), (31.30, 120.59), (31.49, 120.31), (32.06, 118.80)]
    many: list[Restaurant] = []
    for i in range(1500):
        lat, lon = rng.choice(towns)
        base = restaurant(
            f"r{i:04d}",
            cuisines=tuple(rng.sample(cuisines, rng.choice((1, 1, 2)))),
            rating=round(rng.uniform(3.0, 5.0), 1),
            spend=rng.choice((30, 60, 90, 150, 300)),
            hours=every_day(*rng.choice((["10:00-22:00"], LUNCH_AND_DINNER, ["00:00-24:00"]))),
            spicy_level=rng.randint(0, 3),
            kid_friendly=rng.random() < 0.5,
            parking=rng.random() < 0.6,
            vegetarian_options=rng.random() < 0.5,
        )
        many.append(
            base.model_copy(
                update={
                    "coordinates": Coordinates(
                        lat=lat + rng.gauss(0, 0.1), lon=lon + rng.gauss(0, 0.1)
                    )
                }
            )
        )
    index = build_dining_index(many)
    route = [Coordinates(lat=lat, lon=lon) for lat, lon in towns]
    for profile in (
        None,
        profiles["spicy-budget"],
        profiles["vegetarian-en"],
        profiles["family-kids"],
    ):
        query = DiningQuery(route=route, corridor_km=4, open_at=at(21, 12, 30), limit=7)
        found = search_dining(index, query, profile)
        assert not found.exhaustive  # the early stop did its work...
        expected = _brute_force(many, query, profile)
        assert [(r.restaurant.id, r.score) for r in found.results] == expected  # ...exactly


def test_query_validation_bounds() -> None:
    for bad in (
        {"near": HERE, "limit": 0},
        {"near": HERE, "limit": 21},
        {"near": HERE, "max_budget_cny": 0},
        {"near": HERE, "max_budget_cny": 5001},
        {"near": HERE, "max_detour_min": 121},
        {"near": HERE, "radius_km": 0},
        {"near": HERE, "cuisines": ["martian"]},
        {"near": HERE, "open_at": "2025-05-21T12:00:00"},  # no offset: ambiguous
        {"near": HERE, "route": [HERE, HERE]},
        {},
    ):
        with pytest.raises(ValidationError):
            DiningQuery.model_validate(bad)
    assert DiningQuery(near=HERE).limit == 5


# --- opening hours -------------------------------------------------------------------------


def test_opening_hours_past_midnight() -> None:
    late = OpeningHours.model_validate(every_day("17:00-02:00"))
    friday_late = open_span(late, at(23, 23, 0))
    assert friday_late is not None
    assert friday_late.until == at(24, 2, 0)
    saturday_small_hours = open_span(late, at(24, 1, 0))
    assert saturday_small_hours is not None
    assert saturday_small_hours.until == at(24, 2, 0)
    assert open_span(late, at(24, 2, 0)) is None
    assert open_span(late, at(24, 16, 59)) is None


def test_sunday_night_runs_into_monday() -> None:
    sunday_only = OpeningHours(sun=["22:00-03:00"])
    span = open_span(sunday_only, at(26, 2, 30))  # Monday 02:30
    assert span is not None
    assert span.until == at(26, 3, 0)
    assert open_span(sunday_only, at(25, 21, 0)) is None


def test_back_to_back_ranges_read_as_one_opening_and_all_day_never_closes() -> None:
    chained = OpeningHours(mon=["20:00-24:00"], tue=["00:00-01:30"])
    span = open_span(chained, at(19, 23, 0))
    assert span is not None
    assert span.until == at(20, 1, 30)
    always = WeeklySchedule.compile(OpeningHours.model_validate(every_day("00:00-24:00")))
    assert always.always_open
    assert always.open_span(at(22, 3, 0)) is not None


def test_late_night_reason_says_next_day() -> None:
    owl = restaurant("owl", hours=every_day("17:00-02:00"))
    [result] = search([owl], open_at=at(21, 23, 0)).results
    assert Bilingual(zh="营业至次日02:00", en="Open until 02:00 (next day)") in result.reasons
    [all_night] = search(
        [restaurant("sa", hours=every_day("00:00-24:00"))], open_at=WED_NOON
    ).results
    assert all_night.open_24h
    assert all_night.open_until is None
    assert Bilingual(zh="24小时营业", en="Open 24 hours") in all_night.reasons


@pytest.mark.parametrize("bad", ["25:00-26:00", "10:00-10:00", "9:00-17:00", "10:00-24:30"])
def test_malformed_opening_ranges_are_rejected(bad: str) -> None:
    with pytest.raises(ValidationError, match="opening range"):
        OpeningHours(mon=[bad])


def test_the_search_that_skips_ruled_out_lists_matches_brute_force(
    profiles: dict[str, Profile],
) -> None:
    """Past EXACT_VISITS the search drops lists that cannot pass: rare cuisines, tight budgets,
    night hours, empty answers must still be exactly what scoring each restaurant gives."""
    rng = random.Random(29)
    cuisines = [c.value for c in Cuisine]
    towns = [(31.23, 121.47), (31.30, 120.59), (31.49, 120.31)]
    many = [
        restaurant(
            f"s{i:04d}",
            cuisines=tuple(rng.sample(cuisines, rng.choice((1, 2)))),
            rating=round(rng.uniform(3.0, 5.0), 1),
            spend=rng.choice((25, 60, 90, 150, 300)),
            hours=every_day(*rng.choice((["10:00-22:00"], LUNCH_AND_DINNER, ["00:00-24:00"]))),
            spicy_level=rng.randint(0, 3),
            vegetarian_options=rng.random() < 0.3,
        ).model_copy(
            update={
                "coordinates": Coordinates(
                    lat=(town := rng.choice(towns))[0] + rng.gauss(0, 0.08),
                    lon=town[1] + rng.gauss(0, 0.08),
                )
            }
        )
        for i in range(1200)
    ]
    index = build_dining_index(many)
    route = [Coordinates(lat=lat, lon=lon) for lat, lon in towns]
    cases: list[tuple[dict[str, Any], Profile | None]] = [
        ({"open_at": at(21, 3, 0)}, None),  # only the 24 h places
        ({"open_at": at(21, 12, 30), "max_budget_cny": 30}, profiles["vegetarian-en"]),
        ({"open_at": at(21, 12, 30), "cuisines": ["japanese"], "max_budget_cny": 26}, None),
        ({"open_at": at(21, 12, 30), "max_budget_cny": 1}, None),  # nothing at all
        ({"open_at": at(21, 12, 30), "max_detour_min": 6}, profiles["spicy-budget"]),
        # Wide corridors: most restaurants pass, so the order (each one's own price and detour
        # bound before it is located) decides what is looked at.
        ({"open_at": at(21, 12, 30), "corridor_km": 25}, None),
        ({"open_at": at(21, 12, 30), "corridor_km": 25}, profiles["vegetarian-en"]),
        ({"open_at": at(21, 12, 30), "corridor_km": 30, "limit": 20}, profiles["spicy-budget"]),
        ({"open_at": at(21, 19, 0), "corridor_km": 15, "max_budget_cny": 95}, None),
        # A dietary rule bounds each cell by what it can serve; cells with none are skipped.
        ({"open_at": at(21, 12, 30), "corridor_km": 30, "dietary": ["vegetarian"]}, None),
    ]
    for extra, profile in cases:
        query = DiningQuery(route=route, **{"corridor_km": 4, "limit": 6, **extra})
        found = search_dining(index, query, profile)
        assert found.examined <= len(many)
        expected = _brute_force(many, query, profile)
        assert [(r.restaurant.id, r.score) for r in found.results] == expected, extra
    # An empty answer is only ever not exhaustive on the skipping path: it was taken.
    empty = search_dining(index, DiningQuery(route=route, corridor_km=4, max_budget_cny=1))
    assert empty.results == []
    assert not empty.exhaustive


def test_where_only_the_detour_differs_the_nearest_win_exactly() -> None:
    """Equal restaurants strewn along a road: rating and price bound nothing, each one's own
    detour bound (from its cell's centre) decides what is located, and may never skip a winner."""
    rng = random.Random(41)
    start, end = (31.23, 121.47), (31.30, 120.59)
    many = []
    for i in range(2000):
        f = rng.random()
        many.append(
            restaurant(f"d{i:04d}", rating=4.5, spend=60).model_copy(
                update={
                    "coordinates": Coordinates(
                        lat=start[0] + (end[0] - start[0]) * f + rng.uniform(-0.04, 0.04),
                        lon=start[1] + (end[1] - start[1]) * f,
                    )
                }
            )
        )
    index = build_dining_index(many)
    route = [Coordinates(lat=lat, lon=lon) for lat, lon in (start, end)]
    for corridor, limit in ((15, 5), (30, 20)):
        query = DiningQuery(route=route, corridor_km=corridor, limit=limit, open_at=WED_NOON)
        found = search_dining(index, query)
        assert not found.exhaustive
        assert [(r.restaurant.id, r.score) for r in found.results] == _brute_force(
            many, query, None
        )


def test_copies_of_the_fixtures_in_a_wide_corridor_match_scoring_each_alone(
    fixture_restaurants: list[Restaurant],
    profiles: dict[str, Profile],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The benchmark's world in small: every fixture restaurant copied many times along a road,
    so equal ratings, prices and often places make scores tie and ids decide. Wide corridors
    with a profile take the skipping path (each cell's lists best-rated first, cut where they
    cannot reach the results), and every result must be what that restaurant gets alone:
    score, breakdown, distances, opening, reasons."""
    rng = random.Random(53)
    towns = [(31.23, 121.47), (31.30, 120.59), (31.49, 120.31), (31.78, 119.95)]
    # Few kinds, many of each (the benchmark has 2,000 of each): the vegetarian kitchens and a
    # sample of the rest.
    kinds = [r for r in fixture_restaurants if Cuisine.VEGETARIAN in r.cuisines]
    kinds += rng.sample([r for r in fixture_restaurants if r not in kinds], 10)
    many: list[Restaurant] = []
    for i in range(1300):
        if many and rng.random() < 0.15:
            where = rng.choice(many).coordinates  # the same spot as another: an exact tie
        else:
            lat, lon = rng.choice(towns)
            where = Coordinates(
                lat=round(lat + rng.gauss(0, 0.12), 4), lon=round(lon + rng.gauss(0, 0.12), 4)
            )
        template = kinds[i % len(kinds)]
        many.append(template.model_copy(update={"id": f"c{i:05d}", "coordinates": where}))
    index = build_dining_index(many)
    alone = [build_dining_index([r]) for r in many]
    route = [Coordinates(lat=lat, lon=lon) for lat, lon in towns]
    skipped: list[bool] = []
    real = dining._constrained_search

    def spy(*args: Any, **kwargs: Any) -> Any:
        skipped.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(dining, "_constrained_search", spy)
    vegetarian, family, spicy = (
        profiles[p] for p in ("vegetarian-en", "family-kids", "spicy-budget")
    )
    cases: list[tuple[dict[str, Any], Profile | None]] = [
        ({"corridor_km": 30, "limit": 10}, vegetarian),
        ({"corridor_km": 30, "limit": 10}, None),
        ({"corridor_km": 25, "limit": 20}, family),
        ({"corridor_km": 30, "limit": 12}, spicy),
        ({"corridor_km": 30, "max_detour_min": 9, "limit": 15}, vegetarian),
        ({"corridor_km": 30, "max_budget_cny": 80, "limit": 20}, None),
        ({"corridor_km": 30, "open_at": at(21, 22, 30)}, family),
        ({"corridor_km": 30, "cuisines": ["vegetarian", "cafe", "hotpot"]}, vegetarian),
    ]
    wrong = []
    for extra, profile in cases:
        query = DiningQuery(route=route, **{"open_at": at(21, 12, 30), **extra})
        skipped.clear()
        found = search_dining(index, query, profile)
        assert skipped, extra  # the path under test was taken
        assert not found.exhaustive, extra
        one = query.model_copy(update={"limit": 1})
        each = [r for ix in alone for r in search_dining(ix, one, profile).results]
        expected = sorted(each, key=lambda r: (-r.score, r.restaurant.id))[: query.limit]
        assert len(expected) == query.limit, extra
        if [r.model_dump() for r in found.results] != [r.model_dump() for r in expected]:
            wrong.append(extra)
    assert not wrong

"""Everything Travel Companion loads from fixtures, validated and indexed once at start-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter

from agents.fixtures import FixtureError, FixtureProblem, load_json_file
from agents.travel.chargers import ChargerCatalog, ChargerIndex, build_charger_index
from agents.travel.dining_index import DiningIndex, build_dining_index
from agents.travel.graph import Road, RoadGraph, build_road_graph
from agents.travel.places import Place
from agents.travel.profiles import Profile, load_profiles, unknown_operator_ids
from agents.travel.restaurants import load_restaurants, unknown_place_ids

PLACES_FILE = "travel/places.json"
ROADS_FILE = "travel/roads.json"
CHARGERS_FILE = "travel/chargers.json"
RESTAURANTS_FILE = "travel/restaurants.json"
PROFILES_FILE = "travel/profiles.json"

_PLACES = TypeAdapter(list[Place])
_ROADS = TypeAdapter(list[Road])
_CHARGERS = TypeAdapter(ChargerCatalog)


@dataclass
class TravelData:
    """The travel world: road graph (with its places) and the charger index.

    Dining (restaurants) and driver profiles are added here by their own modules."""

    graph: RoadGraph
    chargers: ChargerIndex
    # Dining and driver profiles (restaurants.py, dining*.py, profiles.py). The fixture profiles
    # seed each sandbox's ProfileStore.
    dining: DiningIndex = field(default_factory=lambda: build_dining_index([]))
    profiles: dict[str, Profile] = field(default_factory=dict)


def load_travel_data(fixtures_dir: Path) -> TravelData:
    """Load `travel/places.json`, `travel/roads.json` and `travel/chargers.json` under the
    fixtures root; any problem raises FixtureError naming the file and the JSON path."""
    places_path = fixtures_dir / PLACES_FILE
    roads_path = fixtures_dir / ROADS_FILE
    chargers_path = fixtures_dir / CHARGERS_FILE
    places = load_json_file(places_path, _PLACES)
    roads = load_json_file(roads_path, _ROADS)
    catalog = load_json_file(chargers_path, _CHARGERS)
    data = build_travel_data(
        places,
        roads,
        catalog,
        sources=(str(places_path), str(roads_path), str(chargers_path)),
    )
    _add_dining_and_profiles(data, fixtures_dir, places, catalog)
    return data


def _add_dining_and_profiles(
    data: TravelData, fixtures_dir: Path, places: Sequence[Place], catalog: ChargerCatalog
) -> None:
    """Load `travel/restaurants.json` and `travel/profiles.json`, checking that they only name
    places and charging operators that exist."""
    restaurants_path = fixtures_dir / RESTAURANTS_FILE
    profiles_path = fixtures_dir / PROFILES_FILE
    restaurants = load_restaurants(restaurants_path)
    profiles = load_profiles(profiles_path)
    problems = unknown_place_ids(restaurants, {p.id for p in places}, str(restaurants_path))
    problems += unknown_operator_ids(
        profiles, {o.id for o in catalog.operators}, str(profiles_path)
    )
    if problems:
        raise FixtureError(problems)
    data.dining = build_dining_index(restaurants)
    data.profiles = profiles


def build_travel_data(
    places: Sequence[Place],
    roads: Sequence[Road],
    catalog: ChargerCatalog,
    *,
    sources: tuple[str, str, str] = ("places.json", "roads.json", "chargers.json"),
) -> TravelData:
    """The same from in-memory lists (tests, benchmarks, synthetic worlds)."""
    places_src, roads_src, chargers_src = sources
    problems: list[FixtureProblem] = []
    seen: set[str] = set()
    for i, place in enumerate(places):
        if place.id in seen:
            problems.append(FixtureProblem(places_src, f"$[{i}].id", f"duplicate id {place.id!r}"))
        seen.add(place.id)
    operators = {o.id for o in catalog.operators}
    for i, charger in enumerate(catalog.chargers):
        if charger.place_id is not None and charger.place_id not in seen:
            problems.append(
                FixtureProblem(
                    chargers_src,
                    f"$.chargers[{i}].place_id",
                    f"unknown place id {charger.place_id!r}",
                )
            )
        if charger.operator not in operators:
            problems.append(
                FixtureProblem(
                    chargers_src,
                    f"$.chargers[{i}].operator",
                    f"unknown operator {charger.operator!r}",
                )
            )
    if problems:
        raise FixtureError(problems)
    graph = build_road_graph(places, roads, source=roads_src)
    chargers = build_charger_index(
        catalog.chargers, catalog.tariffs, catalog.operators, source=chargers_src
    )
    return TravelData(graph=graph, chargers=chargers)

"""Everything Travel Companion loads from fixtures, validated and indexed once at start-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from agents.fixtures import FixtureError, FixtureProblem, load_json_file
from agents.travel.chargers import ChargerCatalog, ChargerIndex, build_charger_index
from agents.travel.graph import Road, RoadGraph, build_road_graph
from agents.travel.places import Place

PLACES_FILE = "travel/places.json"
ROADS_FILE = "travel/roads.json"
CHARGERS_FILE = "travel/chargers.json"

_PLACES = TypeAdapter(list[Place])
_ROADS = TypeAdapter(list[Road])
_CHARGERS = TypeAdapter(ChargerCatalog)


@dataclass
class TravelData:
    """The travel world: road graph (with its places) and the charger index.

    Dining (restaurants) and driver profiles are added here by their own modules."""

    graph: RoadGraph
    chargers: ChargerIndex


def load_travel_data(fixtures_dir: Path) -> TravelData:
    """Load `travel/places.json`, `travel/roads.json` and `travel/chargers.json` under the
    fixtures root; any problem raises FixtureError naming the file and the JSON path."""
    places_path = fixtures_dir / PLACES_FILE
    roads_path = fixtures_dir / ROADS_FILE
    chargers_path = fixtures_dir / CHARGERS_FILE
    places = load_json_file(places_path, _PLACES)
    roads = load_json_file(roads_path, _ROADS)
    catalog = load_json_file(chargers_path, _CHARGERS)
    return build_travel_data(
        places,
        roads,
        catalog,
        sources=(str(places_path), str(roads_path), str(chargers_path)),
    )


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

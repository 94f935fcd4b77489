"""Benchmark: trip planning and dining search, with the default fixtures and a synthetic world.

The synthetic world keeps the real road graph and adds 50,000 chargers and 200,000 restaurants
(seeded, so every run builds the same world), spread over the corridor's bounding box with most of
them clustered around the graph's places, the way real ones are. Reports the median and worst of
several runs. Not a test: run `make bench`.

    python benchmarks/travel.py [--chargers 50000] [--restaurants 200000] [--runs 21]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from agents.catalog import load_catalog
from agents.travel.chargers import Charger, build_charger_index, search_chargers
from agents.travel.data import TravelData
from agents.travel.dining import DiningQuery, search_dining
from agents.travel.dining_index import build_dining_index
from agents.travel.plan_models import TripOptions
from agents.travel.planner import plan_trip
from agents.travel.restaurants import Cuisine, Restaurant
from agents.world.models import Coordinates

ROOT = Path(__file__).resolve().parent.parent
DEPARTURE = datetime(2026, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
SEED = 20260601


def timed(label: str, fn: Callable[[], object], runs: int, budget_ms: float) -> None:
    fn()  # warm caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    median, worst = statistics.median(samples), max(samples)
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18] if runs > 1 else worst
    verdict = "ok" if median < budget_ms else "OVER BUDGET"
    print(
        f"{label:58} median {median:7.2f} ms  p95 {p95:7.2f} ms  max {worst:7.2f} ms"
        f"  (< {budget_ms:g} ms: {verdict})"
    )


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def jitter(rng: random.Random, anchors: list[Coordinates], spread_deg: float) -> Coordinates:
    """70 % near a place of the graph, the rest anywhere in the corridor's box."""
    if rng.random() < 0.7:
        a = rng.choice(anchors)
        lat, lon = a.lat + rng.gauss(0, spread_deg), a.lon + rng.gauss(0, spread_deg)
    else:
        lat, lon = rng.uniform(29.5, 40.5), rng.uniform(115.5, 122.5)
    return Coordinates(lat=round(lat, 5), lon=round(lon, 5))


def synthetic_chargers(travel: TravelData, n: int, rng: random.Random) -> list[Charger]:
    templates = list(travel.chargers.by_id.values())
    anchors = [p.coordinates for p in travel.graph.places.by_id.values()]
    out = []
    for i in range(n):
        t = templates[i % len(templates)]
        out.append(
            t.model_copy(
                update={
                    "id": f"syn-c{i}",
                    "coordinates": jitter(rng, anchors, 0.08),
                    "place_id": None,
                }
            )
        )
    return out


def synthetic_restaurants(
    restaurants: list[Restaurant], travel: TravelData, n: int, rng: random.Random
) -> list[Restaurant]:
    anchors = [p.coordinates for p in travel.graph.places.by_id.values()]
    return [
        restaurants[i % len(restaurants)].model_copy(
            update={"id": f"syn-r{i}", "coordinates": jitter(rng, anchors, 0.05)}
        )
        for i in range(n)
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chargers", type=int, default=50_000)
    parser.add_argument("--restaurants", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    catalog = load_catalog(ROOT / "fixtures")
    travel = catalog.travel
    ix3 = catalog.fleet.vehicles["ix3-shanghai"].spec
    options = TripOptions(start_soc_pct=90)

    def plan(data: TravelData) -> Callable[[], object]:
        return lambda: plan_trip(
            data.graph, data.chargers, ix3, "上海", "北京", departure=DEPARTURE, options=options
        )

    print("default fixtures:")
    timed("plan Shanghai -> Beijing (iX3)", plan(travel), args.runs, 20)
    base_plan = plan_trip(
        travel.graph, travel.chargers, ix3, "上海", "北京", departure=DEPARTURE, options=options
    )
    line = [Coordinates(lat=lat, lon=lon) for lon, lat in base_plan.route.geometry.coordinates]
    noon = DEPARTURE.replace(hour=12)
    query = DiningQuery(route=line, corridor_km=5, open_at=noon)
    timed(
        "dining search along that route", lambda: search_dining(travel.dining, query), args.runs, 30
    )

    rng = random.Random(SEED)
    started = time.perf_counter()
    chargers = synthetic_chargers(travel, args.chargers, rng)
    gc.collect()
    rss_before, index_started = rss_mb(), time.perf_counter()
    charger_index = build_charger_index(
        chargers, list(travel.chargers.tariffs.values()), list(travel.chargers.operators.values())
    )
    charger_index_s = time.perf_counter() - index_started
    gc.collect()
    charger_index_mb = rss_mb() - rss_before
    restaurants = synthetic_restaurants(travel.dining.restaurants(), travel, args.restaurants, rng)
    # The dining index is the catalog's (shared by every sandbox): what it costs to build and
    # keep, over the restaurants themselves.
    gc.collect()
    rss_before, index_started = rss_mb(), time.perf_counter()
    dining_index = build_dining_index(restaurants)
    index_s = time.perf_counter() - index_started
    gc.collect()
    index_mb = rss_mb() - rss_before
    gc.freeze()  # the synthetic world is long-lived; keep the collector off it while timing
    print(
        f"\nsynthetic world: {args.chargers:,} chargers, {args.restaurants:,} restaurants "
        f"(built in {time.perf_counter() - started:.1f} s; the charger index "
        f"{charger_index_s:.2f} s, +{charger_index_mb:.0f} MB RSS; the dining index "
        f"{index_s:.1f} s, +{index_mb:.0f} MB RSS)"
    )
    big = TravelData(graph=travel.graph, chargers=charger_index, dining=dining_index)
    timed("plan Shanghai -> Beijing (iX3)", plan(big), args.runs, 60)
    timed(
        "dining search along the route", lambda: search_dining(dining_index, query), args.runs, 20
    )
    vegetarian = catalog.travel.profiles["vegetarian-en"]
    timed(
        "dining search along the route, vegetarian profile",
        lambda: search_dining(dining_index, query, vegetarian),
        args.runs,
        20,
    )
    wide = query.model_copy(update={"corridor_km": 30})
    timed(
        "dining search along the route, 30 km corridor",
        lambda: search_dining(dining_index, wide),
        args.runs,
        20,
    )
    timed(
        "dining search along the route, 30 km, vegetarian profile",
        lambda: search_dining(dining_index, wide, vegetarian),
        args.runs,
        20,
    )
    nothing = query.model_copy(update={"max_budget_cny": 1})
    timed(
        "dining search along the route, empty (budget 1 CNY)",
        lambda: search_dining(dining_index, nothing),
        args.runs,
        20,
    )
    rare = query.model_copy(update={"cuisines": [Cuisine.JAPANESE], "max_budget_cny": 20})
    timed(
        "dining search along the route, empty (Japanese under 20)",
        lambda: search_dining(dining_index, rare),
        args.runs,
        20,
    )
    night = query.model_copy(update={"open_at": DEPARTURE.replace(hour=3)})
    timed(
        "dining search along the route at 03:00",
        lambda: search_dining(dining_index, night),
        args.runs,
        20,
    )
    timed(
        "charger search near Shanghai (10 km, 20 results)",
        lambda: search_chargers(charger_index, near=line[0], radius_km=10, at=noon, limit=20),
        args.runs,
        10,
    )
    timed(
        "charger search near Shanghai (100 km, 100 results)",
        lambda: search_chargers(charger_index, near=line[0], radius_km=100, at=noon, limit=100),
        args.runs,
        10,
    )
    timed(
        "charger search along the route (5 km, 20 results)",
        lambda: search_chargers(charger_index, along=line, corridor_km=5, at=noon, limit=20),
        args.runs,
        10,
    )
    timed(
        "charger search along the route (50 km, 100 results)",
        lambda: search_chargers(charger_index, along=line, corridor_km=50, at=noon, limit=100),
        args.runs,
        10,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Meal times on a trip: mark lunch or dinner on a stop near the window, or add a meal stop."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from agents.text import Bilingual
from agents.travel.chargers import CHINA_TZ
from agents.travel.places import PlaceDirectory, PlaceKind
from agents.travel.plan_models import Meal, StopKind
from agents.travel.route_profile import RouteProfile
from agents.travel.timeline import MEAL_STOP_S, StopSpec, Timeline

MEAL_WINDOWS: tuple[tuple[Meal, time, time], ...] = (
    ("lunch", time(11, 30), time(13, 30)),
    ("dinner", time(17, 30), time(19, 30)),
)
# A trip "spans" a meal when it is on the road for at least this much of the window.
MIN_OVERLAP_S = 1800
# A stop this close to the window is good enough to eat at.
STOP_SLACK_S = 2700


@dataclass(frozen=True)
class MealDecision:
    meal: Meal
    window_start: datetime
    window_end: datetime


def due_meals(departure: datetime, duration_s: float) -> list[MealDecision]:
    """The meal windows (local time) the trip overlaps by at least MIN_OVERLAP_S."""
    start = departure.astimezone(CHINA_TZ)
    end = start + timedelta(seconds=duration_s)
    out: list[MealDecision] = []
    day: date = start.date()
    while day <= end.date():
        for meal, a, b in MEAL_WINDOWS:
            w0 = datetime.combine(day, a, CHINA_TZ)
            w1 = datetime.combine(day, b, CHINA_TZ)
            overlap = (min(end, w1) - max(start, w0)).total_seconds()
            if overlap >= MIN_OVERLAP_S:
                out.append(MealDecision(meal, w0, w1))
        day += timedelta(days=1)
    return out


def _gap_s(a0: datetime, a1: datetime, w: MealDecision) -> float:
    if a1 < w.window_start:
        return (w.window_start - a1).total_seconds()
    if a0 > w.window_end:
        return (a0 - w.window_end).total_seconds()
    return 0.0


def place_meal(
    meal: MealDecision,
    stops: list[StopSpec],
    timeline: Timeline,
    profile: RouteProfile,
    places: PlaceDirectory,
    departure: datetime,
) -> list[StopSpec] | None:
    """The stop list with this meal placed, or None when no place on the route fits."""
    best: tuple[float, int] | None = None
    for i, (spec, stop) in enumerate(zip(stops, timeline.stops, strict=True)):
        if spec.meal is not None or spec.kind is StopKind.MEAL:
            continue
        gap = _gap_s(stop.arrival_at, stop.departure_at, meal)
        if gap <= STOP_SLACK_S and (best is None or gap < best[0]):
            best = (gap, i)
    if best is not None:
        marked = list(stops)
        marked[best[1]] = replace(stops[best[1]], meal=meal.meal)
        return marked
    # No stop fits: eat at the service area (else town) passed closest to the window's middle.
    middle = meal.window_start + (meal.window_end - meal.window_start) / 2
    candidates: list[tuple[int, float, int]] = []
    last = len(profile.road_km) - 1
    for v, place_id in enumerate(profile.place_ids):
        if place_id is None or v in (0, last) or v >= len(timeline.vertex_t_s):
            continue
        place = places.by_id.get(place_id)
        if place is None or place.kind is PlaceKind.INTERCHANGE:
            continue
        passed = departure + timedelta(seconds=timeline.vertex_t_s[v])
        rank = 0 if place.kind is PlaceKind.SERVICE_AREA else 1
        candidates.append((rank, abs((passed - middle).total_seconds()), v))
    inside = [c for c in candidates if c[1] <= (meal.window_end - middle).total_seconds()]
    if not inside:
        return None
    _, _, v = min(inside, key=lambda c: (c[1] > 1800, c[0], c[1]))
    place = places.by_id[profile.place_ids[v] or ""]
    meal_stop = StopSpec(
        kind=StopKind.MEAL,
        km=profile.road_km[v],
        name=Bilingual(
            zh=f"{place.name.zh}（{'午餐' if meal.meal == 'lunch' else '晚餐'}）",
            en=f"{place.name.en} ({meal.meal})",
        ),
        place_id=place.id,
        lat=profile.lat[v],
        lon=profile.lon[v],
        fixed_s=MEAL_STOP_S,
        meal=meal.meal,
    )
    return sorted([*stops, meal_stop], key=lambda s: s.km)

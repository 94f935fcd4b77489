"""Dining that understands the trip: "lunch on the way" means the stop nearest lunchtime.

The place is the trip's stop (charging, fuel or meal stop) whose stay is nearest the meal time,
else the point of the route the car passes at that time. Dietary rules are hard constraints
(search_dining never bends them; none found is an answer). At a charging stop the charge is
the time budget: only places a short walk away are suggested, so the meal fits the charge.
"""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

from agents.text import Bilingual, bi
from agents.travel.dining import DiningQuery, DiningResult, Exclusion, search_dining
from agents.travel.dining_index import DiningIndex
from agents.travel.opening_hours import CHINA_TZ
from agents.travel.plan_models import Meal, StopKind, TripPlan, TripStop
from agents.travel.profiles import DietaryRule, Profile
from agents.travel.restaurants import CUISINE_LABELS, Cuisine
from agents.world.models import Coordinates, Model

MEAL_TIMES: dict[Meal, time] = {"lunch": time(12, 0), "dinner": time(18, 30)}
# A stop whose stay is this close to the meal time is where the meal happens.
STOP_SLACK_S = 2700
WALK_KMH = 4.5
# At a charging stop at most this share of the charge goes to walking there and back.
WALK_SHARE = 0.4
MIN_WALK_KM = 0.3
MAX_WALK_KM = 1.0
# Elsewhere (a meal stop, a point of the route) the car drives there.
DRIVE_RADIUS_KM = 3.0

DIETARY_LABELS: dict[DietaryRule, Bilingual] = {
    DietaryRule.VEGETARIAN: bi("素食", "vegetarian"),
    DietaryRule.VEGAN: bi("纯素", "vegan"),
    DietaryRule.HALAL: bi("清真", "halal"),
    DietaryRule.NO_PORK: bi("不含猪肉", "no pork"),
    DietaryRule.NO_BEEF: bi("不含牛肉", "no beef"),
    DietaryRule.NO_SPICY: bi("不辣", "not spicy"),
}


class Suggestion(Model):
    result: DiningResult
    reason: Bilingual


class MealPlace(Model):
    """Where and when the meal falls on the trip, and how long the car stays there."""

    meal: Meal
    at: datetime
    stop_index: int | None  # None: a point of the route, no planned stop
    name: Bilingual
    coordinates: Coordinates
    charge_min: int | None  # the time budget at a charging stop
    # The origin or the destination: the car is there at the meal time, not arriving then.
    at_end: bool = False


class TripDining(Model):
    place: MealPlace
    suggestions: list[Suggestion]
    examined: int
    excluded: dict[Exclusion, int]
    exhaustive: bool
    # Said when nothing fits: the hard constraints are never relaxed to fill the list.
    none_found: Bilingual | None = None


def meal_time(plan: TripPlan, meal: Meal) -> datetime:
    """The meal time on the day of the trip the meal falls in (local time)."""
    start = plan.departure_at.astimezone(CHINA_TZ)
    target = datetime.combine(start.date(), MEAL_TIMES[meal], CHINA_TZ)
    if target < start - timedelta(seconds=STOP_SLACK_S):
        target += timedelta(days=1)
    return target


def _gap_s(stop: TripStop, at: datetime) -> float:
    if at < stop.arrival_at:
        return (stop.arrival_at - at).total_seconds()
    if at > stop.departure_at:
        return (at - stop.departure_at).total_seconds()
    return 0.0


def meal_place(plan: TripPlan, meal: Meal) -> MealPlace:
    """The stop nearest the meal time, else where the car is at that time: the origin before
    leaving, the destination after arriving, else a point of the route."""
    at = meal_time(plan, meal)
    near = [(s, _gap_s(s, at)) for s in plan.stops if _gap_s(s, at) <= STOP_SLACK_S]
    if near:
        stop, _ = min(near, key=lambda pair: (pair[1], pair[0].index))
        charging = stop.kind is StopKind.CHARGE and stop.charge_time_min is not None
        return MealPlace(
            meal=meal,
            at=stop.arrival_at,
            stop_index=stop.index,
            name=stop.charger.name if charging and stop.charger else stop.name,
            coordinates=stop.coordinates,
            charge_min=stop.charge_time_min if charging else None,
        )
    # Before leaving or after arriving the meal is where the car is then, at the meal time.
    end = plan.origin if at <= plan.departure_at else None
    if plan.arrival_at is not None and at >= plan.arrival_at:
        end = plan.destination
    if end is not None:
        return MealPlace(
            meal=meal,
            at=at,
            stop_index=None,
            name=end.name,
            coordinates=end.coordinates,
            charge_min=None,
            at_end=True,
        )
    lat, lon, when = _position_at(plan, at)
    return MealPlace(
        meal=meal,
        at=when,
        stop_index=None,
        name=bi("路线", "your route"),
        coordinates=Coordinates(lat=lat, lon=lon),
        charge_min=None,
    )


def _position_at(plan: TripPlan, at: datetime) -> tuple[float, float, datetime]:
    """Where the car is at `at` (clamped to the trip), interpolated along the track."""
    track = plan.track
    t = (at - plan.departure_at).total_seconds()
    t = min(max(t, track[0].t_s), track[-1].t_s)
    for a, b in itertools.pairwise(track):
        if a.t_s <= t <= b.t_s:
            f = 0.0 if b.t_s == a.t_s else (t - a.t_s) / (b.t_s - a.t_s)
            lat, lon = a.lat + (b.lat - a.lat) * f, a.lon + (b.lon - a.lon) * f
            return round(lat, 5), round(lon, 5), plan.departure_at + timedelta(seconds=round(t))
    last = track[-1]
    return last.lat, last.lon, plan.departure_at + timedelta(seconds=round(last.t_s))


def walk_radius_km(charge_min: int) -> float:
    """How far a place may be so that walking there and back fits WALK_SHARE of the charge."""
    one_way_h = charge_min * WALK_SHARE / 2 / 60
    return round(min(MAX_WALK_KM, max(MIN_WALK_KM, WALK_KMH * one_way_h)), 2)


def suggest_for_trip(
    index: DiningIndex,
    plan: TripPlan,
    profile: Profile | None,
    meal: Meal = "lunch",
    dietary: list[DietaryRule] | None = None,
    cuisines: list[Cuisine] | None = None,
    limit: int = 3,
) -> TripDining:
    """Places to eat at the trip's `meal`: near its stop, open on arrival, fit for the party.

    `dietary` adds to the profile's rules (never replaces them); both are hard constraints.
    """
    place = meal_place(plan, meal)
    rules = sorted({*(profile.dietary if profile else []), *(dietary or [])})
    radius = walk_radius_km(place.charge_min) if place.charge_min else DRIVE_RADIUS_KM
    query = DiningQuery(
        near=place.coordinates,
        radius_km=radius,
        open_at=place.at,
        cuisines=cuisines,
        dietary=rules,
        limit=limit,
    )
    found = search_dining(index, query, profile)
    suggestions = [Suggestion(result=r, reason=_reason(r, place, rules)) for r in found.results]
    none_found = None if suggestions else _nothing(place, rules)
    return TripDining(
        place=place,
        suggestions=suggestions,
        examined=found.examined,
        excluded=found.excluded,
        exhaustive=found.exhaustive,
        none_found=none_found,
    )


def as_results(dining: TripDining) -> list[DiningResult]:
    """The suggestions as plain dining results, each with its trip reason said first."""
    return [
        s.result.model_copy(update={"reasons": [s.reason, *s.result.reasons]})
        for s in dining.suggestions
    ]


def _fit(result: DiningResult, rules: list[DietaryRule]) -> Bilingual:
    """What makes the place fit: the dietary rules it honours, else its cuisine."""
    if rules:
        labels = [DIETARY_LABELS[r] for r in rules]
    else:
        labels = [CUISINE_LABELS[c] for c in result.restaurant.cuisines[:1]]
    return bi("、".join(x.zh for x in labels), ", ".join(x.en for x in labels))


def _reason(result: DiningResult, place: MealPlace, rules: list[DietaryRule]) -> Bilingual:
    fit = _fit(result, rules)
    if place.charge_min is not None:
        metres = round(result.distance_km * 1000 / 50) * 50  # spoken distances: to 50 m
        return bi(
            f"{fit.zh}；在{place.name.zh}步行{metres}米，充电{place.charge_min}分钟内可用餐",
            f"{fit.en}; {metres} m walk from {place.name.en}, "
            f"fits the {place.charge_min}-minute charge",
        )
    km = f"{result.distance_km:.1f}"
    hhmm = place.at.astimezone(CHINA_TZ).strftime("%H:%M")
    if place.at_end:
        return bi(
            f"{fit.zh}；距{place.name.zh}{km}公里，{hhmm}营业",
            f"{fit.en}; {km} km from {place.name.en}, open at {hhmm}",
        )
    return bi(
        f"{fit.zh}；距{place.name.zh}{km}公里，{hhmm}到达时营业",
        f"{fit.en}; {km} km from {place.name.en}, open when you get there at {hhmm}",
    )


def _nothing(place: MealPlace, rules: list[DietaryRule]) -> Bilingual:
    meal = bi("午餐", "lunch") if place.meal == "lunch" else bi("晚餐", "dinner")
    if rules:
        labels = [DIETARY_LABELS[r] for r in rules]
        zh, en = "、".join(x.zh for x in labels), ", ".join(x.en for x in labels)
        return bi(
            f"{place.name.zh}附近没有适合{meal.zh}的{zh}餐厅。",
            f"No {en} place near {place.name.en} for {meal.en}.",
        )
    return bi(
        f"{place.name.zh}附近没有合适的{meal.zh}餐厅。",
        f"No place near {place.name.en} fits for {meal.en}.",
    )

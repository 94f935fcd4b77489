"""Travel Companion's lists: chargers and restaurants, refined ("cheaper") and picked from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agents.conversation import replies as rp
from agents.conversation.nlu import ResultsKind, SlotValue, Understanding
from agents.conversation.sessions import ListedResult, Session
from agents.conversation.tools import ChargerList, RestaurantList
from agents.conversation.turns.actions import propose
from agents.conversation.turns.models import Reply, TurnState
from agents.text import Bilingual, Locale, bi
from agents.travel.profiles import DietaryRule
from agents.travel.restaurants import Cuisine
from agents.travel.trip_dining import MEAL_TIMES
from agents.world.models import Coordinates

if TYPE_CHECKING:
    from agents.conversation.turns.table import IntentSpec


def charger_query(slots: dict[str, SlotValue], base: dict[str, Any]) -> dict[str, Any]:
    query = dict(base)
    if "min_power_kw" in slots:
        query["min_power_kw"] = slots["min_power_kw"]
    return query


_CUISINES = frozenset(Cuisine)
_DIETARY = frozenset(DietaryRule)


def food_query(slots: dict[str, SlotValue], base: dict[str, Any]) -> dict[str, Any]:
    """find_restaurants' arguments from the slots, on top of an earlier query (a refinement)."""
    query = dict(base)
    cuisine, dietary = slots.get("cuisine"), slots.get("dietary")
    if isinstance(cuisine, str) and cuisine in _CUISINES and cuisine != dietary:
        query["cuisines"] = [cuisine]
    if isinstance(dietary, str) and dietary in _DIETARY:
        query["dietary"] = sorted({*query.get("dietary", []), dietary})
    if "max_budget_cny" in slots:
        query["max_budget_cny"] = slots["max_budget_cny"]
    return query


def chargers(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    [(_, query)] = spec.tool_calls(u, state.seat)
    return show_chargers(state, query)


def restaurants(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    session = state.session
    base = session.last_query if session.last_results_kind == "restaurants" else {}
    query = food_query(u.slots, base)
    meal = u.slots.get("meal")
    if session.trip_id is not None and meal in MEAL_TIMES:
        # "lunch" on a trip: near the stop the car is at around lunchtime, not near the car now
        query |= {"trip_id": session.trip_id, "meal": meal}
    return show_restaurants(state, query)


def show_chargers(state: TurnState, query: dict[str, Any]) -> Reply:
    query = {**query, "limit": state.cap}
    found = state.result_of("find_chargers", query, ChargerList, "travel_companion")
    if isinstance(found, Reply):
        return found
    items = rp.charger_items(found, state.cap)
    _remember(
        state.session,
        "chargers",
        query,
        [ListedResult(kind="chargers", index=i.index, id=i.charger_id, name=i.name,
                      coordinates=i.coordinates) for i in items],
    )  # fmt: skip
    chips = [bi("第一个", "The first one"), bi("要快充", "A faster one"), bi("便宜点的", "Cheaper")]
    return Reply(
        rp.charger_speech(items, state.moving),
        "travel_companion",
        [rp.charger_card(items, len(found.results))],
        chips=chips,
    )


def show_restaurants(state: TurnState, query: dict[str, Any]) -> Reply:
    query = {**query, "limit": state.cap}
    found = state.result_of("find_restaurants", query, RestaurantList, "travel_companion")
    if isinstance(found, Reply):
        return found
    items = rp.restaurant_items(found, state.cap)
    _remember(
        state.session,
        "restaurants",
        query,
        [ListedResult(kind="restaurants", index=i.index, id=i.restaurant_id, name=i.name,
                      coordinates=i.coordinates) for i in items],
    )  # fmt: skip
    chips = [
        bi("第一家", "The first one"),
        bi("便宜点的", "Cheaper"),
        bi("不要辣的", "No spicy food"),
    ]
    return Reply(
        rp.restaurant_speech(items, state.moving, on_trip="trip_id" in query),
        "travel_companion",
        [rp.restaurant_card(items, len(found.results))],
        chips=chips,
    )


def _remember(
    session: Session, kind: ResultsKind, query: dict[str, Any], items: list[ListedResult]
) -> None:
    session.last_results_kind = kind
    session.last_query = {k: v for k, v in query.items() if k != "limit"}
    session.last_results = items


_CHARGER_REFINEMENTS: dict[str, dict[str, Any]] = {
    "faster_charger": {"sort": "power"},
    "cheaper": {"sort": "price"},
    "closer": {"sort": "distance"},
    "open_now": {},
}
_RESTAURANT_REFINEMENTS: dict[str, dict[str, Any]] = {
    "cheaper": {"sort": "price"},
    "closer": {"sort": "distance"},
    "better_rated": {"sort": "rating"},
    "open_now": {},
}
_DIETARY_REFINEMENTS = frozenset({"no_spicy", "vegetarian"})


def refine(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    session = state.session
    refinement = str(u.slots.get("refinement", ""))
    if session.last_results_kind == "chargers":
        change = _CHARGER_REFINEMENTS.get(refinement)
        if change is not None:
            return show_chargers(state, {**session.last_query, **change})
    if session.last_results_kind == "restaurants":
        if refinement in _DIETARY_REFINEMENTS:
            dietary = sorted({*session.last_query.get("dietary", []), refinement})
            return show_restaurants(state, {**session.last_query, "dietary": dietary})
        change = _RESTAURANT_REFINEMENTS.get(refinement)
        if change is not None:
            return show_restaurants(state, {**session.last_query, **change})
    return Reply(
        bi("要我先帮您找充电站还是餐厅？", "Shall I look for chargers or restaurants first?"),
        "assistant",
        chips=[bi("附近充电站", "Chargers nearby"), bi("附近餐厅", "Restaurants nearby")],
    )


def pick(session: Session, index: int) -> ListedResult | None:
    items = session.last_results
    if not items:
        return None
    position = len(items) if index == -1 else index
    return items[position - 1] if 1 <= position <= len(items) else None


def select(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    session = state.session
    index = u.slots.get("index", 1)
    picked = pick(session, int(index)) if isinstance(index, int | float) else None
    if picked is None:
        if not session.last_results:
            return Reply(
                bi("还没有可以选的列表。", "There's no list to choose from yet."), "assistant"
            )
        n = len(session.last_results)
        return Reply(
            bi(f"列表里只有{n}项。", f"The list only has {n} item{'s' if n > 1 else ''}."),
            "travel_companion",
        )
    command = destination_command(picked.name, picked.coordinates, session.locale)
    reply = propose(state, command, "travel_companion")
    reply.speech = bi(
        f"第{picked.index}个：{picked.name.zh}。要把它发送到车上导航吗？",
        f"Number {picked.index}: {picked.name.en}. Shall I send it to the car?",
    )
    return reply


def destination_command(
    name: Bilingual, where: Coordinates, locale: Locale = "zh"
) -> dict[str, Any]:
    return {
        "type": "send_destination",
        "destination": {"name": name.pick(locale), "coordinates": where.model_dump()},
    }

"""How each occurrence is told: a title, speech in both languages (rounded as spoken), a card
and the buttons that act on it."""

from __future__ import annotations

from dataclasses import dataclass

from agents.car_genius.warning_lights import WarningLightBook
from agents.conversation.proactive.models import (
    ActionType,
    EventKind,
    ProactiveAction,
    ProactiveCard,
    ProactiveEvent,
    ReplanCard,
    TripSummaryCard,
)
from agents.conversation.proactive.triggers import (
    Occurrence,
    free_stalls,
    on_trip,
)
from agents.conversation.replies import (
    charger_card,
    charger_items,
    light_card,
    restaurant_card,
    restaurant_items,
)
from agents.conversation.tools import ChargerList, RestaurantList
from agents.text import Bilingual, bi
from agents.travel.chargers import search_chargers
from agents.travel.data import TravelData
from agents.travel.dining import DiningQuery, DiningResult, search_dining
from agents.travel.opening_hours import CHINA_TZ
from agents.travel.plan_models import TripPlan
from agents.travel.profiles import Profile
from agents.travel.trip_dining import as_results, suggest_for_trip
from agents.travel.trips import Trip
from agents.world.catalog import shift_datetimes
from agents.world.models import Coordinates, Vehicle

CHARGER_RADII_KM = (20.0, 50.0)  # the nearer ring first, the wider one if it is empty
MIN_CHARGER_KW = 50.0
LISTED = 3
MEAL_RADIUS_KM = 3.0
_MEAL_NAMES = {"lunch": bi("午饭", "lunch"), "dinner": bi("晚饭", "dinner")}
_TIRES = {
    "front_left": bi("左前轮", "front-left tyre"),
    "front_right": bi("右前轮", "front-right tyre"),
    "rear_left": bi("左后轮", "rear-left tyre"),
    "rear_right": bi("右后轮", "rear-right tyre"),
}


@dataclass(frozen=True)
class ProactiveData:
    """What wording an occurrence needs to read."""

    travel: TravelData
    lights: WarningLightBook


@dataclass(frozen=True)
class Told:
    title: Bilingual
    speech: Bilingual
    card: ProactiveCard | None = None
    actions: tuple[ProactiveAction, ...] = ()


def compose(
    occurrence: Occurrence,
    data: ProactiveData,
    vehicle: Vehicle,
    trip: Trip | None,
    profile: Profile | None,
) -> ProactiveEvent:
    told = _tell(occurrence, data, vehicle, trip, profile)
    car_genius = occurrence.kind in (EventKind.WARNING_LIGHT, EventKind.TIRE_PRESSURE)
    return ProactiveEvent(
        seq=1,  # the inbox numbers it
        event_id=occurrence.event_id,
        kind=occurrence.kind,
        at=occurrence.at,
        agent="car_genius" if car_genius else "travel_companion",
        vehicle_id=occurrence.vehicle_id,
        trip_id=occurrence.trip_id,
        injected=occurrence.injected,
        title=told.title,
        speech=told.speech,
        card=told.card,
        actions=list(told.actions),
    )


def _tell(
    o: Occurrence, data: ProactiveData, vehicle: Vehicle, trip: Trip | None, profile: Profile | None
) -> Told:
    if o.kind is EventKind.LOW_SOC:
        return _low_soc(o, data, vehicle, trip)
    if o.kind is EventKind.CHARGER_BUSY:
        assert trip is not None
        return _charger_busy(o, data, trip)
    if o.kind is EventKind.MEAL_TIME:
        return _meal(o, data, vehicle, trip, profile)
    if o.kind is EventKind.ARRIVAL:
        assert trip is not None
        return _arrival(trip)
    return _car_alert(o, data)


# -- low SoC: chargers near where the car is, each one stop away -------------------------------


def _low_soc(o: Occurrence, data: ProactiveData, vehicle: Vehicle, trip: Trip | None) -> Told:
    soc = o.soc_pct
    if soc is None:
        battery = vehicle.state.battery
        soc = battery.soc_pct if battery is not None else 0.0
    here = _position(vehicle)
    matches = []
    for radius in CHARGER_RADII_KM:
        matches = search_chargers(
            data.travel.chargers,
            near=here,
            radius_km=radius,
            min_power_kw=MIN_CHARGER_KW,
            connector=vehicle.spec.connectors or None,
            at=o.at,
            limit=LISTED,
        )
        if matches:
            break
    items = charger_items(ChargerList(near=here, results=matches), LISTED)
    title = bi("电量低", "Battery low")
    if not items:
        speech = bi(
            f"电量只剩{soc:.0f}%，附近{CHARGER_RADII_KM[-1]:.0f}公里内没有合适的快充站。",
            f"The battery is down to {soc:.0f}% and there is no fast charger within "
            f"{CHARGER_RADII_KM[-1]:.0f} km.",
        )
        return Told(title, speech, charger_card(items, 0))
    first = items[0]
    ask = trip is not None
    speech = bi(
        f"电量只剩{soc:.0f}%。最近的快充站是{first.name.zh}，{first.distance_km:.0f}公里，"
        f"现在有{first.available_stalls}个空闲桩。" + ("要把它加为下一站吗？" if ask else ""),
        f"The battery is down to {soc:.0f}%. The nearest fast charger is {first.name.en}, "
        f"{first.distance_km:.0f} km away, with {first.available_stalls} free now."
        + (" Shall I add it as the next stop?" if ask else ""),
    )
    actions: tuple[ProactiveAction, ...] = ()
    if trip is not None:
        actions = tuple(
            ProactiveAction(
                action_id=f"add-stop-{item.index}",
                type=ActionType.ADD_STOP,
                label=bi(f"加为下一站：{item.name.zh}", f"Add this stop: {item.name.en}"),
                trip_id=trip.trip_id,
                charger_id=item.charger_id,
            )
            for item in items
        )
    return Told(title, speech, charger_card(items, len(items)), actions)


def _position(vehicle: Vehicle) -> Coordinates:
    location = vehicle.state.location
    return location.coordinates if location is not None else Coordinates(lat=0, lon=0)


# -- a planned charger that will be full ------------------------------------------------------


def _charger_busy(o: Occurrence, data: ProactiveData, trip: Trip) -> Told:
    assert o.stop_index is not None
    stop = trip.plan.stops[o.stop_index]
    assert stop.charger is not None
    arrival = on_trip(trip, stop.arrival_at)
    free, total = free_stalls(data.travel.chargers, stop, arrival)
    if o.injected:  # told full, whatever the occupancy forecast says
        free = 0
    hhmm = f"{arrival.astimezone(CHINA_TZ):%H:%M}"
    card = ReplanCard(
        trip_id=trip.trip_id,
        stop_index=stop.index,
        charger_id=stop.charger.id,
        name=stop.charger.name,
        arrival_at=arrival,
        available_stalls=free,
        total_stalls=total,
    )
    action = ProactiveAction(
        action_id="replan",
        type=ActionType.REPLAN,
        label=bi("重新规划", "Replan"),
        trip_id=trip.trip_id,
    )
    return Told(
        bi("充电站已满", "Charger busy"),
        bi(
            f"计划的充电站{stop.charger.name.zh}预计在您{hhmm}到达时{total}个桩都有车在充。"
            "要重新规划路线吗？",
            f"{stop.charger.name.en}, your planned charger, is expected to have all {total} "
            f"stalls taken when you get there at {hhmm}. Shall I replan?",
        ),
        card,
        (action,),
    )


# -- meal time: dining near the stop the car reaches next -------------------------------------


@dataclass(frozen=True)
class MealPick:
    place: Bilingual
    coordinates: Coordinates
    stop_minutes: int | None  # the charge there, the meal's time budget (None: no charge)
    results: list[DiningResult]


def dining_for_meal(
    travel: TravelData, trip: Trip | None, vehicle: Vehicle, o: Occurrence, profile: Profile | None
) -> MealPick:
    """Where to eat: on a started trip, the travel domain's trip-aware choice (the stop nearest
    the meal, the charge as the walking budget, dietary rules hard, a reason each); otherwise
    near the car, open now and fit for the profile."""
    if trip is not None and trip.started_at is not None:
        # The plan is stamped for its planned departure; the meal happens on the trip as driven.
        delta = trip.started_at - trip.plan.departure_at
        driven = TripPlan.model_validate(shift_datetimes(trip.plan.model_dump(), delta))
        dining = suggest_for_trip(
            travel.dining, driven, profile, meal=o.meal or "lunch", limit=LISTED
        )
        place = dining.place
        return MealPick(place.name, place.coordinates, place.charge_min, as_results(dining))
    near, place_name = _position(vehicle), bi("这里", "here")
    query = DiningQuery(near=near, radius_km=MEAL_RADIUS_KM, open_at=o.at, limit=LISTED)
    found = search_dining(travel.dining, query, profile)
    return MealPick(place_name, near, None, found.results)


def _meal(
    o: Occurrence, data: ProactiveData, vehicle: Vehicle, trip: Trip | None, profile: Profile | None
) -> Told:
    meal = _MEAL_NAMES[o.meal or "lunch"]
    pick = dining_for_meal(data.travel, trip, vehicle, o, profile)
    found = RestaurantList(near=pick.coordinates, results=pick.results, excluded={})
    items = restaurant_items(found, LISTED)
    card = restaurant_card(items, len(items))
    card = card.model_copy(
        update={"title": bi(f"{pick.place.zh}附近用餐", f"Eat near {pick.place.en}")}
    )
    title = bi(f"{meal.zh}时间快到了", f"Time for {meal.en} soon")
    if not items:
        speech = bi(
            f"快到{meal.zh}时间了，{pick.place.zh}附近没有适合您又在营业的餐厅。",
            f"It's nearly {meal.en} time; nothing open near {pick.place.en} suits you.",
        )
        return Told(title, speech, card)
    first = items[0]
    why = first.reasons[0] if first.reasons else bi("评分高", "it is well rated")
    stay_zh = f"在那里停{pick.stop_minutes}分钟，" if pick.stop_minutes else ""
    stay_en = f"You stop there for {pick.stop_minutes} min; " if pick.stop_minutes else ""
    speech = bi(
        f"快到{meal.zh}时间了。{stay_zh}{pick.place.zh}附近有{len(items)}家适合您的餐厅，"
        f"推荐{first.name.zh}：{why.zh}。",
        f"It's nearly {meal.en} time. {stay_en}{len(items)} places near {pick.place.en} suit "
        f"you; I'd suggest {first.name.en}: {why.en}.",
    )
    return Told(title, speech, card)


# -- Car Genius: a light or a tyre ------------------------------------------------------------


def _car_alert(o: Occurrence, data: ProactiveData) -> Told:
    light = data.lights.find(o.light_id) if o.light_id else None
    card = light_card(light, True) if light is not None else None
    if o.kind is EventKind.TIRE_PRESSURE:
        tire = _TIRES.get(str(o.extra.get("tire", "")), bi("一个轮胎", "a tyre"))
        detail_zh, detail_en = (o.alert.advice.zh, o.alert.advice.en) if o.alert else ("", "")
        kpa = o.extra.get("pressure_kpa")
        if o.alert is None and isinstance(kpa, float):
            detail_zh, detail_en = f"现在{kpa:.0f} kPa。", f"It reads {kpa:.0f} kPa."
        speech = bi(
            f"{tire.zh}胎压在下降。{detail_zh}请降低车速，在下一个服务区检查轮胎。",
            f"The {tire.en} is losing pressure. {detail_en} Slow down and have it checked at "
            "the next service area.".replace("  ", " "),
        )
        return Told(bi("胎压低", "Tyre pressure low"), speech, card)
    if light is None:
        title = o.alert.title if o.alert is not None else bi("警示灯", "Warning light")
        return Told(title, title)
    speech = bi(
        f"{light.title.zh}亮了。{light.explanation.zh}{light.what_to_do.zh}",
        f"The {light.title.en} light came on. {light.explanation.en} {light.what_to_do.en}",
    )
    return Told(light.title, speech, card)


# -- arrival: a short summary, rounded as spoken ----------------------------------------------


def _arrival(trip: Trip) -> Told:
    plan = trip.plan
    charging_min = round(plan.charge_time_s / 60)
    energy = None if plan.energy_used_kwh is None else round(plan.energy_used_kwh)
    cost = round(plan.total_cost_cny)
    distance = round(plan.distance_km)
    stops = sum(1 for s in plan.stops if s.charger is not None)
    card = TripSummaryCard(
        trip_id=trip.trip_id,
        destination=plan.destination.name,
        distance_km=distance,
        energy_kwh=energy,
        cost_cny=cost,
        charging_min=charging_min,
        stops=stops,
    )
    dest = plan.destination.name
    zh = [f"已到达{dest.zh}。全程{distance}公里"]
    en = [f"You've arrived in {dest.en}: {distance} km"]
    if energy is not None:
        zh.append(f"用电{energy}度")
        en.append(f"{energy} kWh used")
    if stops:
        zh.append(f"充电{stops}次共{charging_min}分钟，充电费用约{cost}元")
        en.append(f"{charging_min} min charging at {stops} stops, about {cost} yuan")
    else:
        zh.append("途中没有充电")
        en.append("no charging on the way")
    speech = bi("，".join(zh) + "。", ", ".join(en) + ".")
    return Told(bi(f"到达{dest.zh}", f"Arrived in {dest.en}"), speech, card)

"""What the assistant shows and says: cards for the screen, actions, chips, and spoken text.

Everything here is computed from tool results (vehicle state, fixtures), never canned: change the
scenario and the words change. Lists are shorter while the car moves (DRIVING_LIST_CAP) and so is
the speech: short lines, and the count said is the count read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from agents.car_genius import phrases as ph
from agents.car_genius.warning_lights import LightColor, SafeToDrive, WarningLight
from agents.conversation.tools import ChargerList, LightAnswer, RestaurantList, VehicleStatus
from agents.text import Bilingual, bi
from agents.travel.restaurants import CUISINE_LABELS
from agents.travel.trips import Trip
from agents.world.models import Coordinates, Severity
from agents.world.restrictions import MOVING_LIST_CAP

DRIVING_LIST_CAP = MOVING_LIST_CAP
PARKED_LIST_CAP = 5
SPOKEN_ITEMS_PARKED = 3


# --- cards ------------------------------------------------------------------------------------


class AlertLine(BaseModel):
    severity: Severity
    title: Bilingual


class StatusCard(BaseModel):
    type: Literal["status"] = "status"
    vehicle_id: str
    title: Bilingual
    text: Bilingual
    facts: dict[str, float | str | bool | None]
    alerts: list[AlertLine]
    as_of: AwareDatetime


class WarningLightCard(BaseModel):
    type: Literal["warning_light"] = "warning_light"
    light_id: str
    title: Bilingual
    color: LightColor
    severity: Severity
    symbol: Bilingual
    explanation: Bilingual
    safe_to_drive: SafeToDrive
    what_to_do: Bilingual
    active_on_vehicle: bool


class ChargerItem(BaseModel):
    index: int = Field(description="1-based, what 'the second one' refers to")
    charger_id: str
    name: Bilingual
    operator: Bilingual
    coordinates: Coordinates
    distance_km: float
    max_power_kw: float
    available_stalls: int
    total_stalls: int
    price_cny_per_kwh: float


class ChargerListCard(BaseModel):
    type: Literal["charger_list"] = "charger_list"
    title: Bilingual
    items: list[ChargerItem]
    total_found: int


class RestaurantItem(BaseModel):
    index: int
    restaurant_id: str
    name: Bilingual
    cuisine: Bilingual
    coordinates: Coordinates
    rating: float
    avg_spend_cny: float
    distance_km: float
    reasons: list[Bilingual]


class RestaurantListCard(BaseModel):
    type: Literal["restaurant_list"] = "restaurant_list"
    title: Bilingual
    items: list[RestaurantItem]
    total_found: int


class TripStopLine(BaseModel):
    index: int
    kind: str
    name: Bilingual
    charge_time_min: int | None
    arrival_soc_pct: float | None


class TripCard(BaseModel):
    type: Literal["trip"] = "trip"
    trip_id: str
    status: str
    feasible: bool
    origin: Bilingual
    destination: Bilingual
    distance_km: float
    total_time_s: int
    arrival_at: AwareDatetime | None
    arrival_soc_pct: float | None
    stops: list[TripStopLine]
    total_cost_cny: float


Card = Annotated[
    StatusCard | WarningLightCard | ChargerListCard | RestaurantListCard | TripCard,
    Field(discriminator="type"),
]


class Action(BaseModel):
    """Something the screen can offer as a button; remote commands need a yes first."""

    type: Literal["remote_command", "start_trip"]
    label: Bilingual
    command: dict[str, Any] | None = None
    requires_confirmation: bool


# --- status -----------------------------------------------------------------------------------

_TOPIC_TITLES: dict[str, Bilingual] = {
    "overview": bi("车况", "Vehicle status"),
    "range": bi("续航", "Range"),
    "battery": bi("电量", "Energy"),
    "charging": bi("充电", "Charging"),
    "tires": bi("胎压", "Tyres"),
    "locks": bi("门锁", "Locks"),
    "doors_windows": bi("车门车窗", "Doors and windows"),
    "climate": bi("空调", "Climate"),
    "location": bi("位置", "Location"),
    "odometer": bi("里程", "Odometer"),
    "service": bi("保养", "Service"),
}


def status_card(status: VehicleStatus) -> StatusCard:
    return StatusCard(
        vehicle_id=status.vehicle_id,
        title=bi(
            f"{status.name.zh} · {_TOPIC_TITLES[status.topic].zh}",
            f"{status.name.en} · {_TOPIC_TITLES[status.topic].en}",
        ),
        text=status.text,
        facts=status.facts,
        alerts=[AlertLine(severity=a.severity, title=a.title) for a in status.alerts],
        as_of=status.as_of,
    )


def status_speech(status: VehicleStatus) -> Bilingual:
    return status.text if status.topic != "overview" else status.headline


# --- warning lights ---------------------------------------------------------------------------

_SAFE: dict[SafeToDrive, Bilingual] = {
    SafeToDrive.YES: bi("可以继续行驶。", "It's safe to keep driving."),
    SafeToDrive.WITH_CARE: bi("可以谨慎行驶。", "You can drive on with care."),
    SafeToDrive.NO: bi("请尽快安全停车。", "Stop safely as soon as you can."),
}


def light_card(light: WarningLight, active: bool) -> WarningLightCard:
    return WarningLightCard(
        light_id=light.id,
        title=light.title,
        color=light.color,
        severity=light.severity,
        symbol=light.symbol,
        explanation=light.explanation,
        safe_to_drive=light.safe_to_drive,
        what_to_do=light.what_to_do,
        active_on_vehicle=active,
    )


def light_speech(answer: LightAnswer, moving: bool) -> Bilingual:
    if not answer.matches:
        return bi(
            "没找到对应的警示灯，能说说它的颜色和图案吗？",
            "I couldn't find that light. What colour is it, and what does the symbol look like?",
        )
    light = answer.matches[0]
    lit = light.id in answer.active_on_vehicle
    on_car = bi("您的车上这个灯现在亮着。", "It is on in your car right now.") if lit else None
    safe = _SAFE[light.safe_to_drive]
    parts = [bi(f"{light.title.zh}：", f"{light.title.en}: "), light.explanation]
    if not moving:
        parts.append(light.what_to_do)
    parts.append(safe)
    if on_car:
        parts.append(on_car)
    return join(parts)


# --- chargers ---------------------------------------------------------------------------------


def charger_items(found: ChargerList, cap: int) -> list[ChargerItem]:
    return [
        ChargerItem(
            index=i,
            charger_id=m.charger.id,
            name=m.charger.name,
            operator=m.operator_name,
            coordinates=m.charger.coordinates,
            distance_km=m.distance_km,
            max_power_kw=m.max_power_kw,
            available_stalls=m.available_stalls,
            total_stalls=m.total_stalls,
            price_cny_per_kwh=m.price.total_cny_per_kwh,
        )
        for i, m in enumerate(found.results[:cap], start=1)
    ]


def charger_card(items: list[ChargerItem], total: int) -> ChargerListCard:
    return ChargerListCard(
        title=bi("附近充电站", "Chargers nearby"), items=items, total_found=total
    )


def _charger_line(item: ChargerItem) -> Bilingual:
    kw, km = ph.num(item.max_power_kw), spoken_km(item.distance_km)
    return bi(
        f"{item.name.zh}，{km.zh}，{kw}千瓦，空闲{item.available_stalls}个，"
        f"每度{item.price_cny_per_kwh:.2f}元",
        f"{item.name.en}, {km.en} away, {kw} kW, {item.available_stalls} free, "
        f"{item.price_cny_per_kwh:.2f} yuan per kWh",
    )


def _short_charger_line(item: ChargerItem) -> Bilingual:
    km, kw = spoken_km(item.distance_km), ph.num(item.max_power_kw)
    return bi(f"{item.name.zh}，{km.zh}，{kw}千瓦", f"{item.name.en}, {km.en}, {kw} kW")


def charger_speech(items: list[ChargerItem], moving: bool) -> Bilingual:
    return _list_speech(
        [_short_charger_line(i) if moving else _charger_line(i) for i in items],
        moving,
        empty=bi("附近没有符合条件的充电站。", "No chargers nearby match that."),
        found=bi("找到{n}个充电站", "I found {n} {noun}"),
        nouns=("charger", "chargers"),
        ordinal_zh="第{i}个",
    )


def spoken_km(km: float) -> Bilingual:
    """Distances are said in whole kilometres; under one, as "under 1 km"."""
    if km < 1:
        return bi("不到1公里", "under 1 km")
    return bi(f"{round(km)}公里", f"{round(km)} km")


def _list_speech(
    lines: list[Bilingual],
    moving: bool,
    *,
    empty: Bilingual,
    found: Bilingual,
    nouns: tuple[str, str],
    ordinal_zh: str,
) -> Bilingual:
    """ "I found N ...", then the items read out, saying how many are read when not all are.
    While moving the list is already capped (DRIVING_LIST_CAP) and its lines are short."""
    if not lines:
        return empty
    spoken = lines if moving else lines[:SPOKEN_ITEMS_PARKED]
    numbered_zh = "；".join(
        f"{ordinal_zh.format(i=i)}，{line.zh}" for i, line in enumerate(spoken, start=1)
    )
    numbered_en = "; ".join(f"{i}. {line.en}" for i, line in enumerate(spoken, start=1))
    n, k = len(lines), len(spoken)
    lead_zh, lead_en = found.zh.format(n=n), found.en.format(n=n, noun=nouns[n > 1])
    if k < n:
        return bi(
            f"{lead_zh}，先说前{k}个：{numbered_zh}。", f"{lead_en}; the first {k}: {numbered_en}."
        )
    return bi(f"{lead_zh}：{numbered_zh}。", f"{lead_en}: {numbered_en}.")


# --- restaurants ------------------------------------------------------------------------------


def restaurant_items(found: RestaurantList, cap: int) -> list[RestaurantItem]:
    items: list[RestaurantItem] = []
    for i, r in enumerate(found.results[:cap], start=1):
        restaurant = r.restaurant
        items.append(
            RestaurantItem(
                index=i,
                restaurant_id=restaurant.id,
                name=restaurant.name,
                cuisine=CUISINE_LABELS[restaurant.cuisines[0]],
                coordinates=restaurant.coordinates,
                rating=restaurant.rating,
                avg_spend_cny=restaurant.avg_spend_cny,
                distance_km=r.distance_km,
                reasons=r.reasons[:2],
            )
        )
    return items


def restaurant_card(items: list[RestaurantItem], total: int) -> RestaurantListCard:
    return RestaurantListCard(
        title=bi("附近餐厅", "Restaurants nearby"), items=items, total_found=total
    )


def _restaurant_line(item: RestaurantItem) -> Bilingual:
    spend, km = ph.whole(item.avg_spend_cny), spoken_km(item.distance_km)
    return bi(
        f"{item.name.zh}，{item.cuisine.zh}，{ph.num(item.rating)}分，人均{spend}元，{km.zh}",
        f"{item.name.en}, {item.cuisine.en}, rated {ph.num(item.rating)}, about {spend} yuan "
        f"a head, {km.en} away",
    )


def _short_restaurant_line(item: RestaurantItem) -> Bilingual:
    km = spoken_km(item.distance_km)
    return bi(
        f"{item.name.zh}，{item.cuisine.zh}，{km.zh}", f"{item.name.en}, {item.cuisine.en}, {km.en}"
    )


def _trip_restaurant_line(item: RestaurantItem) -> Bilingual:
    """A suggestion for a meal on the trip says why it fits (its first reason): the dietary
    rules it keeps, where it is from the stop, that it is open then."""
    spend, why = ph.whole(item.avg_spend_cny), item.reasons[0]
    return bi(
        f"{item.name.zh}，{item.cuisine.zh}，人均{spend}元（{why.zh}）",
        f"{item.name.en}, {item.cuisine.en}, about {spend} yuan a head ({why.en})",
    )


def restaurant_speech(
    items: list[RestaurantItem], moving: bool, on_trip: bool = False
) -> Bilingual:
    def line(item: RestaurantItem) -> Bilingual:
        if moving:
            return _short_restaurant_line(item)
        return _trip_restaurant_line(item) if on_trip and item.reasons else _restaurant_line(item)

    return _list_speech(
        [line(i) for i in items],
        moving,
        empty=bi("附近没有符合条件且正在营业的餐厅。", "No open restaurants nearby match that."),
        found=bi("为您找到{n}家餐厅", "I found {n} {noun}"),
        nouns=("restaurant", "restaurants"),
        ordinal_zh="第{i}家",
    )


# --- trips ------------------------------------------------------------------------------------

_STOP_NAMES = {
    "charge": bi("充电", "charge"),
    "fuel": bi("加油", "fuel"),
    "meal": bi("用餐", "meal"),
}


def trip_card(trip: Trip, cap: int) -> TripCard:
    plan = trip.plan
    return TripCard(
        trip_id=trip.trip_id,
        status=trip.status.value,
        feasible=plan.status.value == "ok",
        origin=plan.origin.name,
        destination=plan.destination.name,
        distance_km=plan.distance_km,
        total_time_s=plan.total_time_s,
        arrival_at=plan.arrival_at,
        arrival_soc_pct=plan.arrival_soc_pct,
        stops=[
            TripStopLine(
                index=s.index,
                kind=s.kind.value,
                name=s.name,
                charge_time_min=s.charge_time_min,
                arrival_soc_pct=s.arrival_soc_pct,
            )
            for s in plan.stops[:cap]
        ],
        total_cost_cny=plan.total_cost_cny,
    )


def trip_speech(trip: Trip) -> Bilingual:
    plan = trip.plan
    dest = plan.destination.name
    km = ph.whole(plan.distance_km)
    if plan.status.value != "ok" or plan.arrival_at is None:
        reason = (
            plan.infeasible.reason if plan.infeasible else bi("电量不够。", "Not enough energy.")
        )
        return bi(
            f"这辆车到不了{dest.zh}：{reason.zh}",
            f"This car can't make it to {dest.en}: {reason.en}",
        )
    duration = ph.duration(round(plan.total_time_s / 60))
    at = plan.arrival_at.strftime("%H:%M")
    charges = [s for s in plan.stops if s.kind.value == "charge"]
    if charges:
        first = charges[0]
        stops = bi(
            f"途中充电{len(charges)}次，第一站{first.name.zh}，充{first.charge_time_min}分钟",
            f"{len(charges)} charging stop{'s' if len(charges) > 1 else ''}, first at "
            f"{first.name.en} for {first.charge_time_min} min",
        )
    else:
        stops = bi("无需充电", "no charging stop needed")
    soc_zh, soc_en = "", ""
    if plan.arrival_soc_pct is not None:
        soc_zh = f"，到达时电量{round(plan.arrival_soc_pct)}%"
        soc_en = f", arriving with {round(plan.arrival_soc_pct)}%"
    return bi(
        f"去{dest.zh}全程{km}公里，约{duration.zh}，预计{at}到达，{stops.zh}{soc_zh}。",
        f"To {dest.en}: {km} km, about {duration.en}, arriving around {at}; {stops.en}{soc_en}.",
    )


# --- helpers ----------------------------------------------------------------------------------


def join(parts: list[Bilingual]) -> Bilingual:
    """Sentences in order: Chinese runs together, English is spaced."""
    zh = "".join(p.zh for p in parts if p.zh.strip())
    en = " ".join(p.en.strip() for p in parts if p.en.strip())
    return bi(zh or "好的。", en or "OK.")

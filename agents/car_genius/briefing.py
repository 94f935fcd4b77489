"""The briefing: the car's state in a few sentences, with its alerts, as a car would say it.

Every line says how fresh its reading is. A section the car doesn't report is said to be
unknown rather than left out, so "no tyre alert" is never mistaken for "tyres are fine".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, Field

from agents.car_genius import phrases as ph
from agents.car_genius.alerts import (
    TIRE_WARNING_DEFICIT_PCT,
    Alert,
    derive_alerts,
    service_due_text,
)
from agents.car_genius.warning_lights import WarningLightBook
from agents.text import Bilingual, bi
from agents.world.models import (
    Capability,
    ChargingStatus,
    Model,
    PowerState,
    Powertrain,
    ServiceItem,
    ServiceStatus,
    Severity,
    Vehicle,
)


class BriefingTopic(StrEnum):
    ENERGY = "energy"
    CHARGING = "charging"
    SECURITY = "security"
    TIRES = "tires"
    CLIMATE = "climate"
    LOCATION = "location"
    ODOMETER = "odometer"
    SERVICE = "service"
    CONNECTIVITY = "connectivity"


class BriefingItem(Model):
    topic: BriefingTopic
    # False when the car doesn't report this; `text` then says so.
    available: bool
    text: Bilingual = Field(
        examples=[{"zh": "电量82%，续航497公里。", "en": "Battery 82%, 497 km."}]
    )
    updated_at: AwareDatetime | None = None
    # Age of the reading at briefing time, for "updated 2 min ago".
    age_s: int | None = Field(default=None, ge=0, examples=[78])


class SeverityCounts(Model):
    critical: int = Field(default=0, ge=0)
    warning: int = Field(default=0, ge=0)
    info: int = Field(default=0, ge=0)


class Briefing(Model):
    vehicle_id: str = Field(examples=["ix3-shanghai"])
    name: Bilingual
    generated_at: AwareDatetime
    power_state: PowerState
    headline: Bilingual = Field(
        examples=[
            {
                "zh": "一切正常：电量80%，续航497公里，已上锁，停在上海市长宁区古北路1550弄。",
                "en": "All good: 80% and 497 km of range, locked, parked at Lane 1550 Gubei Road, "
                "Changning District, Shanghai.",
            }
        ]
    )
    items: list[BriefingItem]
    # Data this car doesn't report: any of battery, fuel, charging, tires, windows, climate,
    # location, service.
    unavailable: list[str] = Field(examples=[["tires", "windows", "climate", "service"]])
    alerts: list[Alert]
    counts: SeverityCounts


def build_briefing(vehicle: Vehicle, lights: WarningLightBook, now: datetime) -> Briefing:
    alerts = derive_alerts(vehicle, lights, now)
    unavailable = _unavailable(vehicle)
    items = [
        _energy(vehicle, now),
        *([_charging(vehicle, now)] if _has_traction_battery(vehicle) else []),
        _security(vehicle, now),
        _tires(vehicle, now),
        _climate(vehicle, now),
        _location(vehicle, now),
        _odometer(vehicle, now),
        _service(vehicle, now),
        _connectivity(vehicle, now),
    ]
    counts = SeverityCounts(
        critical=sum(a.severity is Severity.CRITICAL for a in alerts),
        warning=sum(a.severity is Severity.WARNING for a in alerts),
        info=sum(a.severity is Severity.INFO for a in alerts),
    )
    return Briefing(
        vehicle_id=vehicle.id,
        name=vehicle.name,
        generated_at=now,
        power_state=vehicle.state.power_state,
        headline=_headline(vehicle, alerts, unavailable, now),
        items=items,
        unavailable=unavailable,
        alerts=alerts,
        counts=counts,
    )


def _has_traction_battery(vehicle: Vehicle) -> bool:
    return vehicle.spec.powertrain in (Powertrain.ELECTRIC, Powertrain.HYBRID)


def _has_tank(vehicle: Vehicle) -> bool:
    return vehicle.spec.powertrain in (Powertrain.COMBUSTION, Powertrain.HYBRID)


def _unavailable(vehicle: Vehicle) -> list[str]:
    state = vehicle.state
    missing: list[tuple[bool, str]] = [
        (_has_traction_battery(vehicle) and state.battery is None, "battery"),
        (_has_tank(vehicle) and state.fuel is None, "fuel"),
        (_has_traction_battery(vehicle) and state.charging is None, "charging"),
        (state.tires is None, "tires"),
        (state.security.windows_open_pct is None, "windows"),
        (state.climate is None, "climate"),
        (state.location is None, "location"),
        (not state.service and Capability.SERVICE_DATA not in vehicle.capabilities, "service"),
    ]
    return [name for is_missing, name in missing if is_missing]


def _item(
    topic: BriefingTopic, text: Bilingual, updated_at: datetime | None, now: datetime
) -> BriefingItem:
    age = None if updated_at is None else max(int((now - updated_at).total_seconds()), 0)
    return BriefingItem(topic=topic, available=True, text=text, updated_at=updated_at, age_s=age)


def _unknown(topic: BriefingTopic, text: Bilingual) -> BriefingItem:
    return BriefingItem(topic=topic, available=False, text=text)


# --- energy -----------------------------------------------------------------------------------


def _energy_phrase(vehicle: Vehicle) -> Bilingual | None:
    """Short form for the headline: "80% and 497 km of range"."""
    battery, fuel = vehicle.state.battery, vehicle.state.fuel
    powertrain = vehicle.spec.powertrain
    if powertrain is Powertrain.HYBRID and battery is not None and fuel is not None:
        total = ph.whole(battery.range_km + fuel.range_km)
        soc, level = ph.pct(battery.soc_pct), ph.pct(fuel.level_pct)
        return bi(
            f"总续航{total}公里（电量{soc}，油量{level}）",
            f"{total} km of range (battery {soc}, fuel {level})",
        )
    if battery is not None and powertrain is not Powertrain.COMBUSTION:
        soc, km = ph.pct(battery.soc_pct), ph.whole(battery.range_km)
        return bi(f"电量{soc}，续航{km}公里", f"{soc} and {km} km of range")
    if fuel is not None:
        level, km = ph.pct(fuel.level_pct), ph.whole(fuel.range_km)
        return bi(f"油量{level}，续航{km}公里", f"fuel {level} and {km} km of range")
    return None


def _energy(vehicle: Vehicle, now: datetime) -> BriefingItem:
    battery, fuel = vehicle.state.battery, vehicle.state.fuel
    topic = BriefingTopic.ENERGY
    if vehicle.spec.powertrain is Powertrain.HYBRID and battery is not None and fuel is not None:
        soc, e_km = ph.pct(battery.soc_pct), ph.whole(battery.range_km)
        level, f_km = ph.pct(fuel.level_pct), ph.whole(fuel.range_km)
        total = ph.whole(battery.range_km + fuel.range_km)
        text = bi(
            f"电量{soc}（纯电{e_km}公里），油量{level}（{f_km}公里），总续航{total}公里。",
            f"Battery {soc} ({e_km} km electric), fuel {level} ({f_km} km); {total} km in total.",
        )
        return _item(topic, text, min(battery.updated_at, fuel.updated_at), now)
    if battery is not None and vehicle.spec.powertrain is Powertrain.ELECTRIC:
        soc, km = ph.pct(battery.soc_pct), ph.whole(battery.range_km)
        text = bi(f"电量{soc}，续航{km}公里。", f"Battery {soc}, {km} km of range.")
        return _item(topic, text, battery.updated_at, now)
    if fuel is not None:
        level, litres, km = (
            ph.pct(fuel.level_pct),
            ph.num(fuel.remaining_l),
            ph.whole(fuel.range_km),
        )
        text = bi(
            f"油量{level}（{litres}升），续航{km}公里。",
            f"Fuel {level} ({litres} l), {km} km of range.",
        )
        return _item(topic, text, fuel.updated_at, now)
    return _unknown(
        topic, bi("这辆车没有上报电量或油量。", "This car doesn't report its energy level.")
    )


# --- charging ---------------------------------------------------------------------------------


def _charging(vehicle: Vehicle, now: datetime) -> BriefingItem:
    charging = vehicle.state.charging
    topic = BriefingTopic.CHARGING
    if charging is None:
        return _unknown(topic, bi("充电状态未知。", "Charging status unknown."))
    limit = ph.pct(charging.limit_pct)
    plug = (
        bi("充电枪已连接", "plug connected")
        if charging.plug_connected
        else bi("未插充电枪", "not plugged in")
    )
    status = charging.status
    if status is ChargingStatus.CHARGING:
        power = ph.num(charging.power_kw)
        text = bi(f"正在以{power} kW充电至{limit}", f"Charging at {power} kW to {limit}")
        if charging.time_to_full_min is not None:
            left = ph.duration(charging.time_to_full_min)
            at = ph.time_ahead(now + timedelta(minutes=charging.time_to_full_min), now)
            text = bi(
                f"{text.zh}，预计{left.zh}后（约{at}）充满",
                f"{text.en}, done in about {left.en} (around {at})",
            )
    elif status is ChargingStatus.WAITING_FOR_CHARGING:
        text = bi("等待开始充电（预约充电）", "Waiting to charge (scheduled)")
    elif status is ChargingStatus.FULLY_CHARGED:
        text = bi("已充满", "Fully charged")
    elif status is ChargingStatus.TARGET_REACHED:
        text = bi(f"已达到{limit}的充电目标", f"Charge target of {limit} reached")
    elif status is ChargingStatus.FINISHED_NOT_FULL:
        text = bi(f"充电已结束，未达到{limit}", f"Charging finished before reaching {limit}")
    elif status is ChargingStatus.ERROR:
        text = bi("充电故障，充电已停止", "Charging error: charging has stopped")
    elif status is ChargingStatus.PLUGGED_IN:
        text = bi("已插枪，尚未开始充电", "Plugged in, not charging yet")
    else:
        text = bi("未在充电", "Not charging")
    # Statuses that already imply the plug don't repeat it.
    if status in (ChargingStatus.CHARGING, ChargingStatus.PLUGGED_IN):
        full = bi(f"{text.zh}。", f"{text.en}.")
    else:
        full = bi(f"{text.zh}，{plug.zh}。", f"{text.en}; {plug.en}.")
    return _item(topic, full, charging.updated_at, now)


# --- security ---------------------------------------------------------------------------------


def _lock_word(vehicle: Vehicle) -> Bilingual:
    return bi("已上锁", "locked") if vehicle.state.security.locked else bi("未上锁", "unlocked")


def _security(vehicle: Vehicle, now: datetime) -> BriefingItem:
    security = vehicle.state.security
    lock = _lock_word(vehicle)
    open_zh: list[str] = []
    open_en: list[str] = []
    for position, name in ph.POSITIONS.items():
        if getattr(security.doors_open, position):
            open_zh.append(f"{name.zh}车门未关")
            open_en.append(f"{name.en} door open")
    windows = security.windows_open_pct
    if windows is not None:
        for position, name in ph.POSITIONS.items():
            opening = getattr(windows, position)
            if opening > 0:
                open_zh.append(f"{name.zh}车窗开着{ph.pct(opening)}")
                open_en.append(f"{name.en} window {ph.pct(opening)} open")
    for is_open, zh, en in (
        (security.trunk_open, "后备箱未关", "boot open"),
        (security.hood_open, "前舱盖未关", "bonnet open"),
        (bool(security.sunroof_open), "天窗未关", "sunroof open"),
    ):
        if is_open:
            open_zh.append(zh)
            open_en.append(en)
    if open_en:
        text = bi(
            f"{lock.zh}；{'，'.join(open_zh)}。", f"{ph.capitalise(lock.en)}; {', '.join(open_en)}."
        )
    elif windows is None:
        text = bi(
            f"{lock.zh}；车门、后备箱和前舱盖均已关闭，车窗状态未知。",
            f"{ph.capitalise(lock.en)}; doors, boot and bonnet closed; window state unknown.",
        )
    else:
        text = bi(
            f"{lock.zh}；车门、车窗、后备箱和前舱盖均已关闭。",
            f"{ph.capitalise(lock.en)}; all doors, windows, boot and bonnet closed.",
        )
    return _item(BriefingTopic.SECURITY, text, security.updated_at, now)


# --- tyres, climate, location, odometer --------------------------------------------------------


def _tires(vehicle: Vehicle, now: datetime) -> BriefingItem:
    tires = vehicle.state.tires
    topic = BriefingTopic.TIRES
    if tires is None:
        return _unknown(topic, bi("这辆车不上报胎压。", "This car doesn't report tyre pressures."))
    low_zh: list[str] = []
    low_en: list[str] = []
    all_zh: list[str] = []
    all_en: list[str] = []
    for position, name in ph.POSITIONS.items():
        tire = getattr(tires, position)
        kpa, target = ph.num(tire.pressure_kpa), ph.num(tire.target_kpa)
        all_zh.append(f"{name.zh}{kpa}")
        all_en.append(f"{name.en} {kpa}")
        if (tire.target_kpa - tire.pressure_kpa) * 100 > tire.target_kpa * TIRE_WARNING_DEFICIT_PCT:
            low_zh.append(f"{name.zh}{kpa} kPa（标准{target} kPa）")
            low_en.append(f"{name.en} {kpa} kPa (target {target} kPa)")
    if low_en:
        text = bi(f"胎压低：{'，'.join(low_zh)}。", f"Tyre pressure low: {', '.join(low_en)}.")
    else:
        text = bi(
            f"胎压正常（{'、'.join(all_zh)} kPa）。",
            f"Tyre pressures OK ({', '.join(all_en)} kPa).",
        )
    return _item(topic, text, tires.updated_at, now)


def _climate(vehicle: Vehicle, now: datetime) -> BriefingItem:
    climate = vehicle.state.climate
    topic = BriefingTopic.CLIMATE
    if climate is None:
        return _unknown(
            topic, bi("这辆车不上报车内温度和空调状态。", "This car doesn't report cabin climate.")
        )
    cabin, outside = ph.num(climate.cabin_temp_c), ph.num(climate.outside_temp_c)
    if climate.hvac_on:
        target = ph.num(climate.target_temp_c)
        hvac = bi(f"空调开启，设定{target}°C", f"climate on, set to {target} °C")
        if climate.remaining_s is not None:
            left = ph.duration(climate.remaining_s // 60)
            hvac = bi(f"{hvac.zh}（剩余{left.zh}）", f"{hvac.en} ({left.en} left)")
    else:
        hvac = bi("空调关闭", "climate off")
    text = bi(
        f"车内{cabin}°C，车外{outside}°C，{hvac.zh}。",
        f"Cabin {cabin} °C, outside {outside} °C; {hvac.en}.",
    )
    return _item(topic, text, climate.updated_at, now)


def _place_phrase(vehicle: Vehicle) -> Bilingual:
    """Short form for the headline: "parked at <address>" or "driving at 45 km/h"."""
    speed = vehicle.state.motion.speed_kmh
    if speed > 0:
        return bi(f"正在以{ph.whole(speed)}公里/小时行驶", f"driving at {ph.whole(speed)} km/h")
    location = vehicle.state.location
    if location is not None and location.address is not None:
        return bi(f"停在{location.address.zh}", f"parked at {location.address.en}")
    return bi("已停车", "parked")


def _location(vehicle: Vehicle, now: datetime) -> BriefingItem:
    location = vehicle.state.location
    topic = BriefingTopic.LOCATION
    if location is None:
        return _unknown(topic, bi("位置未知。", "Location unknown."))
    if location.address is not None:
        where = location.address
    else:
        coords = f"{location.coordinates.lat:.4f}, {location.coordinates.lon:.4f}"
        where = bi(coords, coords)
    speed = vehicle.state.motion.speed_kmh
    if speed > 0:
        heading = ph.compass(location.heading_deg)
        kmh = ph.whole(speed)
        text = bi(
            f"正在以{kmh}公里/小时向{heading.zh}行驶，位于{where.zh}。",
            f"Driving {heading.en} at {kmh} km/h on {where.en}.",
        )
    else:
        text = bi(f"停在{where.zh}。", f"Parked at {where.en}.")
    return _item(topic, text, location.updated_at, now)


def _odometer(vehicle: Vehicle, now: datetime) -> BriefingItem:
    motion = vehicle.state.motion
    km = ph.whole(motion.odometer_km)
    return _item(
        BriefingTopic.ODOMETER,
        bi(f"总里程{km}公里。", f"Odometer {km} km."),
        motion.updated_at,
        now,
    )


# --- service and connectivity -----------------------------------------------------------------

_STATUS_ORDER = {ServiceStatus.OVERDUE: 0, ServiceStatus.PENDING: 1, ServiceStatus.OK: 2}


def _next_service(items: list[ServiceItem]) -> ServiceItem:
    """Overdue before pending before OK, then the earliest date, then the nearest mileage."""

    def key(item: ServiceItem) -> tuple[int, bool, float, float]:
        timestamp = item.due_date.timestamp() if item.due_date else 0.0
        return (
            _STATUS_ORDER[item.status],
            item.due_date is None,
            timestamp,
            item.due_km if item.due_km is not None else float("inf"),
        )

    return min(items, key=key)


def _service(vehicle: Vehicle, now: datetime) -> BriefingItem:
    items = vehicle.state.service
    topic = BriefingTopic.SERVICE
    if not items:
        if Capability.SERVICE_DATA not in vehicle.capabilities:
            return _unknown(
                topic, bi("这辆车不上报保养信息。", "This car doesn't report service data.")
            )
        return _item(topic, bi("没有待办的保养项目。", "No service items due."), None, now)
    item = _next_service(items)
    name = ph.SERVICE_NAMES[item.type]
    due = service_due_text(item, vehicle.state.motion.odometer_km, now)
    if item.status is ServiceStatus.OVERDUE:
        overdue = sum(i.status is ServiceStatus.OVERDUE for i in items)
        text = bi(
            f"有{overdue}项保养已逾期，最早的是{name.zh}（{due.zh}）。",
            f"{overdue} service item{'s' if overdue > 1 else ''} overdue, first {name.en} "
            f"({due.en}).",
        )
    else:
        text = bi(f"下次保养：{name.zh}（{due.zh}）。", f"Next service: {name.en} ({due.en}).")
    return _item(topic, text, None, now)


def _connectivity(vehicle: Vehicle, now: datetime) -> BriefingItem:
    state = vehicle.state
    ago = ph.age((now - state.last_seen_at).total_seconds())
    at = ph.clock_time(state.last_seen_at, now)
    power = {
        PowerState.ONLINE: bi("在线", "Online"),
        PowerState.ASLEEP: bi("车辆休眠中", "Asleep"),
        PowerState.OFFLINE: bi("车辆离线", "Offline"),
    }[state.power_state]
    text = bi(
        f"{power.zh}，最后更新于{ago.zh}（{at}）。",
        f"{power.en}; last update {ago.en} ({at}).",
    )
    return _item(BriefingTopic.CONNECTIVITY, text, state.last_seen_at, now)


# --- headline ---------------------------------------------------------------------------------


def _headline(
    vehicle: Vehicle, alerts: list[Alert], unavailable: list[str], now: datetime
) -> Bilingual:
    """Lead with the worst alert when something needs action; otherwise summarise the state."""
    if alerts and alerts[0].severity is not Severity.INFO:
        worst = alerts[0]
        more = len(alerts) - 1
        more_zh = f"另有{more}条提醒。" if more else ""
        more_en = f" {more} more alert{'s' if more > 1 else ''}." if more else ""
        return bi(
            f"{worst.title.zh}。{worst.advice.zh}{more_zh}",
            f"{worst.title.en}. {worst.advice.en}{more_en}",
        )
    parts = [
        part
        for part in (
            _energy_phrase(vehicle),
            _charging_phrase(vehicle, now),
            _lock_word(vehicle),
            _place_phrase(vehicle),
        )
        if part is not None
    ]
    state_zh = "，".join(p.zh for p in parts)
    state_en = ", ".join(p.en for p in parts)
    if alerts:
        # Only notes (service soon, unlocked, old data): the state first, then the notes.
        notes_zh = "。".join(a.title.zh for a in alerts)
        notes_en = ". ".join(a.title.en for a in alerts)
        return bi(f"{state_zh}。{notes_zh}。", f"{ph.capitalise(state_en)}. {notes_en}.")
    if unavailable:
        return bi(
            f"就车辆上报的数据而言一切正常：{state_zh}。",
            f"All good as far as the car reports: {state_en}.",
        )
    return bi(f"一切正常：{state_zh}。", f"All good: {state_en}.")


def _charging_phrase(vehicle: Vehicle, now: datetime) -> Bilingual | None:
    """Short form for the headline, only while charging: "charging to 80%, full around 03:47"."""
    charging = vehicle.state.charging
    if charging is None or charging.status is not ChargingStatus.CHARGING:
        return None
    limit = ph.pct(charging.limit_pct)
    if charging.time_to_full_min is None:
        return bi(f"正在充电至{limit}", f"charging to {limit}")
    at = ph.time_ahead(now + timedelta(minutes=charging.time_to_full_min), now)
    return bi(f"正在充电至{limit}（约{at}充满）", f"charging to {limit} (done around {at})")

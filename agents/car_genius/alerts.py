"""Alerts: what about the car deserves the driver's attention right now.

Pure rules over one vehicle's state at one moment. Each alert has a stable id (rule + subject,
e.g. `tire-low:rear_left`) so a UI can tell a new alert from one it has already shown, and its
advice quotes the actual readings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import Field

from agents.car_genius import phrases as ph
from agents.car_genius.warning_lights import WarningLightBook
from agents.text import Bilingual, bi
from agents.world.models import (
    ChargingStatus,
    Model,
    Powertrain,
    ServiceItem,
    ServiceStatus,
    Severity,
    Vehicle,
)

# Thresholds. Battery and fuel alerts trigger on either the percentage or the range.
BATTERY_WARNING_PCT = 20.0
BATTERY_CRITICAL_PCT = 10.0
BATTERY_WARNING_RANGE_KM = 80.0
BATTERY_CRITICAL_RANGE_KM = 40.0
FUEL_WARNING_PCT = 15.0
FUEL_WARNING_RANGE_KM = 60.0
FUEL_CRITICAL_PCT = 5.0
FUEL_CRITICAL_RANGE_KM = 25.0
# A tyre this many percent below its target (strictly more than).
TIRE_WARNING_DEFICIT_PCT = 10.0
TIRE_CRITICAL_DEFICIT_PCT = 20.0
STALE_AFTER = timedelta(hours=24)


class AlertCategory(StrEnum):
    ENERGY = "energy"
    CHARGING = "charging"
    TIRES = "tires"
    SECURITY = "security"
    SERVICE = "service"
    WARNING_LIGHT = "warning_light"
    CONNECTIVITY = "connectivity"


class Alert(Model):
    id: str = Field(examples=["tire-low:rear_left"])
    severity: Severity
    category: AlertCategory
    title: Bilingual = Field(examples=[{"zh": "胎压低", "en": "Tyre pressure low"}])
    advice: Bilingual = Field(
        examples=[
            {
                "zh": "左后轮胎压175 kPa，比标准值250 kPa低75 kPa（30%）。",
                "en": "Rear-left tyre at 175 kPa, 75 kPa (30%) below the 250 kPa target.",
            }
        ]
    )
    # Where in the vehicle document the alert comes from (dotted paths).
    source: list[str] = Field(examples=[["state.tires.rear_left.pressure_kpa"]])
    light_id: str | None = Field(default=None, examples=["tire-pressure"])


SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
_LIGHT = AlertCategory.WARNING_LIGHT


def derive_alerts(vehicle: Vehicle, lights: WarningLightBook, now: datetime) -> list[Alert]:
    """Every alert for `vehicle` at `now`, critical first, then by id; a warning light that
    reports what a reading already shows is merged into that reading's alert."""
    rules: list[Callable[[], Iterator[Alert]]] = [
        lambda: _battery(vehicle),
        lambda: _fuel(vehicle),
        lambda: _charging_error(vehicle),
        lambda: _tires(vehicle),
        lambda: _openings(vehicle),
        lambda: _service(vehicle, now),
        lambda: _check_control(vehicle, lights, now),
        lambda: _stale(vehicle, now),
    ]
    alerts = _merge_lights([alert for rule in rules for alert in rule()])
    return sorted(alerts, key=lambda a: (SEVERITY_RANK[a.severity], a.id))


def _merge_lights(alerts: list[Alert]) -> list[Alert]:
    """One alert per problem: a lit warning light (`light:<id>`) whose light a reading's alert
    already names (the soft tyre, the charging error, the low battery) joins that alert, the
    most severe one if several name it. The merged alert keeps the reading's words, which quote
    the numbers, takes the higher of the two severities and lists both sources."""
    readings = [a for a in alerts if a.light_id is not None and a.category is not _LIGHT]
    merged: list[Alert] = []
    for alert in alerts:
        same = [r for r in readings if r.light_id == alert.light_id]
        if alert.category is not _LIGHT or not same:
            merged.append(alert)
            continue
        target = min(same, key=lambda r: (SEVERITY_RANK[r.severity], r.id))
        target.source = [*target.source, *alert.source]
        if SEVERITY_RANK[alert.severity] < SEVERITY_RANK[target.severity]:
            target.severity = alert.severity
    return merged


def _battery(vehicle: Vehicle) -> Iterator[Alert]:
    battery = vehicle.state.battery
    # A hybrid with an empty battery simply runs on fuel: nothing to warn about.
    if battery is None or vehicle.spec.powertrain is not Powertrain.ELECTRIC:
        return
    charging = vehicle.state.charging
    if charging is not None and charging.status is ChargingStatus.CHARGING:
        return  # already being dealt with
    soc, km = ph.pct(battery.soc_pct), ph.whole(battery.range_km)
    source = ["state.battery.soc_pct", "state.battery.range_km"]
    if battery.soc_pct < BATTERY_CRITICAL_PCT or battery.range_km < BATTERY_CRITICAL_RANGE_KM:
        yield Alert(
            id="battery-low",
            severity=Severity.CRITICAL,
            category=AlertCategory.ENERGY,
            title=bi("电量严重不足", "Battery critically low"),
            advice=bi(
                f"电量仅剩{soc}，续航约{km}公里，请立即前往最近的充电站。",
                f"Battery at {soc}, only about {km} km of range left. "
                "Head to the nearest charger now.",
            ),
            source=source,
            light_id="hv-battery-low",
        )
    elif battery.soc_pct < BATTERY_WARNING_PCT or battery.range_km < BATTERY_WARNING_RANGE_KM:
        yield Alert(
            id="battery-low",
            severity=Severity.WARNING,
            category=AlertCategory.ENERGY,
            title=bi("电量低", "Battery low"),
            advice=bi(
                f"电量{soc}，续航约{km}公里，请尽快安排充电。",
                f"Battery at {soc}, about {km} km of range. Plan a charging stop soon.",
            ),
            source=source,
            light_id="hv-battery-low",
        )


def _fuel(vehicle: Vehicle) -> Iterator[Alert]:
    fuel = vehicle.state.fuel
    if fuel is None:
        return
    level, litres, km = ph.pct(fuel.level_pct), ph.num(fuel.remaining_l), ph.whole(fuel.range_km)
    source = ["state.fuel.level_pct", "state.fuel.range_km"]
    if fuel.level_pct < FUEL_CRITICAL_PCT or fuel.range_km < FUEL_CRITICAL_RANGE_KM:
        yield Alert(
            id="fuel-low",
            severity=Severity.CRITICAL,
            category=AlertCategory.ENERGY,
            title=bi("油量严重不足", "Fuel very low"),
            advice=bi(
                f"油量仅剩{level}（{litres}升），续航约{km}公里，请立即加油。",
                f"Fuel at {level} ({litres} l), only about {km} km of range left. Refuel now.",
            ),
            source=source,
            light_id="low-fuel",
        )
    elif fuel.level_pct < FUEL_WARNING_PCT or fuel.range_km < FUEL_WARNING_RANGE_KM:
        yield Alert(
            id="fuel-low",
            severity=Severity.WARNING,
            category=AlertCategory.ENERGY,
            title=bi("油量低", "Fuel low"),
            advice=bi(
                f"油量{level}（{litres}升），续航约{km}公里，请尽快加油。",
                f"Fuel at {level} ({litres} l), about {km} km of range. Refuel soon.",
            ),
            source=source,
            light_id="low-fuel",
        )


def _charging_error(vehicle: Vehicle) -> Iterator[Alert]:
    charging = vehicle.state.charging
    if charging is None or charging.status is not ChargingStatus.ERROR:
        return
    battery = vehicle.state.battery
    at_zh = f"，当前电量{ph.pct(battery.soc_pct)}" if battery else ""
    at_en = f" at {ph.pct(battery.soc_pct)}" if battery else ""
    plug_zh = "充电枪仍连接" if charging.plug_connected else "充电枪已断开"
    plug_en = "plug still connected" if charging.plug_connected else "plug disconnected"
    yield Alert(
        id="charging-error",
        severity=Severity.WARNING,
        category=AlertCategory.CHARGING,
        title=bi("充电故障", "Charging error"),
        advice=bi(
            f"充电异常中断{at_zh}（{plug_zh}）。请检查充电枪和充电桩后重新开始充电，或换一个充电桩。",
            f"Charging stopped with an error{at_en} ({plug_en}). Check the cable and the charger, "
            "then restart charging or try another charger.",
        ),
        source=["state.charging.status"],
        light_id="charging-fault",
    )


def _tires(vehicle: Vehicle) -> Iterator[Alert]:
    tires = vehicle.state.tires
    if tires is None:
        return
    for position, name in ph.POSITIONS.items():
        tire = getattr(tires, position)
        deficit = tire.target_kpa - tire.pressure_kpa
        # Compared as products so that exactly 10 % under is not "more than 10 %" by rounding.
        if deficit * 100 > tire.target_kpa * TIRE_CRITICAL_DEFICIT_PCT:
            severity = Severity.CRITICAL
            todo = bi(
                "请减速，在安全的地方停车检查是否扎胎。",
                "Slow down, stop somewhere safe and check it for a puncture.",
            )
        elif deficit * 100 > tire.target_kpa * TIRE_WARNING_DEFICIT_PCT:
            severity = Severity.WARNING
            todo = bi("请尽快检查并充气。", "Check and inflate it soon.")
        else:
            continue
        now_kpa, target_kpa, short_kpa = (
            ph.num(tire.pressure_kpa),
            ph.num(tire.target_kpa),
            ph.num(deficit),
        )
        short_pct = ph.pct(round(deficit / tire.target_kpa * 100))
        yield Alert(
            id=f"tire-low:{position}",
            severity=severity,
            category=AlertCategory.TIRES,
            title=bi("胎压低", "Tyre pressure low"),
            advice=bi(
                f"{name.zh}轮胎压{now_kpa} kPa，比标准值{target_kpa} kPa低{short_kpa} kPa"
                f"（{short_pct}）。{todo.zh}",
                f"{ph.capitalise(name.en)} tyre at {now_kpa} kPa, {short_kpa} kPa ({short_pct}) "
                f"below the {target_kpa} kPa target. {todo.en}",
            ),
            source=[
                f"state.tires.{position}.pressure_kpa",
                f"state.tires.{position}.target_kpa",
            ],
            light_id="tire-pressure",
        )


def _openings(vehicle: Vehicle) -> Iterator[Alert]:
    """Open doors, windows, boot or bonnet, and an unlocked car, while it is parked."""
    if vehicle.state.motion.speed_kmh > 0:
        return  # while driving, the car's own door-open light covers it
    security = vehicle.state.security
    for position, name in ph.POSITIONS.items():
        if getattr(security.doors_open, position):
            yield _opening(
                f"door-open:{position}",
                bi("车门未关", "Door open"),
                bi(f"{name.zh}车门", f"the {name.en} door"),
                bi("未关", "is open"),
                f"state.security.doors_open.{position}",
            )
    windows = security.windows_open_pct
    if windows is not None:
        for position, name in ph.POSITIONS.items():
            opening = getattr(windows, position)
            if opening > 0:
                yield _opening(
                    f"window-open:{position}",
                    bi("车窗未关", "Window open"),
                    bi(f"{name.zh}车窗", f"the {name.en} window"),
                    bi(f"开着{ph.pct(opening)}", f"is {ph.pct(opening)} open"),
                    f"state.security.windows_open_pct.{position}",
                )
    if security.trunk_open:
        yield _opening(
            "trunk-open",
            bi("后备箱未关", "Boot open"),
            bi("后备箱", "the boot"),
            bi("未关", "is open"),
            "state.security.trunk_open",
        )
    if security.hood_open:
        yield _opening(
            "hood-open",
            bi("前舱盖未关", "Bonnet open"),
            bi("前舱盖", "the bonnet"),
            bi("未关", "is open"),
            "state.security.hood_open",
        )
    if security.sunroof_open:
        yield _opening(
            "sunroof-open",
            bi("天窗未关", "Sunroof open"),
            bi("天窗", "the sunroof"),
            bi("未关", "is open"),
            "state.security.sunroof_open",
        )
    if not security.locked:
        yield Alert(
            id="unlocked-parked",
            severity=Severity.INFO,
            category=AlertCategory.SECURITY,
            title=bi("车辆未上锁", "Car unlocked"),
            advice=bi(
                "车辆已停放但未上锁，如果您不在车旁，请远程上锁。",
                "The car is parked and unlocked. Lock it remotely if you are not with it.",
            ),
            source=["state.security.locked", "state.motion.speed_kmh"],
        )


def _opening(
    alert_id: str, title: Bilingual, what: Bilingual, state: Bilingual, source: str
) -> Alert:
    return Alert(
        id=alert_id,
        severity=Severity.WARNING,
        category=AlertCategory.SECURITY,
        title=title,
        advice=bi(
            f"车辆停放中，{what.zh}{state.zh}，离开前请关好。",
            f"The car is parked and {what.en} {state.en}. Close it before you leave.",
        ),
        source=[source],
    )


def _service(vehicle: Vehicle, now: datetime) -> Iterator[Alert]:
    odometer = vehicle.state.motion.odometer_km
    for index, item in enumerate(vehicle.state.service):
        if item.status is ServiceStatus.OK:
            continue
        overdue = item.status is ServiceStatus.OVERDUE
        name = ph.SERVICE_NAMES[item.type]
        due = service_due_text(item, odometer, now)
        if overdue:
            title = bi("保养已逾期", "Service overdue")
            advice = bi(
                f"{name.zh}已逾期（{due.zh}），请尽快预约保养。",
                f"{ph.capitalise(name.en)} is overdue ({due.en}). Book a service soon.",
            )
        else:
            title = bi("保养即将到期", "Service due soon")
            advice = bi(
                f"{name.zh}即将到期（{due.zh}），请预约保养。",
                f"{ph.capitalise(name.en)} is due soon ({due.en}). Book an appointment.",
            )
        yield Alert(
            id=f"service:{item.type.value}",
            severity=Severity.WARNING if overdue else Severity.INFO,
            category=AlertCategory.SERVICE,
            title=title,
            advice=advice,
            source=[f"state.service[{index}]"],
            light_id="service-due",
        )


def service_due_text(item: ServiceItem, odometer_km: float, now: datetime) -> Bilingual:
    """ "due 2026-05-10 (22 days ago) or at 38,000 km (640 km ago)", whichever parts exist."""
    zh: list[str] = []
    en: list[str] = []
    if item.due_date is not None:
        days = ph.days_between(item.due_date, now)
        date = ph.day(item.due_date, now)
        if days > 0:
            zh.append(f"{date}到期，还有{days}天")
            en.append(f"due {date}, in {days} day{'s' if days != 1 else ''}")
        elif days == 0:
            zh.append(f"{date}（今天）到期")
            en.append(f"due today, {date}")
        else:
            zh.append(f"{date}到期，已过{-days}天")
            en.append(f"due {date}, {-days} day{'s' if days != -1 else ''} ago")
    if item.due_km is not None:
        left = item.due_km - odometer_km
        at = ph.whole(item.due_km)
        if left >= 0:
            zh.append(f"{at}公里到期，还有{ph.whole(left)}公里")
            en.append(f"at {at} km, in {ph.whole(left)} km")
        else:
            zh.append(f"{at}公里到期，已超{ph.whole(-left)}公里")
            en.append(f"at {at} km, {ph.whole(-left)} km ago")
    if not en:
        return bi("未提供到期时间", "no due date given")
    return bi("；或".join(zh), "; or ".join(en))


def _check_control(vehicle: Vehicle, lights: WarningLightBook, now: datetime) -> Iterator[Alert]:
    for index, message in enumerate(vehicle.state.check_control):
        since = ph.clock_time(message.since, now)
        source = [f"state.check_control[{index}]"]
        light = lights.find(message.light_id)
        if light is None:
            # The car knows more lights than we do; still tell the driver something is on.
            yield Alert(
                id=f"light:{message.light_id}",
                severity=Severity.WARNING,
                category=AlertCategory.WARNING_LIGHT,
                title=bi(f"警告灯：{message.light_id}", f"Warning light: {message.light_id}"),
                advice=bi(
                    f"自{since}起亮起。请查阅用户手册或联系服务中心。",
                    f"On since {since}. Check the owner's manual or contact your service centre.",
                ),
                source=source,
                light_id=message.light_id,
            )
            continue
        yield Alert(
            id=f"light:{light.id}",
            severity=light.severity,
            category=AlertCategory.WARNING_LIGHT,
            title=light.title,
            advice=bi(
                f"自{since}起亮起。{light.what_to_do.zh}",
                f"On since {since}. {light.what_to_do.en}",
            ),
            source=source,
            light_id=light.id,
        )


def _stale(vehicle: Vehicle, now: datetime) -> Iterator[Alert]:
    last_seen = vehicle.state.last_seen_at
    if now - last_seen <= STALE_AFTER:
        return
    ago = ph.age((now - last_seen).total_seconds())
    at = ph.clock_time(last_seen, now)
    yield Alert(
        id="stale-data",
        severity=Severity.INFO,
        category=AlertCategory.CONNECTIVITY,
        title=bi("数据可能已过时", "Data may be out of date"),
        advice=bi(
            f"车辆最后一次上报数据是在{ago.zh}（{at}），之后情况可能已有变化。",
            f"The car last reported {ago.en} ({at}); things may have changed since.",
        ),
        source=["state.last_seen_at"],
    )

"""Alert rules at their thresholds, with the exact words the driver sees."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from agents.car_genius.alerts import Alert, AlertCategory, derive_alerts
from agents.car_genius.warning_lights import WarningLightBook, load_warning_lights
from agents.fixtures import load_json_file
from agents.world.models import Severity, Vehicle
from agents.world.patch import merge_patch

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=CST)


@pytest.fixture(scope="module")
def lights() -> WarningLightBook:
    return load_warning_lights(FIXTURES / "warning_lights.json")


def vehicle(vehicle_id: str, state_patch: dict[str, Any] | None = None) -> Vehicle:
    """A fleet vehicle with an RFC 7396 merge patch applied to its state."""
    base = load_json_file(FIXTURES / "vehicles" / f"{vehicle_id}.json", TypeAdapter(Vehicle))
    data = base.model_dump(mode="json")
    data["state"] = merge_patch(data["state"], state_patch or {})
    return Vehicle.model_validate(data)


def alerts_by_id(found: list[Alert]) -> dict[str, Alert]:
    return {alert.id: alert for alert in found}


def test_healthy_cars_have_no_alerts(lights: WarningLightBook) -> None:
    for vehicle_id in ("ix3-shanghai", "325li-beijing", "x5-phev-suzhou", "x1-2012-nanjing"):
        assert derive_alerts(vehicle(vehicle_id), lights, NOW) == [], vehicle_id


# --- battery -----------------------------------------------------------------------------------


def test_battery_just_below_20_percent_is_a_warning(lights: WarningLightBook) -> None:
    car = vehicle("ix3-shanghai", {"battery": {"soc_pct": 19.9, "range_km": 124}})
    [alert] = derive_alerts(car, lights, NOW)
    assert alert.model_dump(mode="json") == {
        "id": "battery-low",
        "severity": "warning",
        "category": "energy",
        "title": {"zh": "电量低", "en": "Battery low"},
        "advice": {
            "zh": "电量19%，续航约124公里，请尽快安排充电。",
            "en": "Battery at 19%, about 124 km of range. Plan a charging stop soon.",
        },
        "source": ["state.battery.soc_pct", "state.battery.range_km"],
        "light_id": "hv-battery-low",
    }


def test_battery_at_20_percent_is_fine(lights: WarningLightBook) -> None:
    car = vehicle("ix3-shanghai", {"battery": {"soc_pct": 20, "range_km": 124}})
    assert derive_alerts(car, lights, NOW) == []


def test_battery_below_10_percent_is_critical(lights: WarningLightBook) -> None:
    car = vehicle("ix3-shanghai", {"battery": {"soc_pct": 9.9, "range_km": 61}})
    [alert] = derive_alerts(car, lights, NOW)
    assert alert.severity is Severity.CRITICAL
    assert alert.title.en == "Battery critically low"
    assert alert.advice.en == (
        "Battery at 9%, only about 61 km of range left. Head to the nearest charger now."
    )
    assert alert.advice.zh == "电量仅剩9%，续航约61公里，请立即前往最近的充电站。"
    at_ten = vehicle("ix3-shanghai", {"battery": {"soc_pct": 10, "range_km": 61}})
    assert [a.severity for a in derive_alerts(at_ten, lights, NOW)] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("range_km", "severity"),
    [(80, None), (79, Severity.WARNING), (40, Severity.WARNING), (39, Severity.CRITICAL)],
)
def test_short_range_alone_triggers(
    lights: WarningLightBook, range_km: float, severity: Severity | None
) -> None:
    # A cold battery can show plenty of percent and little range.
    car = vehicle("i5-hangzhou", {"battery": {"soc_pct": 30, "range_km": range_km}})
    found = alerts_by_id(derive_alerts(car, lights, NOW))
    assert (found["battery-low"].severity if "battery-low" in found else None) == severity


def test_no_low_battery_alert_while_charging(lights: WarningLightBook) -> None:
    car = vehicle(
        "ix3-shanghai",
        {"battery": {"soc_pct": 5, "range_km": 30}, "charging": {"status": "CHARGING"}},
    )
    assert derive_alerts(car, lights, NOW) == []


def test_hybrid_with_empty_battery_just_uses_fuel(lights: WarningLightBook) -> None:
    car = vehicle("x5-phev-suzhou", {"battery": {"soc_pct": 2, "range_km": 1}})
    assert derive_alerts(car, lights, NOW) == []


# --- fuel --------------------------------------------------------------------------------------


def test_fuel_just_below_15_percent_is_a_warning(lights: WarningLightBook) -> None:
    car = vehicle(
        "325li-beijing", {"fuel": {"level_pct": 14.9, "remaining_l": 8.5, "range_km": 121}}
    )
    [alert] = derive_alerts(car, lights, NOW)
    assert (alert.id, alert.severity, alert.category) == (
        "fuel-low",
        Severity.WARNING,
        AlertCategory.ENERGY,
    )
    assert alert.advice.en == "Fuel at 14% (8.5 l), about 121 km of range. Refuel soon."
    assert alert.advice.zh == "油量14%（8.5升），续航约121公里，请尽快加油。"


@pytest.mark.parametrize(
    ("level_pct", "range_km", "severity"),
    [
        (15, 121, None),
        (30, 60, None),
        (30, 59, Severity.WARNING),
        (5, 40, Severity.WARNING),
        (4.9, 40, Severity.CRITICAL),
        (30, 24, Severity.CRITICAL),
    ],
)
def test_fuel_thresholds(
    lights: WarningLightBook, level_pct: float, range_km: float, severity: Severity | None
) -> None:
    car = vehicle("325li-beijing", {"fuel": {"level_pct": level_pct, "range_km": range_km}})
    found = alerts_by_id(derive_alerts(car, lights, NOW))
    assert (found["fuel-low"].severity if "fuel-low" in found else None) == severity


# --- tyres -------------------------------------------------------------------------------------


def test_tyre_exactly_10_percent_under_is_fine(lights: WarningLightBook) -> None:
    car = vehicle("i5-hangzhou", {"tires": {"rear_left": {"pressure_kpa": 225}}})
    assert "tire-low:rear_left" not in alerts_by_id(derive_alerts(car, lights, NOW))


def test_tyre_11_percent_under_is_a_warning(lights: WarningLightBook) -> None:
    car = vehicle("i5-hangzhou", {"tires": {"rear_left": {"pressure_kpa": 222.5}}})
    alert = alerts_by_id(derive_alerts(car, lights, NOW))["tire-low:rear_left"]
    assert alert.severity is Severity.WARNING
    assert alert.advice.en == (
        "Rear-left tyre at 222.5 kPa, 27.5 kPa (11%) below the 250 kPa target. "
        "Check and inflate it soon."
    )
    assert (
        alert.advice.zh
        == "左后轮胎压222.5 kPa，比标准值250 kPa低27.5 kPa（11%）。请尽快检查并充气。"
    )
    assert alert.source == [
        "state.tires.rear_left.pressure_kpa",
        "state.tires.rear_left.target_kpa",
    ]


@pytest.mark.parametrize(
    ("pressure_kpa", "severity"), [(192, Severity.WARNING), (191.9, Severity.CRITICAL)]
)
def test_tyre_more_than_20_percent_under_is_critical(
    lights: WarningLightBook, pressure_kpa: float, severity: Severity
) -> None:
    # Front targets are 240 kPa: 20 % under is 192 kPa.
    car = vehicle("i5-hangzhou", {"tires": {"front_right": {"pressure_kpa": pressure_kpa}}})
    assert (
        alerts_by_id(derive_alerts(car, lights, NOW))["tire-low:front_right"].severity is severity
    )


def test_low_tire_pressure_scenario_flags_the_rear_left_tyre(lights: WarningLightBook) -> None:
    scenario = json.loads((FIXTURES / "scenarios" / "low-tire-pressure.json").read_text("utf-8"))
    car = vehicle("i5-hangzhou", scenario["vehicles"]["i5-hangzhou"])
    found = derive_alerts(car, lights, NOW)
    # the lit tyre-pressure light is the same problem as the soft tyre: one alert, not two
    assert [(a.id, a.severity) for a in found] == [
        ("tire-low:rear_left", Severity.CRITICAL),
        ("service:CABIN_FILTER", Severity.INFO),
    ]
    assert found[0].advice.en == (
        "Rear-left tyre at 175 kPa, 75 kPa (30%) below the 250 kPa target. "
        "Slow down, stop somewhere safe and check it for a puncture."
    )
    assert found[0].source == [
        "state.tires.rear_left.pressure_kpa",
        "state.tires.rear_left.target_kpa",
        "state.check_control[0]",
    ]


def test_a_light_more_severe_than_the_reading_raises_the_merged_alert(
    lights: WarningLightBook,
) -> None:
    # 12 % under target is a warning by the reading; a car whose tyre light is red says critical
    red = lights.get("tire-pressure").model_copy(update={"severity": Severity.CRITICAL})
    book = WarningLightBook([red])
    since = "2026-06-01T07:52:00+08:00"
    car = vehicle(
        "ix3-shanghai",
        {
            "tires": {"front_right": {"pressure_kpa": 211}},
            "check_control": [{"light_id": "tire-pressure", "since": since}],
        },
    )
    found = derive_alerts(car, book, NOW)
    assert [(a.id, a.severity) for a in found] == [("tire-low:front_right", Severity.CRITICAL)]
    assert derive_alerts(car, lights, NOW)[0].severity is Severity.WARNING


def test_two_soft_tyres_share_one_light(lights: WarningLightBook) -> None:
    since = "2026-06-01T07:52:00+08:00"
    car = vehicle(
        "ix3-shanghai",
        {
            "tires": {"front_right": {"pressure_kpa": 211}, "rear_left": {"pressure_kpa": 180}},
            "check_control": [{"light_id": "tire-pressure", "since": since}],
        },
    )
    found = derive_alerts(car, lights, NOW)
    assert [a.id for a in found] == ["tire-low:rear_left", "tire-low:front_right"]
    assert found[0].source[-1] == "state.check_control[0]"  # joined the worse tyre
    assert "state.check_control[0]" not in found[1].source


# --- doors, windows, locks ---------------------------------------------------------------------


def test_openings_while_parked(lights: WarningLightBook) -> None:
    car = vehicle(
        "x5-phev-suzhou",
        {
            "security": {
                "locked": False,
                "windows_open_pct": {"rear_right": 40},
                "doors_open": {"front_left": True},
                "trunk_open": True,
                "hood_open": True,
            }
        },
    )
    found = derive_alerts(car, lights, NOW)
    assert [(a.id, a.severity) for a in found] == [
        ("door-open:front_left", Severity.WARNING),
        ("hood-open", Severity.WARNING),
        ("trunk-open", Severity.WARNING),
        ("window-open:rear_right", Severity.WARNING),
        ("unlocked-parked", Severity.INFO),
    ]
    window = found[3]
    assert window.advice.en == (
        "The car is parked and the rear-right window is 40% open. Close it before you leave."
    )
    assert window.advice.zh == "车辆停放中，右后车窗开着40%，离开前请关好。"
    assert found[0].advice.en == (
        "The car is parked and the front-left door is open. Close it before you leave."
    )


def test_no_parking_alerts_while_driving(lights: WarningLightBook) -> None:
    car = vehicle(
        "x5-phev-suzhou",
        {"motion": {"speed_kmh": 30}, "security": {"locked": False, "trunk_open": True}},
    )
    assert derive_alerts(car, lights, NOW) == []


def test_unknown_window_state_raises_no_window_alert(lights: WarningLightBook) -> None:
    car = vehicle("x1-2012-nanjing", {"security": {"locked": False}})
    assert [a.id for a in derive_alerts(car, lights, NOW)] == ["unlocked-parked"]


# --- service -----------------------------------------------------------------------------------


def test_overdue_and_pending_service(lights: WarningLightBook) -> None:
    car = vehicle(
        "325li-beijing",
        {
            "service": [
                {
                    "type": "OIL",
                    "status": "OVERDUE",
                    "due_date": "2026-05-10T12:00:00+08:00",
                    "due_km": 38000,
                },
                {
                    "type": "VEHICLE_CHECK",
                    "status": "PENDING",
                    "due_date": "2026-07-15T12:00:00+08:00",
                    "due_km": 40000,
                },
                {"type": "BRAKE_FLUID", "status": "OK", "due_date": "2027-04-01T12:00:00+08:00"},
            ]
        },
    )
    found = derive_alerts(car, lights, NOW)
    assert [(a.id, a.severity) for a in found] == [
        ("service:OIL", Severity.WARNING),
        ("service:VEHICLE_CHECK", Severity.INFO),
    ]
    oil, check = found
    assert oil.title.en == "Service overdue"
    assert oil.advice.en == (
        "Engine oil service is overdue (due 2026-05-10, 22 days ago; or at 38,000 km, 640 km ago). "
        "Book a service soon."
    )
    assert oil.advice.zh == (
        "机油保养已逾期（2026-05-10到期，已过22天；或38,000公里到期，已超640公里），请尽快预约保养。"
    )
    assert check.advice.en == (
        "Vehicle check is due soon (due 2026-07-15, in 44 days; or at 40,000 km, in 1,360 km). "
        "Book an appointment."
    )
    assert oil.source == ["state.service[0]"]


# --- warning lights, charging, freshness -------------------------------------------------------


def test_each_active_light_is_an_alert_with_its_severity(lights: WarningLightBook) -> None:
    car = vehicle(
        "x1-2012-nanjing",
        {
            "check_control": [
                {"light_id": "engine-check", "since": "2026-06-01T07:31:00+08:00"},
                {"light_id": "brake-system", "since": "2026-06-01T07:44:20+08:00"},
                {"light_id": "flux-capacitor", "since": "2026-05-30T21:05:00+08:00"},
            ]
        },
    )
    found = derive_alerts(car, lights, NOW)
    assert [(a.id, a.severity, a.light_id) for a in found] == [
        ("light:brake-system", Severity.CRITICAL, "brake-system"),
        ("light:engine-check", Severity.WARNING, "engine-check"),
        ("light:flux-capacitor", Severity.WARNING, "flux-capacitor"),
    ]
    assert found[0].title.en == "Brake system fault"
    assert found[0].advice.en == "On since 07:44. " + lights.get("brake-system").what_to_do.en
    assert found[2].title.en == "Warning light: flux-capacitor"
    assert found[2].advice.en.startswith("On since 2026-05-30 21:05. ")
    assert found[1].source == ["state.check_control[0]"]


def test_charging_error_and_its_light_are_one_alert(lights: WarningLightBook) -> None:
    car = vehicle(
        "ix3-shanghai",
        {
            "charging": {"status": "ERROR"},
            "check_control": [{"light_id": "charging-fault", "since": "2026-06-01T07:50:00+08:00"}],
        },
    )
    [alert] = derive_alerts(car, lights, NOW)
    assert (alert.id, alert.title.en) == ("charging-error", "Charging error")
    assert alert.source == ["state.charging.status", "state.check_control[0]"]


def test_a_light_without_a_matching_reading_stays_its_own_alert(lights: WarningLightBook) -> None:
    car = vehicle(
        "ix3-shanghai",
        {"check_control": [{"light_id": "charging-fault", "since": "2026-06-01T07:50:00+08:00"}]},
    )
    assert [a.id for a in derive_alerts(car, lights, NOW)] == ["light:charging-fault"]


def test_charging_error(lights: WarningLightBook) -> None:
    car = vehicle("ix3-shanghai", {"charging": {"status": "ERROR"}})
    [alert] = derive_alerts(car, lights, NOW)
    assert (alert.id, alert.severity, alert.category) == (
        "charging-error",
        Severity.WARNING,
        AlertCategory.CHARGING,
    )
    assert alert.advice.en == (
        "Charging stopped with an error at 80% (plug still connected). Check the cable and the "
        "charger, then restart charging or try another charger."
    )


def test_reading_older_than_a_day_is_flagged(lights: WarningLightBook) -> None:
    fresh_enough = vehicle(
        "i5-hangzhou", {"last_seen_at": "2026-05-31T08:00:00+08:00", "service": []}
    )
    assert derive_alerts(fresh_enough, lights, NOW) == []
    stale = vehicle("i5-hangzhou", {"last_seen_at": "2026-05-31T07:59:59+08:00", "service": []})
    [alert] = derive_alerts(stale, lights, NOW)
    assert (alert.id, alert.severity) == ("stale-data", Severity.INFO)
    assert alert.advice.en == (
        "The car last reported 1 day ago (2026-05-31 07:59); things may have changed since."
    )
    assert (
        alert.advice.zh
        == "车辆最后一次上报数据是在1天前（2026-05-31 07:59），之后情况可能已有变化。"
    )


def test_alerts_sort_critical_first_then_by_id(lights: WarningLightBook) -> None:
    car = vehicle(
        "ix3-shanghai",
        {
            "battery": {"soc_pct": 15, "range_km": 90},
            "tires": {"front_left": {"pressure_kpa": 150}},
            "security": {"locked": False, "trunk_open": True},
            "check_control": [{"light_id": "washer-fluid", "since": "2026-06-01T07:00:00+08:00"}],
        },
    )
    assert [a.id for a in derive_alerts(car, lights, NOW)] == [
        "tire-low:front_left",
        "battery-low",
        "trunk-open",
        "light:washer-fluid",
        "unlocked-parked",
    ]

"""The briefing: headline, per-topic lines with data age, and honesty about missing data."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from agents.car_genius.briefing import Briefing, BriefingTopic, SeverityCounts, build_briefing
from agents.car_genius.warning_lights import WarningLightBook, load_warning_lights
from agents.world.catalog import FleetCatalog, load_fleet_catalog

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(scope="module")
def lights() -> WarningLightBook:
    return load_warning_lights(FIXTURES / "warning_lights.json")


@pytest.fixture(scope="module")
def catalog() -> FleetCatalog:
    return load_fleet_catalog(FIXTURES)


def brief(
    catalog: FleetCatalog, lights: WarningLightBook, scenario: str | None, vid: str
) -> Briefing:
    """The briefing for one car of the world a scenario stages, at the scenario's clock."""
    fleet, clock = catalog.fresh_fleet(scenario)
    return build_briefing(fleet[vid], lights, clock)


def texts(briefing: Briefing) -> dict[BriefingTopic, str]:
    return {item.topic: item.text.en for item in briefing.items}


def test_all_good_headline(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, None, "ix3-shanghai")
    assert briefing.headline.en == (
        "All good: 80% and 497 km of range, locked, "
        "parked at Lane 1550 Gubei Road, Changning District, Shanghai."
    )
    assert (
        briefing.headline.zh
        == "一切正常：电量80%，续航497公里，已上锁，停在上海市长宁区古北路1550弄。"
    )
    assert briefing.counts == SeverityCounts(critical=0, warning=0, info=0)
    assert briefing.alerts == []
    assert briefing.unavailable == []
    assert briefing.generated_at == NOW


def test_items_cover_every_topic_with_data_age(
    catalog: FleetCatalog, lights: WarningLightBook
) -> None:
    briefing = brief(catalog, lights, None, "ix3-shanghai")
    assert [item.topic for item in briefing.items] == list(BriefingTopic)
    by_topic = {item.topic: item for item in briefing.items}
    assert by_topic[BriefingTopic.ENERGY].age_s == 78  # 07:58:42 -> 08:00:00
    assert by_topic[BriefingTopic.TIRES].age_s == 1130  # 07:41:10
    assert by_topic[BriefingTopic.SERVICE].age_s is None
    assert texts(briefing) == {
        BriefingTopic.ENERGY: "Battery 80%, 497 km of range.",
        BriefingTopic.CHARGING: "Charge target of 80% reached; plug connected.",
        BriefingTopic.SECURITY: "Locked; all doors, windows, boot and bonnet closed.",
        BriefingTopic.TIRES: "Tyre pressures OK (front-left 242, front-right 241, rear-left 251, "
        "rear-right 249 kPa).",
        BriefingTopic.CLIMATE: "Cabin 24 °C, outside 23.5 °C; climate off.",
        BriefingTopic.LOCATION: "Parked at Lane 1550 Gubei Road, Changning District, Shanghai.",
        BriefingTopic.ODOMETER: "Odometer 8,642 km.",
        BriefingTopic.SERVICE: "Next service: vehicle check (due 2027-03-01, in 273 days; "
        "or at 30,000 km, in 21,358 km).",
        BriefingTopic.CONNECTIVITY: "Online; last update 1 min ago (07:58).",
    }


def test_old_car_says_what_it_does_not_report(
    catalog: FleetCatalog, lights: WarningLightBook
) -> None:
    briefing = brief(catalog, lights, None, "x1-2012-nanjing")
    assert briefing.unavailable == ["tires", "windows", "climate", "service"]
    assert briefing.headline.en == (
        "All good as far as the car reports: fuel 55% and 413 km of range, locked, "
        "parked at Beijing West Road, Gulou District, Nanjing."
    )
    assert briefing.headline.zh.startswith("就车辆上报的数据而言一切正常：油量55%")
    by_topic = {item.topic: item for item in briefing.items}
    assert BriefingTopic.CHARGING not in by_topic  # a petrol car has nothing to charge
    unknown = {topic for topic, item in by_topic.items() if not item.available}
    assert unknown == {BriefingTopic.TIRES, BriefingTopic.CLIMATE, BriefingTopic.SERVICE}
    assert by_topic[BriefingTopic.TIRES].text.en == "This car doesn't report tyre pressures."
    assert by_topic[BriefingTopic.TIRES].age_s is None
    assert by_topic[BriefingTopic.SECURITY].text.en == (
        "Locked; doors, boot and bonnet closed; window state unknown."
    )


def test_headline_leads_with_the_worst_alert(
    catalog: FleetCatalog, lights: WarningLightBook
) -> None:
    briefing = brief(catalog, lights, "warning-lights", "x1-2012-nanjing")
    assert [a.id for a in briefing.alerts] == ["light:brake-system", "light:engine-check"]
    assert briefing.counts == SeverityCounts(critical=1, warning=1, info=0)
    brake = lights.get("brake-system")
    assert briefing.headline.en == (
        f"Brake system fault. On since 07:44. {brake.what_to_do.en} 1 more alert."
    )
    assert (
        briefing.headline.zh == f"制动系统故障。自07:44起亮起。{brake.what_to_do.zh}另有1条提醒。"
    )


def test_tyre_scenario_headline(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, "low-tire-pressure", "i5-hangzhou")
    assert briefing.headline.en == (
        "Tyre pressure low. Rear-left tyre at 175 kPa, 75 kPa (30%) below the 250 kPa target. "
        "Slow down, stop somewhere safe and check it for a puncture. 1 more alert."
    )
    assert texts(briefing)[BriefingTopic.TIRES] == (
        "Tyre pressure low: rear-left 175 kPa (target 250 kPa)."
    )


def test_only_notes_keep_the_state_first(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, None, "i5-hangzhou")
    assert briefing.counts == SeverityCounts(critical=0, warning=0, info=1)
    assert briefing.headline.en == (
        "64% and 305 km of range, locked, parked at 768 Jianghong Road, Binjiang District, "
        "Hangzhou. Service due soon."
    )


def test_charging_overnight(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, "home-charging-overnight", "ix3-shanghai")
    assert texts(briefing)[BriefingTopic.CHARGING] == (
        "Charging at 11 kW to 80%, done in about 4 h 47 min (around 03:47)."
    )
    assert briefing.headline.en.startswith(
        "All good: 35% and 217 km of range, charging to 80% (done around 03:47), locked,"
    )


def test_hybrid_energy_adds_both_ranges(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, None, "x5-phev-suzhou")
    assert texts(briefing)[BriefingTopic.ENERGY] == (
        "Battery 45% (41 km electric), fuel 62% (475 km); 516 km in total."
    )
    assert briefing.headline.en.startswith("All good: 516 km of range (battery 45%, fuel 62%)")


def test_driving_car(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, "morning-commute", "ix3-shanghai")
    assert briefing.headline.en == "All good: 76% and 472 km of range, locked, driving at 45 km/h."
    assert texts(briefing)[BriefingTopic.LOCATION] == (
        "Driving east at 45 km/h on Yan'an Elevated Road, near Jiangsu Road."
    )


def test_unlocked_in_car_park(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, "unlocked-car-park", "x5-phev-suzhou")
    assert texts(briefing)[BriefingTopic.SECURITY] == "Unlocked; rear-right window 40% open."
    assert briefing.headline.en.startswith("Window open. The car is parked and the rear-right")


def test_asleep_car_reports_its_last_contact(
    catalog: FleetCatalog, lights: WarningLightBook
) -> None:
    briefing = brief(catalog, lights, "car-asleep", "i5-hangzhou")
    assert briefing.power_state == "asleep"
    assert texts(briefing)[BriefingTopic.CONNECTIVITY] == (
        "Asleep; last update 2 days 12 h ago (2026-05-29 19:42)."
    )
    assert "stale-data" in {a.id for a in briefing.alerts}


def test_overdue_service_line(catalog: FleetCatalog, lights: WarningLightBook) -> None:
    briefing = brief(catalog, lights, "service-overdue", "325li-beijing")
    assert texts(briefing)[BriefingTopic.SERVICE] == (
        "2 service items overdue, first brake fluid change (due 2026-04-01, 61 days ago)."
    )
    # the service-due light joins the overdue items rather than counting again
    assert briefing.counts == SeverityCounts(critical=0, warning=2, info=1)


def test_every_scenario_briefs_and_round_trips_as_json(
    catalog: FleetCatalog, lights: WarningLightBook
) -> None:
    for scenario_id, scenario in catalog.scenarios.items():
        briefing = brief(catalog, lights, scenario_id, scenario.focus_vehicle)
        assert Briefing.model_validate_json(briefing.model_dump_json()) == briefing
        total = briefing.counts.critical + briefing.counts.warning + briefing.counts.info
        assert total == len(briefing.alerts)

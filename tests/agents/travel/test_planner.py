"""The trip planner: EV charging stops and their knobs, infeasible trips, fuel cars, meals,
and the energy model underneath."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agents.travel.chargers import CHINA_TZ
from agents.travel.data import load_travel_data
from agents.travel.energy import ChargeCurve, consumption_kwh_per_100km, curve_steps
from agents.travel.plan_models import PlanStatus, StopKind, TripOptions, TripPlan
from agents.travel.planner import plan_trip
from agents.travel.routing import find_route
from agents.travel.timeline import FUEL_PRICE_CNY_PER_L, MEAL_STOP_S
from agents.world.models import ChargingCurvePoint, Connector, Powertrain, VehicleSpec

DATA = load_travel_data(Path(__file__).resolve().parents[3] / "fixtures")
MORNING = datetime(2025, 10, 1, 8, 0, tzinfo=CHINA_TZ)
NIGHT = datetime(2025, 10, 1, 2, 0, tzinfo=CHINA_TZ)

# A Neue Klasse iX3-class BEV, China spec: GB/T only.
IX3 = VehicleSpec(
    powertrain=Powertrain.ELECTRIC,
    battery_net_kwh=108.7,
    consumption_kwh_per_100km=17.0,
    max_dc_kw=400,
    max_ac_kw=11,
    connectors=[Connector.GBT_DC, Connector.GBT_AC],
)
# An import with CCS2 only (no GB/T inlet).
CCS_ONLY = IX3.model_copy(update={"connectors": [Connector.CCS2, Connector.TYPE2]})
PETROL = VehicleSpec(powertrain=Powertrain.COMBUSTION, tank_l=55, fuel_l_per_100km=8.0)
PHEV = VehicleSpec(
    powertrain=Powertrain.HYBRID,
    tank_l=50,
    fuel_l_per_100km=7.0,
    battery_net_kwh=30,
    consumption_kwh_per_100km=20.0,
    max_dc_kw=60,
    connectors=[Connector.GBT_DC],
)


def plan(
    spec: VehicleSpec,
    origin: str,
    destination: str,
    departure: datetime = MORNING,
    **options: object,
) -> TripPlan:
    return plan_trip(
        DATA.graph,
        DATA.chargers,
        spec,
        origin,
        destination,
        departure=departure,
        options=TripOptions.model_validate(options),
    )


def charge_stops(p: TripPlan) -> list[int]:
    return [s.index for s in p.stops if s.kind is StopKind.CHARGE]


def test_shanghai_hangzhou_needs_no_stop() -> None:
    p = plan(IX3, "上海", "杭州", start_soc_pct=80)
    assert p.status is PlanStatus.OK
    assert p.stops == []
    assert p.energy_used_kwh is not None
    assert p.arrival_soc_pct is not None
    assert p.arrival_soc_pct == pytest.approx(80 - p.energy_used_kwh / 108.7 * 100, abs=0.06)
    # Each segment at its own average speed: 102 km/h on the G60, 48 km/h in town.
    segments = find_route(DATA.graph, "上海", "杭州").segments
    expected = sum(
        s.distance_km * consumption_kwh_per_100km(IX3, s.average_speed_kmh, 20) / 100
        for s in segments
    )
    assert p.energy_used_kwh == pytest.approx(expected, abs=0.01)
    assert p.total_cost_cny == 0
    assert p.arrival_at == p.departure_at + timedelta(seconds=p.total_time_s)


def test_shanghai_beijing_stops_respect_the_soc_knobs() -> None:
    p = plan(IX3, "上海", "北京", min_arrival_soc_pct=15, max_charge_soc_pct=75)
    assert p.status is PlanStatus.OK
    stops = [p.stops[i] for i in charge_stops(p)]
    assert len(stops) >= 2
    for stop in stops:
        assert stop.arrival_soc_pct is not None
        assert stop.departure_soc_pct is not None
        assert stop.arrival_soc_pct >= 15 - 0.05
        assert stop.departure_soc_pct <= 75 + 0.05
        assert stop.energy_added_kwh == pytest.approx(
            (stop.departure_soc_pct - stop.arrival_soc_pct) / 100 * 108.7, abs=0.1
        )
        assert stop.charger is not None
        assert stop.charger.connector is Connector.GBT_DC
        assert stop.charge_time_s is not None
        assert stop.charge_time_s > 0
        assert stop.departure_at - stop.arrival_at == timedelta(seconds=stop.duration_s)
    assert p.arrival_soc_pct is not None
    assert p.arrival_soc_pct >= 10 - 0.05
    assert p.total_time_s == p.drive_time_s + p.stop_time_s
    assert p.charge_time_s == pytest.approx(sum(s.charge_time_s or 0 for s in stops), abs=2)
    assert p.total_cost_cny == pytest.approx(sum(s.cost_cny for s in p.stops), abs=0.02)
    distances = [s.distance_along_km for s in p.stops]
    assert distances == sorted(distances)


def test_charge_cost_uses_the_price_in_force_on_arrival() -> None:
    p = plan(IX3, "上海", "北京", plan_meals=False)
    for stop in (p.stops[i] for i in charge_stops(p)):
        assert stop.charger is not None
        charger = DATA.chargers.by_id[stop.charger.id]
        price = DATA.chargers.price_at(charger, stop.arrival_at)
        assert stop.price_cny_per_kwh == price.total_cny_per_kwh
        assert stop.cost_cny == pytest.approx(
            (stop.energy_added_kwh or 0) * price.total_cny_per_kwh, abs=0.01
        )


def test_raising_the_starting_soc_never_adds_stops() -> None:
    counts = [
        len(charge_stops(plan(IX3, "上海", "北京", start_soc_pct=soc, plan_meals=False)))
        for soc in range(30, 101, 5)
    ]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]


def test_charging_to_less_than_the_maximum_when_enough() -> None:
    p = plan(IX3, "上海", "北京", plan_meals=False)
    last = p.stops[charge_stops(p)[-1]]
    assert last.departure_soc_pct is not None
    assert last.departure_soc_pct < 80
    assert p.arrival_soc_pct == pytest.approx(10, abs=0.1)


def test_tiny_battery_is_infeasible_with_the_failing_leg() -> None:
    tiny = IX3.model_copy(update={"battery_net_kwh": 20.0, "max_dc_kw": 40.0})
    p = plan(tiny, "上海", "北京")
    assert p.status is PlanStatus.INFEASIBLE
    assert p.stops == []
    assert p.arrival_at is None
    assert p.track == []
    assert p.infeasible is not None
    assert p.infeasible.failing_leg_index == 0
    assert 100 < p.infeasible.furthest_reachable_km < p.route.distance_km
    km = f"{p.infeasible.furthest_reachable_km:.0f} km"
    assert km in p.infeasible.reason.en
    assert "公里" in p.infeasible.reason.zh


def test_failing_leg_is_the_one_where_the_car_gets_stuck() -> None:
    tiny = IX3.model_copy(update={"battery_net_kwh": 20.0, "max_dc_kw": 40.0})
    p = plan_trip(
        DATA.graph,
        DATA.chargers,
        tiny,
        "上海",
        "北京",
        waypoints=["Suzhou"],
        departure=MORNING,
    )
    assert p.status is PlanStatus.INFEASIBLE
    assert p.infeasible is not None
    assert p.infeasible.failing_leg_index == 1


def test_operators_excluded_by_preference_make_it_infeasible_and_say_why() -> None:
    never = dict.fromkeys(DATA.chargers.operators, -2)
    p = plan(IX3, "上海", "北京", operator_preferences=never)
    assert p.status is PlanStatus.INFEASIBLE
    assert p.infeasible is not None
    assert "operator preferences" in p.infeasible.reason.en
    assert "运营商偏好" in p.infeasible.reason.zh
    # The car still gets as far as the battery goes: 70 % of 108.7 kWh.
    assert 400 < p.infeasible.furthest_reachable_km < 520


def test_operator_preferences_never_and_only() -> None:
    base = plan(IX3, "上海", "北京", plan_meals=False)
    used = {base.stops[i].charger.operator for i in charge_stops(base)}  # type: ignore[union-attr]
    avoided = next(iter(used))
    p = plan(IX3, "上海", "北京", plan_meals=False, operator_preferences={avoided: -2})
    assert p.status is PlanStatus.OK
    assert all(s.charger and s.charger.operator != avoided for s in p.stops)
    only = plan(IX3, "上海", "北京", plan_meals=False, operator_preferences={"jidian": 3})
    assert only.status is PlanStatus.OK
    assert {s.charger.operator for s in only.stops if s.charger} == {"jidian"}


def test_gbt_only_car_never_gets_a_ccs2_only_charger() -> None:
    p = plan(IX3, "上海", "北京", plan_meals=False, operator_preferences={"eurolink": 3})
    assert p.status is PlanStatus.INFEASIBLE  # EuroLink is CCS2-only
    ccs = plan(CCS_ONLY, "上海", "北京", plan_meals=False)
    assert ccs.status is PlanStatus.OK
    assert {s.charger.operator for s in ccs.stops if s.charger} == {"eurolink"}
    assert all(s.charger and s.charger.connector is Connector.CCS2 for s in ccs.stops)
    gbt = plan(IX3, "上海", "北京", plan_meals=False)
    assert all(s.charger and s.charger.operator != "eurolink" for s in gbt.stops)


def test_cold_weather_costs_range() -> None:
    mild = plan(IX3, "上海", "北京", plan_meals=False)
    cold = plan(IX3, "上海", "北京", plan_meals=False, outside_temp_c=-10)
    assert cold.energy_used_kwh is not None
    assert mild.energy_used_kwh is not None
    assert cold.energy_used_kwh > mild.energy_used_kwh * 1.2
    assert cold.charge_time_s > mild.charge_time_s


def test_waypoints_give_legs_with_their_energy() -> None:
    p = plan_trip(
        DATA.graph,
        DATA.chargers,
        IX3,
        "Hongqiao",
        "Nanjing",
        waypoints=["Suzhou"],
        departure=MORNING,
    )
    assert [leg.end.place_id for leg in p.legs] == ["suzhou", "nanjing"]
    assert p.energy_used_kwh == pytest.approx(sum(leg.energy_kwh or 0 for leg in p.legs), 0.01)
    assert p.distance_km == pytest.approx(sum(leg.distance_km for leg in p.legs), abs=0.2)


def test_lunch_is_marked_on_a_charging_stop_in_the_window() -> None:
    p = plan(IX3, "上海", "北京")
    lunch = [s for s in p.stops if s.meal == "lunch"]
    assert len(lunch) == 1
    local = lunch[0].arrival_at.astimezone(CHINA_TZ)
    assert 10 * 60 + 45 <= local.hour * 60 + local.minute <= 14 * 60 + 15
    assert [m.meal for m in p.meal_stops][:1] == ["lunch"]
    assert p.meal_stops[0].stop_index == lunch[0].index


def test_a_meal_stop_is_added_when_no_charging_stop_fits() -> None:
    eleven = datetime(2025, 10, 1, 11, 0, tzinfo=CHINA_TZ)
    without = plan(IX3, "上海", "杭州", departure=eleven, plan_meals=False)
    p = plan(IX3, "上海", "杭州", departure=eleven)
    (meal,) = p.stops
    assert (meal.kind, meal.meal, meal.place_id) == (StopKind.MEAL, "lunch", "changan-sa")
    assert meal.duration_s == MEAL_STOP_S
    assert p.total_time_s == without.total_time_s + MEAL_STOP_S
    assert p.meal_stops[0].place_id == "changan-sa"
    assert p.arrival_soc_pct == without.arrival_soc_pct
    # A trip outside meal times gets none.
    assert plan(IX3, "上海", "杭州", departure=NIGHT).stops == []


def test_petrol_car_gets_fuel_stops_within_its_tank() -> None:
    p = plan(PETROL, "上海", "北京", plan_meals=False)
    assert p.status is PlanStatus.OK
    fuel = [s for s in p.stops if s.kind is StopKind.FUEL]
    assert len(fuel) == 2
    for stop in fuel:
        assert stop.arrival_fuel_pct is not None
        assert stop.arrival_fuel_pct >= 10
        assert stop.departure_fuel_pct == 100
        assert stop.fuel_added_l == pytest.approx(55 * (100 - stop.arrival_fuel_pct) / 100, 0.01)
        assert stop.cost_cny == pytest.approx((stop.fuel_added_l or 0) * FUEL_PRICE_CNY_PER_L, 0.01)
        assert stop.duration_s == 600
    assert p.arrival_soc_pct is None
    assert p.energy_used_kwh is None
    assert p.fuel_used_l is not None
    assert 90 < p.fuel_used_l < 110


def test_phev_uses_the_battery_first_then_fuel() -> None:
    p = plan(PHEV, "上海", "北京", plan_meals=False)
    assert p.status is PlanStatus.OK
    assert p.energy_used_kwh == pytest.approx(30 * 0.7, abs=0.01)  # 80 % down to 10 %
    assert p.arrival_soc_pct == pytest.approx(10, abs=0.01)
    assert all(s.kind is StopKind.FUEL for s in p.stops)
    short = plan(PHEV, "上海", "Kunshan", plan_meals=False)
    assert short.fuel_used_l == 0
    assert short.arrival_fuel_pct == 100


def test_petrol_car_with_a_tiny_tank_is_infeasible() -> None:
    tiny = PETROL.model_copy(update={"tank_l": 6.0})
    p = plan(tiny, "上海", "北京", plan_meals=False)
    assert p.status is PlanStatus.INFEASIBLE
    assert p.infeasible is not None
    assert "fuel station" in p.infeasible.reason.en


def test_consumption_model_scales_with_speed_and_cold() -> None:
    assert consumption_kwh_per_100km(IX3, 100, 20) == pytest.approx(17.0)
    assert consumption_kwh_per_100km(IX3, 120, 20) == pytest.approx(17.0 * (0.6 + 0.4 * 1.44))
    # -10 °C: 25 % battery loss factor ... and 3.6 kW of heating, 3.6 kWh per 100 km at 100 km/h.
    assert consumption_kwh_per_100km(IX3, 100, -10) == pytest.approx(17.0 * 1.15 + 3.6)


def test_default_curve_is_tomtoms_and_charge_time_integrates_it() -> None:
    assert curve_steps(IX3) == [(0, 0.5), (10, 1.0), (50, 0.75), (80, 0.35), (90, 0.2)]
    fast = ChargeCurve.for_charger(IX3, 400)
    # 10→50 % at 400 kW, 50→80 % at 300 kW: 43.48 kWh and 32.61 kWh.
    assert fast.seconds(10, 50) == pytest.approx(0.4 * 108.7 / 400 * 3600)
    assert fast.seconds(10, 80) == pytest.approx(
        0.4 * 108.7 / 400 * 3600 + 0.3 * 108.7 / 300 * 3600
    )
    capped = ChargeCurve.for_charger(IX3, 120)  # the charger, not the car, limits 10-80 %
    assert capped.seconds(10, 80) == pytest.approx(0.7 * 108.7 / 120 * 3600)
    assert capped.seconds(85, 95) == pytest.approx(
        0.05 * 108.7 / 120 * 3600 + 0.05 * 108.7 / 80 * 3600
    )


def test_the_cars_own_curve_is_used_when_given() -> None:
    flat = IX3.model_copy(
        update={"charging_curve": [ChargingCurvePoint(soc_pct=0, power_fraction=0.5)]}
    )
    curve = ChargeCurve.for_charger(flat, 400)
    assert curve.seconds(10, 80) == pytest.approx(0.7 * 108.7 / 200 * 3600)
    slow = plan(flat, "上海", "北京", plan_meals=False)
    fast = plan(IX3, "上海", "北京", plan_meals=False)
    assert slow.charge_time_s > fast.charge_time_s


def test_departure_must_be_aware() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        plan(IX3, "上海", "杭州", departure=datetime(2025, 10, 1, 8, 0))


def test_departure_in_another_offset_is_the_same_instant() -> None:
    utc = plan(IX3, "上海", "北京", departure=MORNING.astimezone(UTC))
    local = plan(IX3, "上海", "北京")
    assert [s.meal for s in utc.stops] == [s.meal for s in local.stops]
    assert utc.total_time_s == local.total_time_s

"""Trip playback: position, SoC and phase at any elapsed time, consistent with the plan."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path

import pytest

from agents.travel.chargers import CHINA_TZ
from agents.travel.data import load_travel_data
from agents.travel.errors import TripNotPlayable
from agents.travel.plan_models import StopKind, TripOptions, TripPlan
from agents.travel.planner import plan_trip
from agents.travel.playback import progress_at
from agents.world.models import Connector, Powertrain, VehicleSpec

DATA = load_travel_data(Path(__file__).resolve().parents[3] / "fixtures")
MORNING = datetime(2025, 10, 1, 8, 0, tzinfo=CHINA_TZ)
IX3 = VehicleSpec(
    powertrain=Powertrain.ELECTRIC,
    battery_net_kwh=108.7,
    consumption_kwh_per_100km=17.0,
    max_dc_kw=400,
    connectors=[Connector.GBT_DC],
)
PETROL = VehicleSpec(powertrain=Powertrain.COMBUSTION, tank_l=55, fuel_l_per_100km=8.0)


def plan(spec: VehicleSpec, destination: str, **options: object) -> TripPlan:
    return plan_trip(
        DATA.graph,
        DATA.chargers,
        spec,
        "上海",
        destination,
        departure=MORNING,
        options=TripOptions.model_validate(options),
    )


BEIJING = plan(IX3, "北京")


def test_start_is_at_the_origin_with_the_starting_soc() -> None:
    start = progress_at(BEIJING, 0)
    assert start.phase == "driving"
    assert start.soc_pct == 80
    assert (start.coordinates.lat, start.coordinates.lon) == (31.2323, 121.4752)
    assert start.distance_done_km == 0
    assert start.time_remaining_s == BEIJING.total_time_s
    assert start.next_stop_index == 0


def test_arrival_has_the_soc_the_plan_predicted() -> None:
    end = progress_at(BEIJING, BEIJING.total_time_s)
    assert end.phase == "arrived"
    assert BEIJING.arrival_soc_pct is not None
    assert end.soc_pct is not None
    assert end.soc_pct == pytest.approx(BEIJING.arrival_soc_pct, abs=0.5)
    assert end.distance_remaining_km == 0
    assert end.time_remaining_s == 0
    assert end.distance_done_km == pytest.approx(BEIJING.distance_km, abs=0.1)
    assert (end.coordinates.lat, end.coordinates.lon) == (39.9042, 116.4074)
    assert progress_at(BEIJING, BEIJING.total_time_s + 3600) == end


def test_soc_at_a_charger_follows_the_stop() -> None:
    stop = next(s for s in BEIJING.stops if s.kind is StopKind.CHARGE)
    arrive = (stop.arrival_at - BEIJING.departure_at).total_seconds()
    leave = (stop.departure_at - BEIJING.departure_at).total_seconds()
    at_arrival = progress_at(BEIJING, arrive + 1)
    assert at_arrival.phase == "charging"
    assert at_arrival.stop_index == stop.index
    assert at_arrival.speed_kmh == 0
    assert at_arrival.soc_pct == pytest.approx(stop.arrival_soc_pct, abs=0.1)
    middle = progress_at(BEIJING, (arrive + leave) / 2)
    assert stop.arrival_soc_pct is not None
    assert stop.departure_soc_pct is not None
    assert stop.arrival_soc_pct < (middle.soc_pct or 0) < stop.departure_soc_pct
    assert middle.coordinates == stop.coordinates
    after = progress_at(BEIJING, leave + 1)
    assert after.phase == "driving"
    assert after.soc_pct == pytest.approx(stop.departure_soc_pct, abs=0.1)


def test_soc_rises_along_the_same_curve_the_planner_used() -> None:
    stop = next(s for s in BEIJING.stops if s.kind is StopKind.CHARGE)
    assert stop.charge_time_s is not None
    assert stop.arrival_soc_pct is not None
    half_overhead = BEIJING.options.stop_overhead_s / 2
    plugged = (stop.arrival_at - BEIJING.departure_at).total_seconds() + half_overhead
    done = progress_at(BEIJING, plugged + stop.charge_time_s)
    assert done.soc_pct == pytest.approx(stop.departure_soc_pct, abs=0.2)
    before = progress_at(BEIJING, plugged - 1)
    assert before.soc_pct == pytest.approx(stop.arrival_soc_pct, abs=0.05)


def test_driving_moves_forward_with_falling_soc() -> None:
    samples = [progress_at(BEIJING, t) for t in range(0, BEIJING.total_time_s, 600)]
    done = [p.distance_done_km for p in samples]
    assert done == sorted(done)
    driving = [p for p in samples if p.phase == "driving"]
    assert all(20 <= p.speed_kmh <= 110 for p in driving if p.speed_kmh)
    heading_north = [p.heading_deg for p in driving if p.distance_done_km > 300]
    assert sum(1 for h in heading_north if h > 270 or h < 90) > len(heading_north) * 0.6
    for a, b in itertools.pairwise(samples):
        if a.phase == b.phase == "driving" and a.next_stop_index == b.next_stop_index:
            assert (b.soc_pct or 0) <= (a.soc_pct or 0)


def test_playback_is_pure() -> None:
    before = BEIJING.model_dump()
    first = progress_at(BEIJING, 12_345)
    assert progress_at(BEIJING, 12_345) == first
    assert BEIJING.model_dump() == before
    assert first.time_remaining_s == pytest.approx(BEIJING.total_time_s - 12_345)
    assert first.distance_done_km + first.distance_remaining_km == pytest.approx(
        BEIJING.distance_km, abs=0.1
    )


def test_fuel_car_reports_fuel_and_refuels() -> None:
    p = plan(PETROL, "北京", plan_meals=False)
    stop = p.stops[0]
    arrive = (stop.arrival_at - p.departure_at).total_seconds()
    during = progress_at(p, arrive + 300)
    assert during.phase == "refueling"
    assert during.soc_pct is None
    assert stop.arrival_fuel_pct is not None
    assert stop.arrival_fuel_pct < (during.fuel_pct or 0) < 100
    end = progress_at(p, p.total_time_s)
    assert end.fuel_pct == pytest.approx(p.arrival_fuel_pct, abs=0.5)


def test_meal_stop_is_resting() -> None:
    lunch_trip = plan_trip(
        DATA.graph,
        DATA.chargers,
        IX3,
        "上海",
        "杭州",
        departure=datetime(2025, 10, 1, 11, 0, tzinfo=CHINA_TZ),
    )
    (meal,) = lunch_trip.stops
    arrive = (meal.arrival_at - lunch_trip.departure_at).total_seconds()
    resting = progress_at(lunch_trip, arrive + 60)
    assert resting.phase == "resting"
    assert resting.stop_index == 0
    assert resting.speed_kmh == 0


def test_an_infeasible_plan_cannot_be_played() -> None:
    tiny = IX3.model_copy(update={"battery_net_kwh": 20.0})
    with pytest.raises(TripNotPlayable):
        progress_at(plan(tiny, "北京"), 0)

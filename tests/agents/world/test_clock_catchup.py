"""Clock moves of any size cost a handful of steps and land exactly where small steps land."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter

from agents.catalog import Catalog
from agents.sandbox import Sandbox
from agents.travel.playback import arrival_s
from agents.travel.trips import TripPlanRequest
from agents.world.commands import CommandRequest
from agents.world.physics import DRIFT_FACTOR_PER_MIN
from agents.world.world import World
from tests.health import without_gc

COMMAND = TypeAdapter(CommandRequest)
I5_NET_KWH = 81.2
FINE_STEP = timedelta(seconds=36)
CHECKPOINTS = [
    timedelta(hours=1),
    timedelta(hours=7),
    timedelta(days=1),
    timedelta(days=365),
]


def submit(world: World, vehicle_id: str, body: dict[str, Any]) -> None:
    world.submit_command(vehicle_id, COMMAND.validate_python(body))


def busy_sandbox(catalog: Catalog) -> Sandbox:
    """Every kind of activity at once: a long trip with charging stops, a command that fails
    because the trip started, home charging by command and by patch, remote climate on three
    cars, a cabin drifting toward a cold outside, and an asleep car being woken."""
    sandbox = catalog.new_sandbox(None)
    world = sandbox.world
    plan = TripPlanRequest(vehicle_id="ix3-shanghai", destination="北京")
    trip = sandbox.trips.plan(world, catalog.travel, plan, None)
    submit(world, "ix3-shanghai", {"type": "unlock"})  # fails: the car is moving by then
    sandbox.trips.start(world, trip.trip_id)
    submit(world, "ix3-shanghai", {"type": "climate_start"})
    world.patch_state(
        "i5-hangzhou",
        {
            "battery": {"soc_pct": 30},
            "charging": {"status": "PLUGGED_IN", "plug_connected": True, "power_kw": 11},
        },
    )
    submit(world, "i5-hangzhou", {"type": "charge_start"})
    submit(world, "i5-hangzhou", {"type": "climate_start", "target_temp_c": 18})
    world.patch_state(
        "x5-phev-suzhou",
        {"charging": {"status": "CHARGING", "plug_connected": True, "power_kw": 3.7}},
    )
    world.patch_state("325li-beijing", {"climate": {"cabin_temp_c": 35, "outside_temp_c": 5}})
    submit(world, "325li-beijing", {"type": "climate_start", "target_temp_c": 20})
    world.patch_state("x1-2012-nanjing", {"security": {"locked": False}})
    submit(world, "x1-2012-nanjing", {"type": "lock"})
    world.patch_state("x5-phev-suzhou", {"power_state": "asleep"})
    submit(world, "x5-phev-suzhou", {"type": "wake"})
    return sandbox


def everything(sandbox: Sandbox) -> dict[str, Any]:
    world = sandbox.world
    return {
        "now": world.now(),
        "vehicles": {vid: v.model_dump() for vid, v in world.vehicles.items()},
        "commands": {cid: c.model_dump() for cid, c in world.commands.items()},
        "trips": [t.model_dump() for t in sandbox.trips.list()],
    }


@pytest.fixture(scope="module")
def reference(catalog: Catalog) -> tuple[datetime, dict[timedelta, dict[str, Any]]]:
    """The busy sandbox stepped 36 s at a time through its first day, then a day at a time."""
    sandbox = busy_sandbox(catalog)
    start = sandbox.world.now()
    seen: dict[timedelta, dict[str, Any]] = {}
    elapsed = timedelta(0)
    while elapsed < CHECKPOINTS[-1]:
        elapsed += FINE_STEP if elapsed < timedelta(days=1) else timedelta(days=1)
        sandbox.world.clock.set(start + elapsed)
        sandbox.world.sync()
        if elapsed in CHECKPOINTS:
            seen[elapsed] = everything(sandbox)
    return start, seen


@pytest.mark.parametrize("jump", CHECKPOINTS, ids=str)
def test_one_jump_lands_exactly_where_small_steps_do(
    catalog: Catalog,
    reference: tuple[datetime, dict[timedelta, dict[str, Any]]],
    jump: timedelta,
) -> None:
    start, seen = reference
    sandbox = busy_sandbox(catalog)
    with without_gc():
        began = time.perf_counter()
        sandbox.world.clock.set(start + jump)
        sandbox.world.sync()
        took = time.perf_counter() - began
    assert everything(sandbox) == seen[jump]
    assert took < 0.1


def test_a_year_later_every_activity_has_finished_at_its_own_moment(catalog: Catalog) -> None:
    sandbox = busy_sandbox(catalog)
    world = sandbox.world
    start = world.now()
    world.clock.set(start + timedelta(days=365))
    world.sync()
    trip = sandbox.trips.list()[0]
    assert trip.status == "arrived"
    assert trip.started_at == start
    ix3 = world.vehicles["ix3-shanghai"].state
    arrived = start + timedelta(seconds=arrival_s(trip.plan))
    assert (ix3.motion.speed_kmh, ix3.motion.updated_at) == (0, arrived)
    assert ix3.charging is not None
    assert ix3.charging.status == "NOT_CHARGING"
    statuses = {
        c.command_id: (c.vehicle_id, c.request.type, c.status) for c in world.commands.values()
    }
    assert statuses == {
        "cmd-0001": ("ix3-shanghai", "unlock", "failed"),
        "cmd-0002": ("ix3-shanghai", "climate_start", "executed"),
        "cmd-0003": ("i5-hangzhou", "charge_start", "executed"),
        "cmd-0004": ("i5-hangzhou", "climate_start", "executed"),
        "cmd-0005": ("325li-beijing", "climate_start", "executed"),
        "cmd-0006": ("x1-2012-nanjing", "lock", "executed"),
        "cmd-0007": ("x5-phev-suzhou", "wake", "executed"),
    }
    assert world.commands["cmd-0001"].failure is not None
    assert world.commands["cmd-0001"].failure.code == "IN_MOTION"
    # 30 % -> 90 % of 81.2 kWh at 11 kW from the command's execution at +5 s
    i5 = world.vehicles["i5-hangzhou"].state
    assert i5.battery is not None
    assert i5.charging is not None
    full_at = start + timedelta(seconds=5 + 0.6 * I5_NET_KWH / 11 * 3600)
    assert (i5.battery.soc_pct, i5.charging.status) == (90, "TARGET_REACHED")
    assert abs((i5.charging.updated_at - full_at).total_seconds()) < 1e-5
    x5 = world.vehicles["x5-phev-suzhou"].state
    assert x5.power_state == "online"
    assert x5.charging is not None
    assert (x5.charging.status, x5.charging.power_kw) == ("FULLY_CHARGED", 0)
    for vehicle_id in ("ix3-shanghai", "i5-hangzhou", "325li-beijing"):
        climate = world.vehicles[vehicle_id].state.climate
        assert climate is not None
        assert (climate.hvac_on, climate.remaining_s) == (False, None)
        assert climate.cabin_temp_c == climate.outside_temp_c  # settled long ago


def test_hvac_timer_ends_on_the_second_then_the_cabin_drifts(world: World) -> None:
    world.patch_state("325li-beijing", {"climate": {"cabin_temp_c": 35, "outside_temp_c": 5}})
    start = world.now()
    submit(world, "325li-beijing", {"type": "climate_start", "target_temp_c": 20})
    world.clock.set(start + timedelta(seconds=5 + 1800))
    climate = world.vehicle("325li-beijing").state.climate
    assert climate is not None
    # 0.8 °C/min reaches 20 °C from 35 °C in 18.75 min, well within the 30-minute run
    assert (climate.hvac_on, climate.cabin_temp_c, climate.remaining_s) == (False, 20, None)
    assert climate.updated_at == start + timedelta(seconds=1805)
    world.clock.advance(3600)
    climate = world.vehicle("325li-beijing").state.climate
    assert climate is not None
    assert climate.cabin_temp_c == round(5 + 15 * DRIFT_FACTOR_PER_MIN**60, 2) == 13.21


@pytest.mark.parametrize("step_s", [1, 8, 60, 3600])
def test_charging_and_drift_do_not_depend_on_the_step(world: World, step_s: int) -> None:
    world.patch_state(
        "i5-hangzhou",
        {
            "battery": {"soc_pct": 20},
            "charging": {"status": "CHARGING", "plug_connected": True, "power_kw": 7.4},
            "climate": {"cabin_temp_c": 38.5, "outside_temp_c": 12},
        },
    )
    for _ in range(7200 // step_s):
        world.clock.advance(step_s)
        world.sync()
    state = world.vehicle("i5-hangzhou").state
    assert state.battery is not None
    assert state.charging is not None
    assert state.climate is not None
    # 14.8 kWh into 81.2 kWh; the range keeps the car's own 305 km / 64 % ratio
    assert state.battery.soc_pct == round(20 + 14.8 / I5_NET_KWH * 100, 6) == 38.226601
    assert state.battery.range_km == round(38.226601 * 305 / 64, 1) == 182.2
    assert state.charging.time_to_full_min == 341  # 51.77 % of 81.2 kWh to 90 % at 7.4 kW
    assert state.climate.cabin_temp_c == round(12 + 26.5 * DRIFT_FACTOR_PER_MIN**120, 2) == 19.93


def test_setting_the_clock_back_then_forward_keeps_charging_forward(world: World) -> None:
    world.patch_state(
        "i5-hangzhou",
        {
            "battery": {"soc_pct": 20},
            "charging": {"status": "CHARGING", "plug_connected": True, "power_kw": 8.12},
        },
    )
    start = world.now()
    world.clock.set(start + timedelta(hours=1))  # +10 %
    world.sync()
    world.clock.set(start)  # states stay as they are
    world.sync()
    world.clock.set(start + timedelta(hours=1))  # another +10 % from there
    battery = world.vehicle("i5-hangzhou").state.battery
    assert battery is not None
    assert battery.soc_pct == 40

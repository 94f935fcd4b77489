from __future__ import annotations

import pytest

from agents.errors import DomainError
from agents.world.commands import ChargeStart, ClimateStart, Lock, SetChargeLimit, Unlock, Wake
from agents.world.world import World


def test_command_walks_pending_delivered_executed(world: World) -> None:
    world.patch_state("ix3-shanghai", {"security": {"locked": False}})
    command = world.submit_command("ix3-shanghai", Lock(type="lock"))
    assert command.status == "pending"
    world.clock.advance(2)
    assert world.command("ix3-shanghai", command.command_id).status == "delivered"
    assert world.vehicle("ix3-shanghai").state.security.locked is False
    world.clock.advance(3)
    done = world.command("ix3-shanghai", command.command_id)
    assert done.status == "executed"
    assert done.finished_at is not None
    assert done.finished_at.isoformat() == "2026-06-01T08:00:05+08:00"
    assert world.vehicle("ix3-shanghai").state.security.locked is True


def test_lock_while_moving_is_in_motion(world: World) -> None:
    world.patch_state("ix3-shanghai", {"motion": {"speed_kmh": 50}})
    with pytest.raises(DomainError) as info:
        world.submit_command("ix3-shanghai", Unlock(type="unlock"))
    assert info.value.code == "IN_MOTION"
    assert info.value.message.zh == "车辆行驶中，无法执行此操作。"
    assert world.commands == {}


def test_car_that_starts_moving_fails_the_pending_command(world: World) -> None:
    command = world.submit_command("ix3-shanghai", Unlock(type="unlock"))
    world.patch_state("ix3-shanghai", {"motion": {"speed_kmh": 30}})
    world.clock.advance(10)
    failed = world.command("ix3-shanghai", command.command_id)
    assert failed.status == "failed"
    assert failed.failure is not None
    assert failed.failure.code == "IN_MOTION"
    assert world.vehicle("ix3-shanghai").state.security.locked is True


def test_charge_start_unplugged(world: World) -> None:
    world.patch_state(
        "ix3-shanghai", {"charging": {"plug_connected": False}, "battery": {"soc_pct": 40}}
    )
    with pytest.raises(DomainError) as info:
        world.submit_command("ix3-shanghai", ChargeStart(type="charge_start"))
    assert info.value.code == "CHARGING_PLUG_NOT_CONNECTED"


def test_charge_start_then_the_battery_fills_at_ac_power(world: World) -> None:
    world.patch_state(
        "ix3-shanghai",
        {"battery": {"soc_pct": 50}, "charging": {"status": "PLUGGED_IN", "power_kw": 11}},
    )
    world.submit_command("ix3-shanghai", ChargeStart(type="charge_start"))
    world.clock.advance(5 + 3600)  # executes at +5 s, then one hour at 11 kW
    state = world.vehicle("ix3-shanghai").state
    assert state.charging is not None
    assert state.battery is not None
    assert state.charging.status == "CHARGING"
    # 11 kWh into 108.7 kWh net = +10.12 %
    assert state.battery.soc_pct == pytest.approx(60.12, abs=0.01)
    assert state.charging.time_to_full_min == 118  # 19.88 % of 108.7 kWh = 21.6 kWh at 11 kW
    world.clock.advance(3 * 3600)
    state = world.vehicle("ix3-shanghai").state
    assert state.charging is not None
    assert state.battery is not None
    assert state.battery.soc_pct == 80
    assert state.charging.status == "TARGET_REACHED"


def test_asleep_car_refuses_until_woken(world: World) -> None:
    world.patch_state("i5-hangzhou", {"power_state": "asleep"})
    with pytest.raises(DomainError) as info:
        world.submit_command("i5-hangzhou", ClimateStart(type="climate_start"))
    assert (info.value.code, info.value.kind) == ("VEHICLE_ASLEEP", "asleep")
    with pytest.raises(DomainError):
        world.awake_vehicle("i5-hangzhou")
    wake = world.submit_command("i5-hangzhou", Wake(type="wake"))
    world.clock.advance(9)
    assert world.command("i5-hangzhou", wake.command_id).status == "delivered"
    world.clock.advance(1)
    assert world.command("i5-hangzhou", wake.command_id).status == "executed"
    assert world.awake_vehicle("i5-hangzhou").state.power_state == "online"


def test_old_car_is_not_capable_of_climate(world: World) -> None:
    with pytest.raises(DomainError) as info:
        world.submit_command("x1-2012-nanjing", ClimateStart(type="climate_start"))
    assert (info.value.code, info.value.kind) == ("NOT_CAPABLE", "not_capable")


def test_set_charge_limit_applies(world: World) -> None:
    world.submit_command("ix3-shanghai", SetChargeLimit(type="set_charge_limit", limit_pct=90))
    world.clock.advance(5)
    charging = world.vehicle("ix3-shanghai").state.charging
    assert charging is not None
    assert charging.limit_pct == 90


def test_climate_warms_the_cabin_and_stops_after_30_minutes(world: World) -> None:
    world.patch_state("ix3-shanghai", {"climate": {"cabin_temp_c": 10, "outside_temp_c": 5}})
    world.submit_command("ix3-shanghai", ClimateStart(type="climate_start", target_temp_c=21))
    world.clock.advance(5 + 600)
    climate = world.vehicle("ix3-shanghai").state.climate
    assert climate is not None
    assert climate.cabin_temp_c == pytest.approx(18.0, abs=0.01)  # 0.8 °C/min for 10 min
    assert climate.hvac_on is True
    world.clock.advance(1800)
    climate = world.vehicle("ix3-shanghai").state.climate
    assert climate is not None
    assert climate.hvac_on is False
    assert climate.remaining_s is None

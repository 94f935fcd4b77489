"""The cabin in the domain: each control's effect, its refusals, `is_in_effect` and labels."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from agents.errors import DomainError
from agents.world.command_labels import label
from agents.world.commands import CommandRequest, CommandStatus
from agents.world.in_effect import is_in_effect
from agents.world.world import World

REQUEST: TypeAdapter[CommandRequest] = TypeAdapter(CommandRequest)
IX3, I5, X5, X1 = "ix3-shanghai", "i5-hangzhou", "x5-phev-suzhou", "x1-2012-nanjing"


def req(**fields: Any) -> CommandRequest:
    return REQUEST.validate_python(fields)


def refusal(world: World, vehicle_id: str, command: CommandRequest, **kw: Any) -> str:
    with pytest.raises(DomainError) as caught:
        world.act_in_car(vehicle_id, command, **kw)
    return caught.value.code


def test_act_in_car_applies_at_once_and_keeps_an_executed_record(world: World) -> None:
    now = world.now()
    done = world.act_in_car(
        IX3, req(type="seat_heating", seat="passenger", level=2), seat="passenger"
    )
    assert (done.status, done.origin, done.seat) == (CommandStatus.EXECUTED, "in_car", "passenger")
    assert done.created_at == done.delivered_at == done.finished_at == now
    seat = world.vehicle(IX3).state.cabin.seats.passenger
    assert (seat.heating_level, seat.ventilation_level) == (2, 0)
    assert world.vehicle(IX3).state.cabin.updated_at == now
    assert world.vehicle_commands(IX3) == [done]
    assert world.settle() == (now, [])  # nothing left open: the clock stays


def test_each_control_changes_its_state(world: World) -> None:
    steps = [
        req(type="window", window="passenger", position_pct=30),
        req(type="sunroof", position_pct=40),
        req(type="sunroof_shade", position_pct=100),
        req(type="trunk", open=True),
        req(type="seat_ventilation", seat="driver", level=3),
        req(type="steering_wheel_heating", on=True),
        req(type="defrost", zone="rear", on=True),
        req(type="ambient_light", on=True, colour="pink", brightness_pct=80),
        req(type="child_lock", on=True),
        req(type="reading_light", seat="driver", on=True),
        req(type="set_temperature", target_temp_c=25, zone="rear_right"),
    ]
    for step in steps:
        world.act_in_car(X5, step)
    s = world.vehicle(X5).state
    assert s.security.windows_open_pct is not None
    assert s.security.windows_open_pct.model_dump() == {
        "front_left": 0, "front_right": 30, "rear_left": 0, "rear_right": 0
    }  # fmt: skip
    assert s.cabin.sunroof is not None
    assert (s.cabin.sunroof.position_pct, s.cabin.sunroof.shade_position_pct) == (40, 100)
    assert s.security.sunroof_open is True
    assert s.security.trunk_open is True
    assert s.cabin.seats.driver.ventilation_level == 3
    assert s.cabin.steering_wheel_heating is True
    assert (s.cabin.defrost.front, s.cabin.defrost.rear) == (False, True)
    light = s.cabin.ambient_light
    assert (light.on, light.colour, light.brightness_pct) == (True, "pink", 80)
    assert s.cabin.child_lock is True
    assert s.cabin.seats.driver.reading_light_on is True
    assert s.climate is not None
    assert s.climate.zones.model_dump() == {"driver": 21.5, "passenger": 21.5, "rear": 25}
    assert s.climate.target_temp_c == 21.5


def test_heating_switches_ventilation_off_and_back(world: World) -> None:
    world.act_in_car(X5, req(type="seat_ventilation", seat="passenger", level=2))
    world.act_in_car(X5, req(type="seat_heating", seat="passenger", level=1))
    seat = world.vehicle(X5).state.cabin.seats.passenger
    assert (seat.heating_level, seat.ventilation_level) == (1, 0)


def test_zones_all_and_driver(world: World) -> None:
    world.act_in_car(IX3, req(type="set_temperature", target_temp_c=20, zone="passenger"))
    world.act_in_car(IX3, req(type="climate_start", target_temp_c=24, zone="driver"))
    climate = world.vehicle(IX3).state.climate
    assert climate is not None
    assert climate.hvac_on
    assert climate.zones.model_dump() == {"driver": 24, "passenger": 20, "rear": 22}
    assert climate.target_temp_c == 24
    world.act_in_car(IX3, req(type="set_temperature", target_temp_c=21))
    assert climate.zones.model_dump() == {"driver": 21, "passenger": 21, "rear": 21}


def test_window_all(world: World) -> None:
    world.act_in_car(IX3, req(type="window", window="all", position_pct=100))
    windows = world.vehicle(IX3).state.security.windows_open_pct
    assert windows is not None
    assert set(windows.model_dump().values()) == {100}


def test_refusals(world: World) -> None:
    assert refusal(world, IX3, req(type="sunroof", position_pct=50)) == "NOT_CAPABLE"
    assert (
        refusal(world, IX3, req(type="seat_ventilation", seat="driver", level=1)) == "NOT_CAPABLE"
    )
    assert (
        refusal(world, I5, req(type="seat_ventilation", seat="rear_left", level=1)) == "NOT_CAPABLE"
    )
    assert refusal(world, X1, req(type="seat_heating", seat="driver", level=1)) == "NOT_CAPABLE"
    assert refusal(world, X1, req(type="window", window="driver", position_pct=0)) == "NOT_CAPABLE"
    assert refusal(world, IX3, req(type="seat_heating", seat="rear_left", level=1)) == "SEAT_EMPTY"
    assert (
        refusal(world, IX3, req(type="reading_light", seat="rear_right", on=True)) == "SEAT_EMPTY"
    )
    # Switching off an empty seat's heating is fine; the passenger seat is not a rear one.
    world.act_in_car(IX3, req(type="seat_heating", seat="rear_left", level=0))
    world.act_in_car(IX3, req(type="seat_heating", seat="passenger", level=3))
    world.patch_state(IX3, {"motion": {"speed_kmh": 30}})
    assert refusal(world, IX3, req(type="trunk", open=True)) == "IN_MOTION"
    world.patch_state(X5, {"motion": {"speed_kmh": 130}})
    assert refusal(world, X5, req(type="window", window="all", position_pct=60)) == "SPEED_TOO_HIGH"
    assert refusal(world, X5, req(type="sunroof", position_pct=10)) == "SPEED_TOO_HIGH"
    world.act_in_car(X5, req(type="window", window="driver", position_pct=50))  # the limit
    world.act_in_car(X5, req(type="sunroof_shade", position_pct=100))  # the shade may move
    world.patch_state(IX3, {"power_state": "asleep"})
    assert refusal(world, IX3, req(type="child_lock", on=True)) == "VEHICLE_ASLEEP"
    # A refusal changes nothing and keeps no record.
    assert [c.request.type for c in world.vehicle_commands(IX3)] == ["seat_heating"] * 2


def test_occupied_rear_seat_heats(world: World) -> None:
    world.restart("road-trip-ready")
    seats = world.vehicle(IX3).state.cabin.seats
    assert (seats.rear_left.occupant, seats.passenger.occupant) == ("王小雨", "李娜")
    world.act_in_car(IX3, req(type="seat_heating", seat="rear_left", level=2), seat="rear_left")
    assert seats.rear_left.heating_level == 2


def test_remote_cabin_command_walks_the_lifecycle_and_rechecks(world: World) -> None:
    sent = world.submit_command(IX3, req(type="trunk", open=True))
    assert sent.status is CommandStatus.PENDING
    assert sent.origin == "remote"
    world.patch_state(IX3, {"motion": {"speed_kmh": 20}})
    world.settle()
    failed = world.command(IX3, sent.command_id)
    assert failed.status is CommandStatus.FAILED
    assert failed.failure is not None
    assert failed.failure.code == "IN_MOTION"
    assert world.vehicle(IX3).state.security.trunk_open is False


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        ({"type": "lock"}, True, True),
        ({"type": "unlock"}, False, True),
        ({"type": "climate_stop"}, True, True),
        ({"type": "climate_start"}, False, True),
        ({"type": "set_temperature", "target_temp_c": 22}, True, True),
        ({"type": "set_temperature", "target_temp_c": 26, "zone": "passenger"}, False, True),
        ({"type": "charge_stop"}, True, True),
        ({"type": "set_charge_limit", "limit_pct": 80}, True, True),
        ({"type": "set_charge_limit", "limit_pct": 90}, False, False),
        ({"type": "honk"}, False, False),
        ({"type": "window", "window": "all", "position_pct": 0}, True, True),
        ({"type": "window", "window": "driver", "position_pct": 20}, False, True),
        ({"type": "seat_heating", "seat": "driver", "level": 2}, False, True),
        ({"type": "seat_heating", "seat": "driver", "level": 0}, True, True),
        ({"type": "trunk", "open": True}, False, True),
        ({"type": "steering_wheel_heating", "on": True}, False, True),
        ({"type": "defrost", "zone": "front", "on": True}, False, True),
        ({"type": "ambient_light", "on": True, "colour": "red"}, False, True),
        ({"type": "ambient_light", "on": False}, True, True),
        ({"type": "reading_light", "seat": "passenger", "on": False}, True, True),
        ({"type": "child_lock", "on": True}, False, True),
    ],
)
def test_is_in_effect(world: World, command: dict[str, Any], before: bool, after: bool) -> None:
    request = req(**command)
    vehicle = world.vehicle(IX3)
    assert is_in_effect(vehicle, request) is before
    if not command["type"].startswith("charge") and command["type"] != "set_charge_limit":
        world.act_in_car(IX3, request)
        assert is_in_effect(vehicle, request) is after


def test_sunroof_in_effect_only_on_cars_with_one(world: World) -> None:
    closed = req(type="sunroof", position_pct=0)
    assert is_in_effect(world.vehicle(I5), closed) is True
    assert is_in_effect(world.vehicle(IX3), closed) is False


@pytest.mark.parametrize(
    ("command", "zh", "en"),
    [
        ({"type": "seat_heating", "seat": "passenger", "level": 2},
         "打开座椅加热（副驾，2档）", "passenger seat heating to level 2"),
        ({"type": "seat_ventilation", "seat": "driver", "level": 0},
         "关闭座椅通风（主驾）", "turn off the driver's seat ventilation"),
        ({"type": "window", "window": "rear_left", "position_pct": 30},
         "把左后车窗打开到30%", "open the rear left window to 30%"),
        ({"type": "window", "window": "all", "position_pct": 0},
         "关闭所有车窗", "close all windows"),
        ({"type": "trunk", "open": True}, "打开后备箱", "open the boot"),
        ({"type": "set_temperature", "target_temp_c": 24.5, "zone": "passenger"},
         "把副驾温度调到24.5°C", "set the temperature for the passenger seat to 24.5 °C"),
        ({"type": "climate_start", "target_temp_c": 22}, "打开空调（22°C）",
         "turn on the climate at 22 °C"),
        ({"type": "lock"}, "锁车", "lock the car"),
        ({"type": "child_lock", "on": False}, "关闭儿童锁", "turn off the child lock"),
    ],
)  # fmt: skip
def test_labels(command: dict[str, Any], zh: str, en: str) -> None:
    assert label(req(**command)).model_dump() == {"zh": zh, "en": en}


@pytest.mark.parametrize(
    "command",
    [
        {"type": "seat_heating", "seat": "driver", "level": 7},
        {"type": "seat_heating", "seat": "driver", "level": True},
        {"type": "seat_heating", "seat": "boot", "level": 1},
        {"type": "window", "window": "driver", "position_pct": -1},
        {"type": "window", "window": "driver", "position_pct": float("nan")},
        {"type": "window", "window": "driver", "position_pct": 10**30},
        {"type": "window", "window": "driver", "position_pct": "50"},
        {"type": "sunroof", "position_pct": 12.5},
        {"type": "ambient_light", "on": True, "colour": "octarine"},
        {"type": "trunk", "open": "yes"},
        {"type": "set_temperature", "target_temp_c": 22, "zone": "boot"},
    ],
)
def test_bad_requests_do_not_validate(command: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        req(**command)


def test_patch_target_sets_every_zone_and_bad_cabin_patch_changes_nothing(world: World) -> None:
    world.patch_state(IX3, {"climate": {"target_temp_c": 19}})
    climate = world.vehicle(IX3).state.climate
    assert climate is not None
    assert climate.zones.model_dump() == {"driver": 19, "passenger": 19, "rear": 19}
    with pytest.raises(DomainError):
        world.patch_state(IX3, {"cabin": {"seats": {"rear_left": {"occupant": "Ghost"}}}})
    world.patch_state(IX3, {"cabin": {"seats": {"rear_left": {"occupied": True}}}})
    world.act_in_car(IX3, req(type="seat_heating", seat="rear_left", level=1))

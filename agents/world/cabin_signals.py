"""The cabin under its COVESA VSS paths.

Seat climate is served under both names VSS has used: `Seat.*.Heating` and `.Ventilation`
(0-100 %, VSS 3.x-4.x) and `Seat.*.HeatingCooling` (-100..100, VSS 5.0 on: positive heats,
negative ventilates). Our levels 0-3 map to 0, 33, 67, 100 %. The steering wheel is VSS 5.0's
`Vehicle.Chassis.SteeringWheel.HeatingCooling`; lights, HVAC stations (`Row1.Driver` ...) and seat
positions (`Row1.DriverSide` ...) follow VSS 4.0 on. A control the model lacks is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from agents.world.cabin import COLOUR_HEX, MAX_LEVEL, SEATS, ClimateZone, Seat
from agents.world.models import Capability, Vehicle

Value = float | int | bool | str | None
Put = Callable[[str, Value, str | None, datetime | None], None]

SEAT_POSITIONS: dict[Seat, str] = {
    "driver": "Row1.DriverSide",
    "passenger": "Row1.PassengerSide",
    "rear_left": "Row2.DriverSide",
    "rear_right": "Row2.PassengerSide",
}
# HVAC stations: both rear stations read the shared rear zone.
STATIONS: dict[str, ClimateZone] = {
    "Row1.Driver": "driver",
    "Row1.Passenger": "passenger",
    "Row2.Driver": "rear",
    "Row2.Passenger": "rear",
}
SEAT_CLIMATE = ("Heating", "Ventilation", "HeatingCooling")


def level_pct(level: int) -> int:
    return round(level * 100 / MAX_LEVEL)


def put_cabin_signals(vehicle: Vehicle, put: Put) -> None:
    s = vehicle.state
    cabin, caps, at = s.cabin, set(vehicle.capabilities), s.cabin.updated_at or s.last_seen_at
    for seat in SEATS:
        base = f"Vehicle.Cabin.Seat.{SEAT_POSITIONS[seat]}"
        state = cabin.seats.of(seat)
        put(f"{base}.IsOccupied", state.occupied, None, at)
        rear = seat.startswith("rear")
        heats = (Capability.REAR_SEAT_HEATING if rear else Capability.SEAT_HEATING) in caps
        vents = (Capability.REAR_SEAT_VENTILATION if rear else Capability.SEAT_VENTILATION) in caps
        heat, vent = level_pct(state.heating_level), level_pct(state.ventilation_level)
        if heats:
            put(f"{base}.Heating", heat, "percent", at)
        if vents:
            put(f"{base}.Ventilation", vent, "percent", at)
        if heats or vents:
            put(f"{base}.HeatingCooling", heat or -vent, "percent", at)
        if Capability.READING_LIGHTS in caps:
            spot = f"Vehicle.Cabin.Light.Spotlight.{SEAT_POSITIONS[seat]}.IsLightOn"
            put(spot, state.reading_light_on, None, at)
    if cabin.sunroof is not None:
        put("Vehicle.Cabin.Sunroof.Position", cabin.sunroof.position_pct, "percent", at)
        put("Vehicle.Cabin.Sunroof.Shade.Position", cabin.sunroof.shade_position_pct, "percent", at)
    if Capability.STEERING_WHEEL_HEATING in caps:
        wheel = 100 if cabin.steering_wheel_heating else 0
        put("Vehicle.Chassis.SteeringWheel.HeatingCooling", wheel, "percent", at)
    if Capability.DEFROST in caps:
        put("Vehicle.Cabin.HVAC.IsFrontDefrosterActive", cabin.defrost.front, None, at)
        put("Vehicle.Cabin.HVAC.IsRearDefrosterActive", cabin.defrost.rear, None, at)
    if Capability.AMBIENT_LIGHT in caps:
        light = cabin.ambient_light
        for position in SEAT_POSITIONS.values():
            base = f"Vehicle.Cabin.Light.AmbientLight.{position}"
            put(f"{base}.IsLightOn", light.on, None, at)
            put(f"{base}.Color", COLOUR_HEX[light.colour], None, at)
            put(f"{base}.Intensity", light.brightness_pct, "percent", at)
    if Capability.CHILD_LOCK in caps:
        for side in ("DriverSide", "PassengerSide"):
            put(f"Vehicle.Cabin.Door.Row2.{side}.IsChildLockActive", cabin.child_lock, None, at)
    if s.climate is not None:
        for station, zone in STATIONS.items():
            target = s.climate.zones.of(zone)
            path = f"Vehicle.Cabin.HVAC.Station.{station}.Temperature"
            put(path, target, "celsius", s.climate.updated_at)


def cabin_paths() -> list[str]:
    paths = [
        "Vehicle.Cabin.Sunroof.Position",
        "Vehicle.Cabin.Sunroof.Shade.Position",
        "Vehicle.Chassis.SteeringWheel.HeatingCooling",
        "Vehicle.Cabin.HVAC.IsFrontDefrosterActive",
        "Vehicle.Cabin.HVAC.IsRearDefrosterActive",
    ]
    for position in SEAT_POSITIONS.values():
        seat = f"Vehicle.Cabin.Seat.{position}"
        paths += [f"{seat}.IsOccupied", *(f"{seat}.{name}" for name in SEAT_CLIMATE)]
        paths.append(f"Vehicle.Cabin.Light.Spotlight.{position}.IsLightOn")
        light = f"Vehicle.Cabin.Light.AmbientLight.{position}"
        paths += [f"{light}.IsLightOn", f"{light}.Color", f"{light}.Intensity"]
    paths += [
        f"Vehicle.Cabin.Door.Row2.{side}.IsChildLockActive"
        for side in ("DriverSide", "PassengerSide")
    ]
    paths += [f"Vehicle.Cabin.HVAC.Station.{station}.Temperature" for station in STATIONS]
    return paths

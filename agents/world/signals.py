"""The vehicle's state under COVESA VSS (v6.0) signal paths, in VSS's own units (the cabin's are
in cabin_signals.py, with the spec versions each name comes from).

VSS uses metres for distances and ranges and seconds for durations, so values are converted here;
each signal carries its unit and the time the car reported it. Signals the car doesn't report are
absent, as on a VSS server.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from agents.errors import InvalidInput
from agents.text import bi
from agents.world.cabin_signals import cabin_paths, put_cabin_signals
from agents.world.models import ChargingStatus, ServiceStatus, Vehicle

Value = float | int | bool | str | None

# VSS position -> our field name.
WHEELS = {
    "Row1.Wheel.Left": "front_left",
    "Row1.Wheel.Right": "front_right",
    "Row2.Wheel.Left": "rear_left",
    "Row2.Wheel.Right": "rear_right",
}
DOORS = {
    "Row1.DriverSide": "front_left",
    "Row1.PassengerSide": "front_right",
    "Row2.DriverSide": "rear_left",
    "Row2.PassengerSide": "rear_right",
}
LOW_PRESSURE_RATIO = 0.9


class Signal(BaseModel):
    path: str = Field(examples=["Vehicle.Speed"])
    value: Value = Field(examples=[0.0])
    unit: str | None = Field(examples=["km/h"])
    timestamp: AwareDatetime | None


def all_signals(vehicle: Vehicle, now: datetime) -> dict[str, Signal]:
    out: dict[str, Signal] = {}

    def put(path: str, value: Value, unit: str | None, stamp: datetime | None) -> None:
        out[path] = Signal(path=path, value=value, unit=unit, timestamp=stamp)

    s = vehicle.state
    m = s.motion
    put("Vehicle.Speed", m.speed_kmh, "km/h", m.updated_at)
    put("Vehicle.IsMoving", m.speed_kmh > 0, None, m.updated_at)
    put("Vehicle.TraveledDistance", round(m.odometer_km * 1000), "m", m.updated_at)
    put("Vehicle.Powertrain.Type", vehicle.spec.powertrain.value, None, None)
    ranges = [p for p in (s.battery, s.fuel) if p is not None]
    if ranges:
        total_m = round(sum(p.range_km for p in ranges) * 1000)
        put("Vehicle.Powertrain.Range", total_m, "m", max(p.updated_at for p in ranges))
    if s.location is not None:
        loc, at = s.location, s.location.updated_at
        put("Vehicle.CurrentLocation.Latitude", loc.coordinates.lat, "degrees", at)
        put("Vehicle.CurrentLocation.Longitude", loc.coordinates.lon, "degrees", at)
        put("Vehicle.CurrentLocation.Heading", loc.heading_deg, "degrees", at)
    tb = "Vehicle.Powertrain.TractionBattery"
    if vehicle.spec.battery_net_kwh is not None:
        put(f"{tb}.NetCapacity", vehicle.spec.battery_net_kwh, "kWh", None)
    if s.battery is not None:
        put(f"{tb}.StateOfCharge.Current", s.battery.soc_pct, "percent", s.battery.updated_at)
        put(f"{tb}.Range", round(s.battery.range_km * 1000), "m", s.battery.updated_at)
    if s.charging is not None:
        c, at = s.charging, s.charging.updated_at
        put(f"{tb}.Charging.IsCharging", c.status is ChargingStatus.CHARGING, None, at)
        put(f"{tb}.Charging.IsChargingCableConnected", c.plug_connected, None, at)
        put(f"{tb}.Charging.ChargeLimit", c.limit_pct, "percent", at)
        put(f"{tb}.Charging.ChargeRate", c.power_kw, "kW", at)
        ttc = None if c.time_to_full_min is None else c.time_to_full_min * 60
        put(f"{tb}.Charging.TimeToComplete", ttc, "s", at)
    if s.fuel is not None:
        f, at = s.fuel, s.fuel.updated_at
        put("Vehicle.Powertrain.FuelSystem.RelativeLevel", f.level_pct, "percent", at)
        put("Vehicle.Powertrain.FuelSystem.Range", round(f.range_km * 1000), "m", at)
    if s.tires is not None:
        for vss, wheel in WHEELS.items():
            tire = getattr(s.tires, wheel)
            base = f"Vehicle.Chassis.Axle.{vss}.Tire"
            put(f"{base}.Pressure", tire.pressure_kpa, "kPa", s.tires.updated_at)
            low = tire.pressure_kpa < LOW_PRESSURE_RATIO * tire.target_kpa
            put(f"{base}.IsPressureLow", low, None, s.tires.updated_at)
    sec = s.security
    for vss, door in DOORS.items():
        base = f"Vehicle.Cabin.Door.{vss}"
        put(f"{base}.IsLocked", sec.locked, None, sec.updated_at)
        put(f"{base}.IsOpen", getattr(sec.doors_open, door), None, sec.updated_at)
        if sec.windows_open_pct is not None:
            position = getattr(sec.windows_open_pct, door)
            put(f"{base}.Window.Position", position, "percent", sec.updated_at)
    put("Vehicle.Body.Trunk.Rear.IsOpen", sec.trunk_open, None, sec.updated_at)
    put("Vehicle.Body.Hood.IsOpen", sec.hood_open, None, sec.updated_at)
    if s.climate is not None:
        cl, at = s.climate, s.climate.updated_at
        put("Vehicle.Cabin.HVAC.AmbientAirTemperature", cl.cabin_temp_c, "celsius", at)
        put("Vehicle.Cabin.HVAC.IsAirConditioningActive", cl.hvac_on, None, at)
        put("Vehicle.Exterior.AirTemperature", cl.outside_temp_c, "celsius", at)
    put_cabin_signals(vehicle, put)
    if s.service:
        due = any(i.status is not ServiceStatus.OK for i in s.service)
        put("Vehicle.Service.IsServiceDue", due, None, s.last_seen_at)
        kms = [i.due_km for i in s.service if i.due_km is not None]
        if kms:
            put("Vehicle.Service.DistanceToService", round(min(kms) - m.odometer_km, 1), "km", None)
        dates = [i.due_date for i in s.service if i.due_date is not None]
        if dates:
            seconds = round((min(dates) - now).total_seconds())
            put("Vehicle.Service.TimeToService", seconds, "s", None)
    return out


def read_signals(vehicle: Vehicle, paths: Iterable[str] | None, now: datetime) -> list[Signal]:
    """Signals for the given paths or branches (`Vehicle.Cabin.*`); all when `paths` is None."""
    available = all_signals(vehicle, now)
    if paths is None:
        return [available[p] for p in sorted(available)]
    chosen: dict[str, Signal] = {}
    for raw in paths:
        prefix = raw.removesuffix(".*")
        if not any(p == prefix or p.startswith(prefix + ".") for p in SUPPORTED_PATHS):
            raise InvalidInput(
                bi("未知的信号路径。", "Unknown signal path."),
                hint=f"'{raw}' is not a supported VSS path or branch.",
                extra={"known": SUPPORTED_PATHS},
            )
        for path in sorted(available):
            if path == prefix or path.startswith(prefix + "."):
                chosen.setdefault(path, available[path])
    return list(chosen.values())


def _supported_paths() -> list[str]:
    base = [
        "Vehicle.Speed",
        "Vehicle.IsMoving",
        "Vehicle.TraveledDistance",
        "Vehicle.Powertrain.Type",
        "Vehicle.Powertrain.Range",
        "Vehicle.CurrentLocation.Latitude",
        "Vehicle.CurrentLocation.Longitude",
        "Vehicle.CurrentLocation.Heading",
        "Vehicle.Powertrain.TractionBattery.NetCapacity",
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
        "Vehicle.Powertrain.TractionBattery.Range",
        "Vehicle.Powertrain.TractionBattery.Charging.IsCharging",
        "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected",
        "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit",
        "Vehicle.Powertrain.TractionBattery.Charging.ChargeRate",
        "Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete",
        "Vehicle.Powertrain.FuelSystem.RelativeLevel",
        "Vehicle.Powertrain.FuelSystem.Range",
        "Vehicle.Body.Trunk.Rear.IsOpen",
        "Vehicle.Body.Hood.IsOpen",
        "Vehicle.Cabin.HVAC.AmbientAirTemperature",
        "Vehicle.Cabin.HVAC.IsAirConditioningActive",
        "Vehicle.Exterior.AirTemperature",
        "Vehicle.Service.IsServiceDue",
        "Vehicle.Service.DistanceToService",
        "Vehicle.Service.TimeToService",
    ]
    for vss in WHEELS:
        base += [f"Vehicle.Chassis.Axle.{vss}.Tire.Pressure"]
        base += [f"Vehicle.Chassis.Axle.{vss}.Tire.IsPressureLow"]
    for vss in DOORS:
        d = f"Vehicle.Cabin.Door.{vss}"
        base += [f"{d}.IsLocked", f"{d}.IsOpen", f"{d}.Window.Position"]
    return sorted(base + cabin_paths())


SUPPORTED_PATHS = _supported_paths()

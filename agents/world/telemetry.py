"""Telemetry frames: the compact live view of a car that a dashboard streams."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from agents.text import Bilingual
from agents.world.models import ChargingStatus, Coordinates, PowerState, Vehicle


class TelemetryFrame(BaseModel):
    vehicle_id: str = Field(examples=["ix3-shanghai"])
    seq: int = Field(description="Frame number in this stream, from 1")
    as_of: AwareDatetime
    power_state: PowerState
    speed_kmh: float
    odometer_km: float
    soc_pct: float | None
    fuel_pct: float | None
    range_km: float | None
    charging_status: ChargingStatus | None
    charge_power_kw: float | None
    coordinates: Coordinates | None
    heading_deg: float | None
    address: Bilingual | None = Field(
        default=None, description="Where the car is, in words (while driving: the nearest place)"
    )
    cabin_temp_c: float | None
    locked: bool
    trip_id: str | None
    distance_remaining_km: float | None
    time_remaining_s: int | None = Field(
        description="Time left to the destination in seconds; 0 once the car has arrived"
    )


def frame(vehicle: Vehicle, now: datetime, seq: int) -> TelemetryFrame:
    s = vehicle.state
    ranges = [p.range_km for p in (s.battery, s.fuel) if p is not None]
    return TelemetryFrame(
        vehicle_id=vehicle.id,
        seq=seq,
        as_of=now,
        power_state=s.power_state,
        speed_kmh=s.motion.speed_kmh,
        odometer_km=s.motion.odometer_km,
        soc_pct=s.battery.soc_pct if s.battery else None,
        fuel_pct=s.fuel.level_pct if s.fuel else None,
        range_km=round(sum(ranges), 1) if ranges else None,
        charging_status=s.charging.status if s.charging else None,
        charge_power_kw=s.charging.power_kw if s.charging else None,
        coordinates=s.location.coordinates if s.location else None,
        heading_deg=s.location.heading_deg if s.location else None,
        address=s.location.address if s.location else None,
        cabin_temp_c=s.climate.cabin_temp_c if s.climate else None,
        locked=s.security.locked,
        trip_id=s.navigation.trip_id if s.navigation else None,
        distance_remaining_km=s.navigation.distance_remaining_km if s.navigation else None,
        time_remaining_s=s.navigation.time_remaining_s if s.navigation else None,
    )

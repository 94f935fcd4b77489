"""Read models: what a client sees of a vehicle, with the age of every reading."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, Field, computed_field

from agents.text import Bilingual
from agents.world import errors
from agents.world.models import (
    Capability,
    CheckControlMessage,
    PowerState,
    Powertrain,
    ServiceItem,
    Vehicle,
)
from agents.world.restrictions import UxRestriction, ux_restriction

T = TypeVar("T")


class Reading(BaseModel, Generic[T]):
    """One focused read: the data plus when the car reported it and how old that is now."""

    vehicle_id: str = Field(examples=["ix3-shanghai"])
    as_of: AwareDatetime = Field(description="The sim clock when this was read")
    updated_at: AwareDatetime | None = Field(description="When the car last reported it")
    age_s: float | None = Field(description="as_of - updated_at, in seconds", examples=[42.0])
    data: T


class VehicleSnapshot(Vehicle):
    """The full vehicle with the freshness of its last report."""

    as_of: AwareDatetime
    age_s: float = Field(description="Seconds since the car last reported", examples=[42.0])

    @computed_field(  # type: ignore[prop-decorator]
        description="What the driver may be shown or asked now (Android's CarUxRestrictions)"
    )
    @property
    def ux_restriction(self) -> UxRestriction:
        return ux_restriction(self)


class VehicleSummary(BaseModel):
    id: str = Field(examples=["ix3-shanghai"])
    name: Bilingual
    model: str = Field(examples=["iX3 50 xDrive"])
    # Known while the car sleeps too: a console names the car it shows without waking it.
    plate: str = Field(examples=["沪A·D71234"])
    powertrain: Powertrain
    power_state: PowerState
    soc_pct: float | None = Field(examples=[82.0])
    fuel_pct: float | None = Field(examples=[None])
    range_km: float | None = Field(examples=[412.0])
    locked: bool
    speed_kmh: float
    address: Bilingual | None


class OdometerData(BaseModel):
    odometer_km: float = Field(examples=[12034.5])
    speed_kmh: float = Field(examples=[0.0])


class ServiceData(BaseModel):
    items: list[ServiceItem]
    software_version: str = Field(examples=["26-03-520"])


class CheckControlData(BaseModel):
    messages: list[CheckControlMessage]


def age_s(now: datetime, updated_at: datetime | None) -> float | None:
    return None if updated_at is None else round((now - updated_at).total_seconds(), 3)


def snapshot(vehicle: Vehicle, now: datetime) -> VehicleSnapshot:
    return VehicleSnapshot.model_construct(
        **dict(vehicle),
        as_of=now,
        age_s=age_s(now, vehicle.state.last_seen_at) or 0.0,
    )


def summary(vehicle: Vehicle) -> VehicleSummary:
    s = vehicle.state
    ranges = [p.range_km for p in (s.battery, s.fuel) if p is not None]
    return VehicleSummary(
        id=vehicle.id,
        name=vehicle.name,
        model=vehicle.model,
        plate=vehicle.plate,
        powertrain=vehicle.spec.powertrain,
        power_state=s.power_state,
        soc_pct=s.battery.soc_pct if s.battery else None,
        fuel_pct=s.fuel.level_pct if s.fuel else None,
        range_km=round(sum(ranges), 1) if ranges else None,
        locked=s.security.locked,
        speed_kmh=s.motion.speed_kmh,
        address=s.location.address if s.location else None,
    )


def reading(vehicle: Vehicle, now: datetime, data: T, updated_at: datetime | None) -> Reading[T]:
    return Reading[T](
        vehicle_id=vehicle.id,
        as_of=now,
        updated_at=updated_at,
        age_s=age_s(now, updated_at),
        data=data,
    )


def require(vehicle: Vehicle, section: T | None, feature: str) -> T:
    """A section the car doesn't report is a capability it lacks (501 NOT_CAPABLE)."""
    if section is None:
        raise errors.NotCapable(vehicle.id, feature)
    return section


def require_capability(vehicle: Vehicle, capability: Capability) -> None:
    if capability not in vehicle.capabilities:
        raise errors.NotCapable(vehicle.id, capability.value)

"""Commands (MyBMW-style phone services, and the cabin controls of cabin_commands.py): what can be
asked, when a car refuses, and what each one does to the car once executed.

A command walks pending -> delivered -> executed (or failed) as the sim clock advances, like the
real INITIATED -> PENDING -> DELIVERED -> EXECUTED lifecycle. Refusals that the car's state makes
certain are raised at once; the state is checked again at execution, when it may have changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field

from agents.errors import DomainError
from agents.text import Bilingual
from agents.world import cabin_commands as cabin
from agents.world import errors
from agents.world.cabin import SEAT_ZONE, Seat
from agents.world.models import (
    Capability,
    ChargingStatus,
    Climate,
    Coordinates,
    Model,
    Navigation,
    PowerState,
    Vehicle,
)

# Simulated latencies of the backend -> car round trip.
DELIVERY_DELAY = timedelta(seconds=2)
EXECUTION_DELAY = timedelta(seconds=5)
WAKE_EXECUTION_DELAY = timedelta(seconds=10)
CLIMATE_RUN_S = 1800


class _Command(Model):
    pass


class Lock(_Command):
    type: Literal["lock"]


class Unlock(_Command):
    type: Literal["unlock"]


Zone = Seat | Literal["all"]
ZONE_NOTE = "The seat whose zone gets the target; `all` (the default) sets every zone"


class ClimateStart(_Command):
    type: Literal["climate_start"]
    target_temp_c: float | None = Field(default=None, ge=16, le=30, examples=[22])
    zone: Zone = Field(default="all", description=ZONE_NOTE)


class ClimateStop(_Command):
    type: Literal["climate_stop"]


class SetTemperature(_Command):
    type: Literal["set_temperature"]
    target_temp_c: float = Field(ge=16, le=30, examples=[21.5])
    zone: Zone = Field(default="all", description=ZONE_NOTE)


class ChargeStart(_Command):
    type: Literal["charge_start"]


class ChargeStop(_Command):
    type: Literal["charge_stop"]


class SetChargeLimit(_Command):
    type: Literal["set_charge_limit"]
    limit_pct: int = Field(ge=50, le=100, examples=[80])


class FlashLights(_Command):
    type: Literal["flash_lights"]


class Honk(_Command):
    type: Literal["honk"]


class Wake(_Command):
    type: Literal["wake"]


class Destination(Model):
    name: str = Field(min_length=1, max_length=120, examples=["杭州西湖"])
    coordinates: Coordinates


class SendDestination(_Command):
    type: Literal["send_destination"]
    destination: Destination


CommandRequest = Annotated[
    Lock
    | Unlock
    | ClimateStart
    | ClimateStop
    | SetTemperature
    | ChargeStart
    | ChargeStop
    | SetChargeLimit
    | FlashLights
    | Honk
    | Wake
    | SendDestination
    | cabin.CabinCommand,
    Field(discriminator="type"),
]

# The remote commands' capabilities; a cabin command's may depend on its seat (cabin_commands).
REQUIRED_CAPABILITY: dict[str, Capability | None] = {
    "lock": Capability.REMOTE_LOCK,
    "unlock": Capability.REMOTE_LOCK,
    "climate_start": Capability.REMOTE_CLIMATE,
    "climate_stop": Capability.REMOTE_CLIMATE,
    "set_temperature": Capability.REMOTE_CLIMATE,
    "charge_start": Capability.REMOTE_CHARGING,
    "charge_stop": Capability.REMOTE_CHARGING,
    "set_charge_limit": Capability.CHARGE_LIMIT,
    "flash_lights": Capability.FLASH_LIGHTS,
    "honk": Capability.HONK,
    "wake": None,
    "send_destination": Capability.SEND_DESTINATION,
}


class CommandStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    EXECUTED = "executed"
    FAILED = "failed"


class CommandFailure(BaseModel):
    code: str
    message: Bilingual


class Command(BaseModel):
    """A command's record, as `GET .../commands/{command_id}` shows it."""

    command_id: str = Field(examples=["cmd-ix3-shanghai-0001"])
    vehicle_id: str
    request: CommandRequest
    origin: Literal["remote", "in_car"] = Field(
        default="remote",
        description="`remote`: sent from the phone (walks the lifecycle); `in_car`: done at once",
    )
    seat: Seat | None = Field(default=None, description="Who asked, for in-car commands")
    status: CommandStatus
    created_at: AwareDatetime
    delivered_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    failure: CommandFailure | None = None

    def due_delivery(self) -> datetime:
        return self.created_at + DELIVERY_DELAY

    def due_execution(self) -> datetime:
        delay = WAKE_EXECUTION_DELAY if self.request.type == "wake" else EXECUTION_DELAY
        return self.created_at + delay


def check(vehicle: Vehicle, request: CommandRequest) -> None:
    """Raise the refusal a real car would give for this request in this state, if any."""
    kind = request.type
    capability = (
        cabin.required_capability(request)
        if isinstance(request, cabin.CabinCommand)
        else REQUIRED_CAPABILITY[kind]
    )
    if capability is not None and capability not in vehicle.capabilities:
        raise errors.NotCapable(vehicle.id, capability.value)
    state = vehicle.state
    if kind == "wake":
        return
    if state.power_state is not PowerState.ONLINE:
        raise errors.VehicleAsleep(vehicle.id)
    if isinstance(request, cabin.CabinCommand):
        cabin.check_state(vehicle, request)
        return
    moving = state.motion.speed_kmh > 0
    if kind in ("lock", "unlock") and moving:
        raise errors.in_motion()
    if kind == "lock":
        s = state.security
        if any(s.doors_open.model_dump().values()) or s.trunk_open or s.hood_open:
            raise errors.door_open()
    if kind in ("charge_start", "charge_stop", "set_charge_limit"):
        charging = state.charging
        if charging is None or state.battery is None:
            raise errors.NotCapable(vehicle.id, "charging")
        if kind == "charge_start":
            if not charging.plug_connected:
                raise errors.plug_not_connected()
            if charging.status is ChargingStatus.CHARGING:
                raise errors.charging_in_progress()
            if state.battery.soc_pct >= charging.limit_pct:
                raise errors.charge_limit_reached(charging.limit_pct)
        if kind == "charge_stop" and charging.status is not ChargingStatus.CHARGING:
            raise errors.not_charging()
    if kind in ("climate_start", "set_temperature") and state.climate is None:
        raise errors.NotCapable(vehicle.id, "climate_state")


def apply(vehicle: Vehicle, request: CommandRequest, now: datetime) -> None:
    """Carry out an executed command on the car's state."""
    state = vehicle.state
    match request:
        case Lock() | Unlock():
            state.security.locked = isinstance(request, Lock)
            state.security.updated_at = now
        case ClimateStart(target_temp_c=target, zone=zone) if state.climate is not None:
            state.climate.hvac_on = True
            if target is not None:
                set_target(state.climate, zone, target)
            state.climate.remaining_s = CLIMATE_RUN_S
            state.climate.updated_at = now
        case ClimateStop() if state.climate is not None:
            state.climate.hvac_on = False
            state.climate.remaining_s = None
            state.climate.updated_at = now
        case SetTemperature(target_temp_c=target, zone=zone) if state.climate is not None:
            set_target(state.climate, zone, target)
            state.climate.updated_at = now
        case ChargeStart() if state.charging is not None:
            state.charging.status = ChargingStatus.CHARGING
            state.charging.updated_at = now
        case ChargeStop() if state.charging is not None:
            state.charging.status = ChargingStatus.FINISHED_NOT_FULL
            state.charging.power_kw = 0
            state.charging.time_to_full_min = None
            state.charging.updated_at = now
        case SetChargeLimit(limit_pct=limit) if state.charging is not None:
            state.charging.limit_pct = limit
            state.charging.updated_at = now
        case Wake():
            state.power_state = PowerState.ONLINE
        case SendDestination(destination=dest):
            state.navigation = Navigation(
                destination_name=dest.name, coordinates=dest.coordinates, updated_at=now
            )
        case FlashLights() | Honk():
            pass  # no lasting state change; the journal and the command record show it
        case _ if isinstance(request, cabin.CabinCommand):
            cabin.apply(vehicle, request, now)
        case _:
            pass
    state.last_seen_at = now


def set_target(climate: Climate, zone: Zone, target: float) -> None:
    """Set one zone's target (the driver zone's is also `target_temp_c`), or every zone's."""
    if zone == "all":
        climate.target_temp_c = target
        for name in ("driver", "passenger", "rear"):
            setattr(climate.zones, name, target)
        return
    setattr(climate.zones, SEAT_ZONE[zone], target)
    if SEAT_ZONE[zone] == "driver":
        climate.target_temp_c = target


def failure_of(error: DomainError) -> CommandFailure:
    return CommandFailure(code=error.code, message=error.message)

"""Cabin commands: windows, sunroof and shade, boot, seat and wheel heating, ventilation, defrost,
ambient and reading lights, child lock. What each needs, when a car refuses it, and what it does.

Spoken in the car they act at once (`World.act_in_car`); sent from the phone they walk the remote
lifecycle like any command. The refusals are the same either way:
- IN_MOTION: the boot (tailgate) is not operated while the car moves.
- SPEED_TOO_HIGH: above `FAST_KMH` a window opens at most `WINDOW_MAX_PCT_WHEN_FAST` % and the
  sunroof does not open further (wind buffeting and noise, as real cars limit them).
- SEAT_EMPTY: a rear seat's heating, ventilation or reading light is not switched on while
  nobody sits there (switching off always works).
- NOT_CAPABLE: the model lacks the control (no sunroof, no ventilated or heated rear seats...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from agents.world import errors
from agents.world.cabin import REAR_SEATS, SEAT_DOOR, SEATS, AmbientColour, Level, Seat
from agents.world.model_base import Model, json_number
from agents.world.models import Capability, Vehicle

FAST_KMH = 120.0
WINDOW_MAX_PCT_WHEN_FAST = 50

Position = Annotated[int, Field(ge=0, le=100, examples=[30]), BeforeValidator(json_number)]
Brightness = Annotated[int, Field(ge=0, le=100, examples=[60]), BeforeValidator(json_number)]


class SetWindow(Model):
    type: Literal["window"]
    window: Seat | Literal["all"] = Field(description="The window beside this seat, or all four")
    position_pct: Position = Field(description="0 closed, 100 fully open")


class SetSunroof(Model):
    type: Literal["sunroof"]
    position_pct: Position = Field(description="0 closed, 100 fully open")


class SetSunroofShade(Model):
    type: Literal["sunroof_shade"]
    position_pct: Position = Field(description="0 closed, 100 fully open")


class SetTrunk(Model):
    """The boot; on an SUV the tailgate."""

    type: Literal["trunk"]
    open: bool = Field(strict=True)


class SetSeatHeating(Model):
    type: Literal["seat_heating"]
    seat: Seat
    level: Level = Field(description="0 off, 1-3 the heating step", examples=[2])


class SetSeatVentilation(Model):
    type: Literal["seat_ventilation"]
    seat: Seat
    level: Level = Field(description="0 off, 1-3 the ventilation step", examples=[2])


class SetSteeringWheelHeating(Model):
    type: Literal["steering_wheel_heating"]
    on: bool = Field(strict=True)


class SetDefrost(Model):
    type: Literal["defrost"]
    zone: Literal["front", "rear"] = Field(description="Windscreen (front) or rear window")
    on: bool = Field(strict=True)


class SetAmbientLight(Model):
    type: Literal["ambient_light"]
    on: bool = Field(strict=True)
    colour: AmbientColour | None = Field(default=None, description="Unchanged when omitted")
    brightness_pct: Brightness | None = Field(default=None, description="Unchanged when omitted")


class SetReadingLight(Model):
    type: Literal["reading_light"]
    seat: Seat
    on: bool = Field(strict=True)


class SetChildLock(Model):
    type: Literal["child_lock"]
    on: bool = Field(strict=True)


CabinCommand = (
    SetWindow
    | SetSunroof
    | SetSunroofShade
    | SetTrunk
    | SetSeatHeating
    | SetSeatVentilation
    | SetSteeringWheelHeating
    | SetDefrost
    | SetAmbientLight
    | SetReadingLight
    | SetChildLock
)
CABIN_TYPES: frozenset[str] = frozenset(
    {
        "window",
        "sunroof",
        "sunroof_shade",
        "trunk",
        "seat_heating",
        "seat_ventilation",
        "steering_wheel_heating",
        "defrost",
        "ambient_light",
        "reading_light",
        "child_lock",
    }
)


def window_seats(request: SetWindow) -> tuple[Seat, ...]:
    return SEATS if request.window == "all" else (request.window,)


def required_capability(request: CabinCommand) -> Capability:
    match request:
        case SetWindow():
            return Capability.WINDOW_CONTROL
        case SetSunroof() | SetSunroofShade():
            return Capability.SUNROOF
        case SetTrunk():
            return Capability.POWER_TAILGATE
        case SetSeatHeating(seat=seat):
            rear = seat in REAR_SEATS
            return Capability.REAR_SEAT_HEATING if rear else Capability.SEAT_HEATING
        case SetSeatVentilation(seat=seat):
            rear = seat in REAR_SEATS
            return Capability.REAR_SEAT_VENTILATION if rear else Capability.SEAT_VENTILATION
        case SetSteeringWheelHeating():
            return Capability.STEERING_WHEEL_HEATING
        case SetDefrost():
            return Capability.DEFROST
        case SetAmbientLight():
            return Capability.AMBIENT_LIGHT
        case SetReadingLight():
            return Capability.READING_LIGHTS
        case SetChildLock():
            return Capability.CHILD_LOCK


def check_state(vehicle: Vehicle, request: CabinCommand) -> None:
    """The refusals the cabin's state gives (capability and power are checked before)."""
    state = vehicle.state
    speed = state.motion.speed_kmh
    match request:
        case SetWindow(position_pct=wanted):
            windows = state.security.windows_open_pct
            if windows is None:
                raise errors.NotCapable(vehicle.id, Capability.WINDOW_STATE.value)
            opening = any(wanted > getattr(windows, SEAT_DOOR[s]) for s in window_seats(request))
            if speed > FAST_KMH and wanted > WINDOW_MAX_PCT_WHEN_FAST and opening:
                raise errors.speed_too_high(FAST_KMH)
        case SetSunroof(position_pct=wanted) | SetSunroofShade(position_pct=wanted):
            sunroof = state.cabin.sunroof
            if sunroof is None:
                raise errors.NotCapable(vehicle.id, Capability.SUNROOF.value)
            fast = speed > FAST_KMH
            if isinstance(request, SetSunroof) and fast and wanted > sunroof.position_pct:
                raise errors.speed_too_high(FAST_KMH)
        case SetTrunk():
            if speed > 0:
                raise errors.in_motion()
        case SetSeatHeating(seat=seat, level=level) | SetSeatVentilation(seat=seat, level=level):
            _require_sitter(vehicle, seat, level > 0)
        case SetReadingLight(seat=seat, on=on):
            _require_sitter(vehicle, seat, on)
        case _:
            pass


def _require_sitter(vehicle: Vehicle, seat: Seat, switching_on: bool) -> None:
    if switching_on and seat in REAR_SEATS and not vehicle.state.cabin.seats.of(seat).occupied:
        raise errors.seat_empty(seat)


def apply(vehicle: Vehicle, request: CabinCommand, now: datetime) -> None:
    """Carry out a cabin command on the car's state (after `check_state` passed)."""
    state = vehicle.state
    cabin = state.cabin
    seats = cabin.seats
    match request:
        case SetWindow(position_pct=position) if state.security.windows_open_pct is not None:
            for seat in window_seats(request):
                setattr(state.security.windows_open_pct, SEAT_DOOR[seat], position)
            state.security.updated_at = now
            return
        case SetTrunk(open=open_):
            state.security.trunk_open = open_
            state.security.updated_at = now
            return
        case SetSunroof(position_pct=position) if cabin.sunroof is not None:
            cabin.sunroof.position_pct = position
            state.security.sunroof_open = position > 0
            state.security.updated_at = now
        case SetSunroofShade(position_pct=position) if cabin.sunroof is not None:
            cabin.sunroof.shade_position_pct = position
        case SetSeatHeating(seat=seat, level=level):
            # A seat heats or ventilates, not both: one switches the other off.
            seats.of(seat).heating_level = level
            if level > 0:
                seats.of(seat).ventilation_level = 0
        case SetSeatVentilation(seat=seat, level=level):
            seats.of(seat).ventilation_level = level
            if level > 0:
                seats.of(seat).heating_level = 0
        case SetSteeringWheelHeating(on=on):
            cabin.steering_wheel_heating = on
        case SetDefrost(zone=zone, on=on):
            setattr(cabin.defrost, zone, on)
        case SetAmbientLight(on=on, colour=colour, brightness_pct=brightness):
            cabin.ambient_light.on = on
            if colour is not None:
                cabin.ambient_light.colour = colour
            if brightness is not None:
                cabin.ambient_light.brightness_pct = brightness
        case SetReadingLight(seat=seat, on=on):
            seats.of(seat).reading_light_on = on
        case SetChildLock(on=on):
            cabin.child_lock = on
        case _:
            return
    cabin.updated_at = now

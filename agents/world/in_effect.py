"""Whether a command would change nothing: lock when locked, seat heat already at that level.

The dialogue answers "already ..." instead of asking to confirm such a command. A pure function
of the car's state; commands with no lasting state (honk, flash the lights) are never in effect.
"""

from __future__ import annotations

from agents.world import commands as cmd
from agents.world.cabin import SEAT_DOOR, SEAT_ZONE
from agents.world.cabin_commands import (
    SetAmbientLight,
    SetChildLock,
    SetDefrost,
    SetReadingLight,
    SetSeatHeating,
    SetSeatVentilation,
    SetSteeringWheelHeating,
    SetSunroof,
    SetSunroofShade,
    SetTrunk,
    SetWindow,
    window_seats,
)
from agents.world.models import ChargingStatus, Climate, PowerState, Vehicle


def is_in_effect(vehicle: Vehicle, request: cmd.CommandRequest) -> bool:
    state = vehicle.state
    cabin = state.cabin
    match request:
        case cmd.Lock():
            return state.security.locked
        case cmd.Unlock():
            return not state.security.locked
        case cmd.ClimateStart(target_temp_c=target, zone=zone):
            climate = state.climate
            return (
                climate is not None
                and climate.hvac_on
                and (target is None or _target_is(climate, zone, target))
            )
        case cmd.ClimateStop():
            return state.climate is not None and not state.climate.hvac_on
        case cmd.SetTemperature(target_temp_c=target, zone=zone):
            return state.climate is not None and _target_is(state.climate, zone, target)
        case cmd.ChargeStart():
            return state.charging is not None and state.charging.status is ChargingStatus.CHARGING
        case cmd.ChargeStop():
            return (
                state.charging is not None and state.charging.status is not ChargingStatus.CHARGING
            )
        case cmd.SetChargeLimit(limit_pct=limit):
            return state.charging is not None and state.charging.limit_pct == limit
        case cmd.Wake():
            return state.power_state is PowerState.ONLINE
        case cmd.SendDestination(destination=dest):
            nav = state.navigation
            return nav is not None and (nav.destination_name, nav.coordinates) == (
                dest.name,
                dest.coordinates,
            )
        case SetWindow(position_pct=position):
            windows = state.security.windows_open_pct
            return windows is not None and all(
                getattr(windows, SEAT_DOOR[seat]) == position for seat in window_seats(request)
            )
        case SetSunroof(position_pct=position):
            return cabin.sunroof is not None and cabin.sunroof.position_pct == position
        case SetSunroofShade(position_pct=position):
            return cabin.sunroof is not None and cabin.sunroof.shade_position_pct == position
        case SetTrunk(open=open_):
            return state.security.trunk_open == open_
        case SetSeatHeating(seat=seat, level=level):
            return cabin.seats.of(seat).heating_level == level
        case SetSeatVentilation(seat=seat, level=level):
            return cabin.seats.of(seat).ventilation_level == level
        case SetSteeringWheelHeating(on=on):
            return cabin.steering_wheel_heating == on
        case SetDefrost(zone=zone, on=on):
            return bool(getattr(cabin.defrost, zone) == on)
        case SetAmbientLight(on=on, colour=colour, brightness_pct=brightness):
            light = cabin.ambient_light
            if not on:
                return not light.on
            return (
                light.on
                and colour in (None, light.colour)
                and brightness in (None, light.brightness_pct)
            )
        case SetReadingLight(seat=seat, on=on):
            return cabin.seats.of(seat).reading_light_on == on
        case SetChildLock(on=on):
            return cabin.child_lock == on
        case _:
            return False  # honk, flash the lights: each one is a new event


def _target_is(climate: Climate, zone: cmd.Zone, target: float) -> bool:
    if zone == "all":
        zones = climate.zones
        return climate.target_temp_c == zones.driver == zones.passenger == zones.rear == target
    return climate.zones.of(SEAT_ZONE[zone]) == target

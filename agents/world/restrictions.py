"""UX restriction state, as Android Automotive's CarUxRestrictions has it: what the driver may be
shown or asked to do right now. Lists are shortened and distracting actions refused while moving.
"""

from __future__ import annotations

from enum import StrEnum

from agents.world.models import PowerState, Vehicle

# Below this the car is standing (creeping in a queue still counts as standing).
MOVING_ABOVE_KMH = 3.0
# While moving, a list read out or shown holds at most this many items.
MOVING_LIST_CAP = 3


class UxRestriction(StrEnum):
    PARKED = "parked"
    IDLING = "idling"
    MOVING = "moving"


def ux_restriction(vehicle: Vehicle) -> UxRestriction:
    """The restriction level the car's state implies; a pure function of the state."""
    state = vehicle.state
    if state.motion.speed_kmh > MOVING_ABOVE_KMH:
        return UxRestriction.MOVING
    if state.power_state is PowerState.ONLINE and state.navigation is not None:
        # On a trip and standing (lights, queue): idling, not parked.
        return UxRestriction.IDLING
    return UxRestriction.PARKED


def list_cap(vehicle: Vehicle, wanted: int) -> int:
    """How many items of a list may be presented now."""
    if ux_restriction(vehicle) is UxRestriction.MOVING:
        return min(wanted, MOVING_LIST_CAP)
    return wanted

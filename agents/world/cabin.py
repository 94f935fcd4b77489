"""The cabin: seats and who sits in them, the sunroof, seat and wheel heating, defrost, lights and
the child lock.

Window positions and the boot stay where the car has always reported them
(`security.windows_open_pct`, `security.trunk_open`), so there is one truth for each; the seat
names below map onto those doors. The cars are left-hand drive (China): the driver sits front left.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BeforeValidator, Field, model_validator

from agents.text import Bilingual, bi
from agents.world.model_base import Model, Percent, json_number

Seat = Literal["driver", "passenger", "rear_left", "rear_right"]
SEATS: tuple[Seat, ...] = ("driver", "passenger", "rear_left", "rear_right")
REAR_SEATS: frozenset[Seat] = frozenset({"rear_left", "rear_right"})

# The door (and window) beside each seat, by `Doors`/`Windows` field name.
SEAT_DOOR: dict[Seat, str] = {
    "driver": "front_left",
    "passenger": "front_right",
    "rear_left": "rear_left",
    "rear_right": "rear_right",
}

ClimateZone = Literal["driver", "passenger", "rear"]
# Three-zone climate: both rear seats share the rear zone.
SEAT_ZONE: dict[Seat, ClimateZone] = {
    "driver": "driver",
    "passenger": "passenger",
    "rear_left": "rear",
    "rear_right": "rear",
}

SEAT_NAMES: dict[Seat, Bilingual] = {
    "driver": bi("主驾", "driver's"),
    "passenger": bi("副驾", "passenger"),
    "rear_left": bi("左后", "rear left"),
    "rear_right": bi("右后", "rear right"),
}

MAX_LEVEL = 3
# Seat heating and ventilation steps, 0 (off) to 3, as the buttons have them.
Level = Annotated[int, Field(ge=0, le=MAX_LEVEL), BeforeValidator(json_number)]


class AmbientColour(StrEnum):
    """The named colours the ambient light offers."""

    WHITE = "white"
    AMBER = "amber"
    RED = "red"
    ORANGE = "orange"
    GREEN = "green"
    BLUE = "blue"
    PURPLE = "purple"
    PINK = "pink"


COLOUR_NAMES: dict[AmbientColour, Bilingual] = {
    AmbientColour.WHITE: bi("白色", "white"),
    AmbientColour.AMBER: bi("琥珀色", "amber"),
    AmbientColour.RED: bi("红色", "red"),
    AmbientColour.ORANGE: bi("橙色", "orange"),
    AmbientColour.GREEN: bi("绿色", "green"),
    AmbientColour.BLUE: bi("蓝色", "blue"),
    AmbientColour.PURPLE: bi("紫色", "purple"),
    AmbientColour.PINK: bi("粉色", "pink"),
}

# VSS `...AmbientLight...Color` is an RGB hex string.
COLOUR_HEX: dict[AmbientColour, str] = {
    AmbientColour.WHITE: "FFFFFF",
    AmbientColour.AMBER: "FFBF00",
    AmbientColour.RED: "FF0000",
    AmbientColour.ORANGE: "FF8000",
    AmbientColour.GREEN: "00FF00",
    AmbientColour.BLUE: "0040FF",
    AmbientColour.PURPLE: "8000FF",
    AmbientColour.PINK: "FF60C0",
}


class SeatState(Model):
    occupied: bool = Field(default=False, description="Someone sits here (the seat's sensor)")
    occupant: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description="Who sits here, when known",
        examples=["王磊"],
    )
    heating_level: Level = 0
    ventilation_level: Level = 0
    reading_light_on: bool = False

    @model_validator(mode="after")
    def _named_means_occupied(self) -> Self:
        if self.occupant is not None and not self.occupied:
            raise ValueError("a seat with an occupant must be occupied")
        return self


def _driver_seat() -> SeatState:
    return SeatState(occupied=True)


class Seats(Model):
    driver: SeatState = Field(default_factory=_driver_seat)
    passenger: SeatState = Field(default_factory=SeatState)
    rear_left: SeatState = Field(default_factory=SeatState)
    rear_right: SeatState = Field(default_factory=SeatState)

    def of(self, seat: Seat) -> SeatState:
        found: SeatState = getattr(self, seat)
        return found


class Sunroof(Model):
    """0 closed, 100 fully open; the shade likewise."""

    position_pct: Percent = 0
    shade_position_pct: Percent = 0


class Defrost(Model):
    front: bool = False
    rear: bool = False


class AmbientLight(Model):
    on: bool = False
    colour: AmbientColour = AmbientColour.WHITE
    brightness_pct: Percent = 60


class Cabin(Model):
    """What the cabin's controls are set to, and who sits where."""

    seats: Seats = Field(default_factory=Seats)
    sunroof: Sunroof | None = Field(default=None, description="None: the model has no sunroof")
    steering_wheel_heating: bool = False
    defrost: Defrost = Field(default_factory=Defrost)
    ambient_light: AmbientLight = Field(default_factory=AmbientLight)
    child_lock: bool = Field(default=False, description="The rear doors' child lock")
    updated_at: AwareDatetime | None = Field(
        default=None, description="When a cabin control last changed (None: not since the start)"
    )

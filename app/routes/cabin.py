"""In-car controls: a command spoken or pressed inside the car acts at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from agents.world.cabin import Seat
from agents.world.commands import Command, CommandRequest
from app.deps import WorldDep
from app.examples import CABIN_REQUESTS, ok
from app.problems import problem_responses

router = APIRouter(prefix="/v1/vehicles", tags=["commands"])


class InCarRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command: CommandRequest = Field(description="Any command; typically a cabin control")
    seat: Seat = Field(default="driver", description="The seat of whoever asks")


@router.post(
    "/{vehicle_id}/cabin",
    summary="Act in the car (cabin controls)",
    description=(
        "Carries out a command as if asked inside the car: windows, sunroof and shade, boot, "
        "seat heating and ventilation, steering-wheel heating, defrost, ambient and reading "
        "lights, child lock, per-zone climate (and any remote command too). No lifecycle: it is "
        "checked, applied at the current sim time and answered 200 with the command record, "
        "already `executed` (`origin: in_car`, `seat` the asker's). The same types sent to "
        "`POST .../commands` walk the remote lifecycle instead. Refusals, with a `message` for "
        "the occupants: 404 `VEHICLE_NOT_FOUND`, 408 `VEHICLE_ASLEEP`, 409 `IN_MOTION` (the boot "
        "while moving), `SPEED_TOO_HIGH` (above 120 km/h a window opens at most 50 % and the "
        "sunroof no further), `SEAT_EMPTY` (a rear seat's heating, ventilation or reading light "
        "switched on with nobody there), and the remote commands' state refusals; 422 "
        "`VALIDATION_ERROR` (level 0-3, positions 0-100, the four seats), 501 `NOT_CAPABLE` (no "
        "sunroof, no ventilated seats...), 429 `COMMAND_LIMIT`."
    ),
    responses={200: ok("act_in_car"), **problem_responses(404, 408, 409, 422, 429, 501)},
)
async def act_in_car(
    vehicle_id: str,
    world: WorldDep,
    request: Annotated[InCarRequest, Body(openapi_examples=CABIN_REQUESTS)],
) -> Command:
    return world.act_in_car(vehicle_id, request.command, seat=request.seat)

"""Remote commands and digital keys (the phone-app services)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from agents.world.commands import Command, CommandRequest, CommandStatus
from agents.world.keys import DigitalKey, ShareKeyRequest
from app.deps import WorldDep
from app.problems import problem_responses

router = APIRouter(prefix="/v1/vehicles", tags=["commands"])


class CommandAccepted(BaseModel):
    command_id: str = Field(examples=["cmd-0001"])
    status: CommandStatus = Field(examples=["pending"])


COMMAND_EXAMPLES = {
    "lock": {"summary": "Lock", "value": {"type": "lock"}},
    "climate": {
        "summary": "Start climate at 22 °C",
        "value": {"type": "climate_start", "target_temp_c": 22},
    },
    "limit": {
        "summary": "Charge limit 80 %",
        "value": {"type": "set_charge_limit", "limit_pct": 80},
    },
    "wake": {"summary": "Wake the car", "value": {"type": "wake"}},
    "destination": {
        "summary": "Send a destination",
        "value": {
            "type": "send_destination",
            "destination": {"name": "杭州西湖", "coordinates": {"lat": 30.2431, "lon": 120.1503}},
        },
    },
}


@router.post(
    "/{vehicle_id}/commands",
    status_code=202,
    summary="Send a remote command",
    description=(
        "Accepted commands walk `pending → delivered → executed | failed` as the sim clock "
        "advances (delivered after 2 s, executed after 5 s; wake after 10 s). Refusals that the "
        "car's state makes certain answer at once with a problem and a `message` for the driver."
    ),
    responses=problem_responses(404, 408, 409, 422, 501),
)
async def send_command(
    vehicle_id: str,
    world: WorldDep,
    request: Annotated[CommandRequest, Body(openapi_examples=COMMAND_EXAMPLES)],
) -> CommandAccepted:
    command = world.submit_command(vehicle_id, request)
    return CommandAccepted(command_id=command.command_id, status=command.status)


@router.get("/{vehicle_id}/commands", summary="List a vehicle's commands")
async def list_commands(vehicle_id: str, world: WorldDep) -> list[Command]:
    return world.vehicle_commands(vehicle_id)


@router.get(
    "/{vehicle_id}/commands/{command_id}",
    summary="A command's progress",
    responses=problem_responses(404),
)
async def get_command(vehicle_id: str, command_id: str, world: WorldDep) -> Command:
    return world.command(vehicle_id, command_id)


@router.get("/{vehicle_id}/keys", summary="Digital keys", tags=["keys"])
async def list_keys(vehicle_id: str, world: WorldDep) -> list[DigitalKey]:
    return world.keys_of(vehicle_id)


@router.post(
    "/{vehicle_id}/keys",
    status_code=201,
    summary="Share a digital key",
    tags=["keys"],
    responses=problem_responses(404, 422, 501),
)
async def share_key(vehicle_id: str, request: ShareKeyRequest, world: WorldDep) -> DigitalKey:
    return world.share_key(vehicle_id, request)


@router.delete(
    "/{vehicle_id}/keys/{key_id}",
    summary="Revoke a shared key",
    tags=["keys"],
    responses=problem_responses(404, 422, 501),
)
async def revoke_key(vehicle_id: str, key_id: str, world: WorldDep) -> DigitalKey:
    return world.revoke_key(vehicle_id, key_id)

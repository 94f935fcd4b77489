"""Remote commands and digital keys (the phone-app services)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from agents.world.commands import Command, CommandRequest, CommandStatus
from agents.world.keys import DigitalKey, ShareKeyRequest
from app.deps import WorldDep
from app.examples import COMMAND_REQUESTS, KEY_REQUESTS, ok
from app.problems import problem_responses

router = APIRouter(prefix="/v1/vehicles", tags=["commands"])


class CommandAccepted(BaseModel):
    command_id: str = Field(examples=["cmd-0001"])
    status: CommandStatus = Field(examples=["pending"])


@router.post(
    "/{vehicle_id}/commands",
    status_code=202,
    summary="Send a remote command",
    description=(
        "Queues a command for this sandbox's car and answers 202 with its id at once. Accepted "
        "commands walk `pending → delivered → executed | failed` as the sim clock advances "
        "(delivered after 2 s, executed after 5 s; wake after 10 s): poll "
        "`GET .../commands/{command_id}` after moving the clock. Executing changes the car's "
        "state (locks, climate, charging...). Refusals that the car's state makes certain answer "
        "at once, with a `message` for the driver and often a `resolution`: 404 "
        "`VEHICLE_NOT_FOUND`, 408 `VEHICLE_ASLEEP` (send `wake` first), 409 `IN_MOTION`, "
        "`DOOR_OPEN`, `CHARGING_PLUG_NOT_CONNECTED`, `CHARGING_IN_PROGRESS`, `NOT_CHARGING`, "
        "`CHARGE_LIMIT_REACHED`, 501 `NOT_CAPABLE` (a petrol car asked to charge), 429 "
        "`COMMAND_LIMIT` when every kept command is still under way."
    ),
    responses={202: ok("send_command"), **problem_responses(404, 408, 409, 422, 501)},
)
async def send_command(
    vehicle_id: str,
    world: WorldDep,
    request: Annotated[CommandRequest, Body(openapi_examples=COMMAND_REQUESTS)],
) -> CommandAccepted:
    command = world.submit_command(vehicle_id, request)
    return CommandAccepted(command_id=command.command_id, status=command.status)


@router.get(
    "/{vehicle_id}/commands",
    summary="List a vehicle's commands",
    description=(
        "Every command this sandbox kept for the car, oldest first, each with its status as of "
        "the sim clock (and `failure` when it failed). Reads only. Errors: 404 "
        "`VEHICLE_NOT_FOUND`."
    ),
    responses={200: ok("list_commands")},
)
async def list_commands(vehicle_id: str, world: WorldDep) -> list[Command]:
    return world.vehicle_commands(vehicle_id)


@router.get(
    "/{vehicle_id}/commands/{command_id}",
    summary="A command's progress",
    description=(
        "One command and where it is in `pending → delivered → executed | failed`, as of the "
        "sim clock (the clock moves it; reading does not). A failed command says why in "
        "`failure`, with the same `code` and `message` an immediate refusal would have. Errors: "
        "404 `VEHICLE_NOT_FOUND`, `COMMAND_NOT_FOUND` (also for one dropped to make room)."
    ),
    responses={200: ok("get_command"), **problem_responses(404)},
)
async def get_command(vehicle_id: str, command_id: str, world: WorldDep) -> Command:
    return world.command(vehicle_id, command_id)


@router.get(
    "/{vehicle_id}/keys",
    summary="Digital keys",
    description=(
        "The car's digital keys: the owner's, and those shared with others, each with its "
        "permission, validity window and status (`active`, `scheduled`, `expired`, `revoked`) as "
        "of the sim clock. Reads only. Errors: 404 `VEHICLE_NOT_FOUND`."
    ),
    tags=["keys"],
    responses={200: ok("list_keys")},
)
async def list_keys(vehicle_id: str, world: WorldDep) -> list[DigitalKey]:
    return world.keys_of(vehicle_id)


@router.post(
    "/{vehicle_id}/keys",
    status_code=201,
    summary="Share a digital key",
    description=(
        "Gives someone a key for a time window: `drive` (unlock and start) or `access` (unlock "
        "only, e.g. a courier). Adds it to this sandbox's key ring and answers it with its id. "
        "Errors: 404 `VEHICLE_NOT_FOUND`, 409 `KEY_WINDOW_ENDED` when `valid_until` is already "
        "past on the sim clock, 422 when `valid_until` is not after `valid_from`, 501 "
        "`NOT_CAPABLE` for a car without digital keys, 429 `KEY_LIMIT` when the ring is full of "
        "live keys."
    ),
    tags=["keys"],
    responses={201: ok("share_key"), **problem_responses(404, 409, 422, 501)},
)
async def share_key(
    vehicle_id: str,
    request: Annotated[ShareKeyRequest, Body(openapi_examples=KEY_REQUESTS)],
    world: WorldDep,
) -> DigitalKey:
    return world.share_key(vehicle_id, request)


@router.delete(
    "/{vehicle_id}/keys/{key_id}",
    summary="Revoke a shared key",
    description=(
        "Revokes a shared key as of the sim clock and answers the key with `revoked_at` "
        "set; revoking it again changes nothing. Errors: 404 `VEHICLE_NOT_FOUND`, "
        "`KEY_NOT_FOUND`, 409 `OWNER_KEY` (the owner's key can't be revoked), 501 `NOT_CAPABLE`."
    ),
    tags=["keys"],
    responses={200: ok("revoke_key"), **problem_responses(404, 409, 422, 501)},
)
async def revoke_key(vehicle_id: str, key_id: str, world: WorldDep) -> DigitalKey:
    return world.revoke_key(vehicle_id, key_id)

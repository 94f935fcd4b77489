"""The `control_cabin` tool: a cabin control asked for inside the car acts at once.

Remote (phone) sends keep going through `send_remote_command`; this one calls
`World.act_in_car`, so the answer is the executed state, said in both languages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from agents.conversation.tool_input import ToolInput
from agents.text import Bilingual, bi
from agents.world.cabin import Seat
from agents.world.command_labels import label
from agents.world.commands import CommandRequest
from agents.world.in_effect import is_in_effect

if TYPE_CHECKING:
    from agents.conversation.tools import ToolContext


class CabinInput(ToolInput):
    command: CommandRequest = Field(description="The control and its setting")
    seat: Seat = Field(default="driver", description="The seat of whoever asks")


class CabinDone(BaseModel):
    command_id: str = Field(examples=["cmd-0001"])
    vehicle_id: str
    type: str = Field(examples=["seat_heating"])
    status: str = Field(examples=["executed"])
    seat: Seat
    already: bool = Field(description="True when it was already so; nothing changed")
    speech: Bilingual = Field(description="What the assistant says about it")


def control_cabin(ctx: ToolContext, args: CabinInput) -> CabinDone:
    """Operate a cabin control at once (POST /v1/vehicles/{id}/cabin); refusals raise."""
    world = ctx.sandbox.world
    already = is_in_effect(world.vehicle(ctx.vehicle_id), args.command)
    command = world.act_in_car(ctx.vehicle_id, args.command, seat=args.seat)
    what = label(args.command)
    speech = (
        bi(f"已经是这样了：{what.zh}。", f"It's already done: {what.en}.")
        if already
        else bi(f"好的，已{what.zh}。", f"Done: {what.en}.")
    )
    return CabinDone(
        command_id=command.command_id,
        vehicle_id=command.vehicle_id,
        type=command.request.type,
        status=command.status.value,
        seat=args.seat,
        already=already,
        speech=speech,
    )

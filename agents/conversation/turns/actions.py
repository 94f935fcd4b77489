"""Remote commands: proposed, checked, confirmed or declined, and reported when they finish."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from agents.conversation import replies as rp
from agents.conversation.nlu import AgentName, Understanding
from agents.conversation.sessions import PendingAction
from agents.conversation.tools import CommandSent
from agents.conversation.turns.models import Reply, TurnState
from agents.text import Bilingual, bi
from agents.world.command_labels import label as label_of
from agents.world.commands import Command, CommandRequest
from agents.world.in_effect import is_in_effect

if TYPE_CHECKING:
    from agents.conversation.turns.table import IntentSpec

_COMMAND = TypeAdapter(CommandRequest)


def _agent_of(command: dict[str, Any]) -> AgentName:
    return "travel_companion" if command["type"] == "send_destination" else "car_genius"


def propose_declared(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    [(_, arguments)] = spec.tool_calls(u, state.seat)
    return propose(state, arguments["command"], spec.agent)


def check_before_confirm(state: TurnState, command: dict[str, Any]) -> Reply | CommandRequest:
    """The one place a proposed command is checked before the driver is asked for a yes: an
    answer instead of the question (settings out of range, or nothing would change: locking a
    locked car), or the valid request to ask about."""
    try:
        request = _COMMAND.validate_python(command)
    except ValidationError:
        return Reply(_out_of_range(command), _agent_of(command))
    vehicle = state.vehicle()
    if vehicle is not None and is_in_effect(vehicle, request):
        label = label_of(request)
        return Reply(
            bi(
                f"不用{label.zh}了，车辆已经是这个状态。",
                f"No need to {label.en}: the car is already that way.",
            ),
            _agent_of(command),
        )
    return request


def propose(state: TurnState, command: dict[str, Any], agent: AgentName = "car_genius") -> Reply:
    """A remote command is only proposed; the driver's yes sends it."""
    checked = check_before_confirm(state, command)
    if isinstance(checked, Reply):
        return checked
    label = label_of(checked)
    state.session.pending_action = PendingAction(command=command, label=label)
    action = rp.Action(
        type="remote_command",
        label=bi(label.zh, label.en[:1].upper() + label.en[1:]),
        command=command,
        requires_confirmation=True,
    )
    return Reply(
        bi(f"确认要{label.zh}吗？", f"Shall I {label.en}?"),
        agent,
        actions=[action],
        chips=[bi("好的", "Yes"), bi("不用了", "No")],
    )


def _out_of_range(command: dict[str, Any]) -> Bilingual:
    if command["type"] == "set_charge_limit":
        return bi(
            f"充电上限只能设为50%到100%，{command['limit_pct']}%不行。",
            f"The charge limit can be 50% to 100%, not {command['limit_pct']}%.",
        )
    if command["type"] == "climate_start" and "target_temp_c" in command:
        return bi(
            f"温度只能设为16到30°C，{command.get('target_temp_c')}°C不行。",
            f"The temperature can be 16 to 30 °C, not {command.get('target_temp_c')} °C.",
        )
    return bi("这个指令的参数不对。", "That command's settings aren't valid.")


def confirm(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    session = state.session
    pending = session.pending_action
    if pending is None:
        return Reply(
            bi("目前没有需要确认的操作。", "There's nothing waiting for a yes."), "assistant"
        )
    session.pending_action = None
    agent = _agent_of(pending.command)
    label = pending.label
    if state.rehearse:
        return Reply(bi(f"好的，{label.zh}。", f"OK, {label.en}."), agent)
    outcome = state.call("send_remote_command", {"command": pending.command})
    if outcome.error is not None:
        msg = outcome.error.message
        return Reply(bi(f"无法{label.zh}：{msg.zh}", f"I couldn't {label.en}: {msg.en}"), agent)
    sent = outcome.result
    assert isinstance(sent, CommandSent)
    session.open_commands.append(sent.command_id)
    return Reply(
        bi(
            f"好的，已发送{label.zh}的指令（{sent.command_id}），几秒钟后执行。",
            f"OK, I've sent the command to {label.en} ({sent.command_id}); it will be carried "
            "out in a few seconds.",
        ),
        agent,
    )


def deny(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    session = state.session
    pending = session.pending_action
    if pending is not None:
        session.pending_action = None
        label = pending.label
        return Reply(
            bi(f"好的，不{label.zh}了。", f"OK, I won't {label.en}."), _agent_of(pending.command)
        )
    return Reply(bi("好的。", "OK."), "assistant")


def command_updates(state: TurnState) -> list[Bilingual]:
    """Commands sent in earlier turns that have finished since: say how they ended."""
    notes: list[Bilingual] = []
    still_open: list[str] = []
    for command_id in state.session.open_commands:
        outcome = state.call("get_command_status", {"command_id": command_id})
        command = outcome.result
        if not isinstance(command, Command):
            continue
        label = label_of(command.request)
        if command.status.value == "executed":
            notes.append(bi(f"{label.zh}已完成。", f"Done: {label.en}."))
        elif command.status.value == "failed" and command.failure is not None:
            msg = command.failure.message
            notes.append(bi(f"{label.zh}失败：{msg.zh}", f"Couldn't {label.en}: {msg.en}"))
        else:
            still_open.append(command_id)
    state.session.open_commands = still_open
    return notes

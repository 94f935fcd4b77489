"""The cabin, spoken in the car: controls act at once (no yes/no) for the seat that spoke.

"打开座椅加热" from the passenger heats the passenger seat; "open my window" opens the speaker's
window; "我有点冷" warms the speaker's zone (seat heating and the zone's temperature). Answers
name the zone: "副驾座椅加热已开到 2 档" / "Passenger seat heating is at level 2".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agents.conversation import replies as rp
from agents.conversation.nlu import SEATS, Understanding
from agents.conversation.tools import CommandSent
from agents.conversation.turns.labels import cabin_done, seat_name
from agents.conversation.turns.models import Reply, TurnState
from agents.text import Bilingual, bi

if TYPE_CHECKING:
    from agents.conversation.turns.table import IntentSpec

DEFAULT_LEVEL = 2  # "turn on the seat heating" with no level: the middle of 1–3
MAX_LEVEL = 3
ALL_SEATS = SEATS
WARM_ZONE_C = 24.0  # "I'm cold": the speaker's zone goes to a warm setting
COOL_ZONE_C = 20.0  # "I'm hot"


def _invalid(command: dict[str, Any]) -> Bilingual | None:
    level = command.get("level")
    if isinstance(level, int) and not 0 <= level <= MAX_LEVEL:
        return bi(
            f"只有0到{MAX_LEVEL}档，没有{level}档。",
            f"Levels go from 0 to {MAX_LEVEL}, not {level}.",
        )
    for key in ("position_pct", "brightness_pct"):
        value = command.get(key)
        if isinstance(value, int | float) and not 0 <= value <= 100:
            return bi(f"只能设为0%到100%，{value}%不行。", f"It can be 0% to 100%, not {value}%.")
    return None


def _summary(commands: list[dict[str, Any]]) -> dict[str, Any]:
    """Several seats set alike ("all seats") are said once, as "all"."""
    first = commands[0]
    if len(commands) > 1 and "seat" in first:
        return {**first, "seat": "all"}
    return first


def act(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    calls = spec.tool_calls(u, state.seat)
    commands = [arguments["command"] for _, arguments in calls]
    invalid = next((msg for c in commands if (msg := _invalid(c)) is not None), None)
    if invalid is not None:
        return Reply(invalid, "car_genius")
    if not state.rehearse:
        for tool, arguments in calls:
            outcome = state.call(tool, arguments)
            if outcome.error is not None:
                msg = outcome.error.message
                return Reply(
                    bi(
                        f"{spec.label.zh}没能调整：{msg.zh}",
                        f"I couldn't change the {spec.label.en}: {msg.en}",
                    ),
                    "car_genius",
                )
    done = cabin_done(_summary(commands))
    return Reply(rp.join([bi(f"{done.zh}。", f"{done.en}.")]), "car_genius")


def comfort(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    """ "I'm cold" / "I'm hot": the seat first (at once), then the zone's climate (a command the
    car carries out in a few seconds, reported when done)."""
    calls = spec.tool_calls(u, state.seat)
    parts: list[Bilingual] = []
    for tool, arguments in calls:
        command = arguments["command"]
        if state.rehearse:
            outcome = None
        else:
            outcome = state.call(tool, arguments)
            if outcome.error is not None:
                msg = outcome.error.message
                parts.append(
                    bi(
                        f"{_what(command).zh}没能调整：{msg.zh}",
                        f"Couldn't change {_what(command).en}: {msg.en}",
                    )
                )
                continue
        if tool == "control_cabin":
            done = cabin_done(command)
            parts.append(bi(f"{done.zh}。", f"{done.en}."))
            continue
        if outcome is not None and isinstance(outcome.result, CommandSent):
            state.session.open_commands.append(outcome.result.command_id)
        zone = seat_name(command["zone"])
        t = f"{command['target_temp_c']:g}"
        parts.append(
            bi(f"{zone.zh}温度正在调到{t}°C。", f"Setting the {zone.en.lower()} zone to {t} °C.")
        )
    return Reply(rp.join(parts), "car_genius")


def _what(command: dict[str, Any]) -> Bilingual:
    if command["type"] == "climate_start":
        zone = seat_name(command["zone"])
        return bi(f"{zone.zh}温度", f"the {zone.en.lower()} zone's temperature")
    seat = seat_name(command.get("seat", "driver"))
    if command["type"] == "seat_heating":
        return bi(f"{seat.zh}座椅加热", f"the {seat.en.lower()} seat heating")
    return bi(f"{seat.zh}座椅通风", f"the {seat.en.lower()} seat ventilation")

"""Car Genius answers about the car: its status on a topic, and what a warning light means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.conversation import replies as rp
from agents.conversation.nlu import Understanding
from agents.conversation.tools import LightAnswer, VehicleStatus
from agents.conversation.turns.models import Reply, TurnState
from agents.text import bi

if TYPE_CHECKING:
    from agents.conversation.turns.table import IntentSpec


def status(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    [(tool, arguments)] = spec.tool_calls(u, state.seat)
    found = state.result_of(tool, arguments, VehicleStatus, "car_genius")
    if isinstance(found, Reply):
        return found
    chips = [bi("附近充电站", "Chargers nearby")] if found.topic in ("range", "battery") else []
    return Reply(rp.status_speech(found), "car_genius", [rp.status_card(found)], chips=chips)


def warning_light(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    [(tool, arguments)] = spec.tool_calls(u, state.seat)
    answer = state.result_of(tool, arguments, LightAnswer, "car_genius")
    if isinstance(answer, Reply):
        return answer
    cards: list[rp.Card] = [
        rp.light_card(light, light.id in answer.active_on_vehicle) for light in answer.matches[:1]
    ]
    return Reply(rp.light_speech(answer, state.moving), "car_genius", cards)

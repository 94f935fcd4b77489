"""One table per intent: every intent declared once, and every tool surface reads it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from agents.catalog import Catalog
from agents.conversation.compat import OfferedTool, our_tool_call, pick_tool_call
from agents.conversation.dialogue import run_turn
from agents.conversation.nlu import Intent, understand
from agents.conversation.tools import TOOLS, ToolContext
from agents.conversation.turns.calls import STATUS_TOPICS
from agents.conversation.turns.table import INTENTS, tool_calls
from agents.world.commands import REQUIRED_CAPABILITY, CommandRequest
from agents.world.in_effect import is_in_effect

CONVERSATION = Path(__file__).resolve().parents[3] / "agents" / "conversation"
# Declared tools this build does not register yet: the world's cabin brings control_cabin.
# The declaration: the table, and the argument builders it names.
DECLARATION = {"table.py", "calls.py"}

# One utterance per intent that calls a tool on its own.
CALLING: dict[Intent, str] = {
    Intent.STATUS_RANGE: "how many km can I still go",
    Intent.STATUS_BATTERY: "how much juice is left",
    Intent.STATUS_CHARGING: "how long until it's full",
    Intent.STATUS_TIRES: "check the tyres",
    Intent.STATUS_LOCKS: "is the car locked?",
    Intent.STATUS_DOORS_WINDOWS: "are the windows closed?",
    Intent.STATUS_CLIMATE: "车内温度多少",
    Intent.STATUS_LOCATION: "where's my car",
    Intent.STATUS_ODOMETER: "总里程多少",
    Intent.STATUS_SERVICE: "when is my next service",
    Intent.STATUS_OVERVIEW: "anything wrong with the car?",
    Intent.EXPLAIN_WARNING_LIGHT: "orange engine light",
    Intent.LOCK: "lock the car",
    Intent.UNLOCK: "unlock the car",
    Intent.CLIMATE_ON: "空调开到22度",
    Intent.CLIMATE_OFF: "turn off the AC",
    Intent.CHARGE_START: "start charging",
    Intent.CHARGE_STOP: "stop charging",
    Intent.SET_CHARGE_LIMIT: "charge to 80%",
    Intent.FLASH_LIGHTS: "flash the lights",
    Intent.HONK: "honk",
    Intent.SEAT_HEATING: "打开座椅加热",
    Intent.SEAT_VENTILATION: "座椅通风开到3档",
    Intent.WINDOW: "close all the windows",
    Intent.SUNROOF: "打开天窗",
    Intent.SUNROOF_SHADE: "open the sunshade halfway",
    Intent.TRUNK: "open the trunk",
    Intent.STEERING_WHEEL_HEATING: "方向盘加热",
    Intent.DEFROST: "defrost the rear window",
    Intent.AMBIENT_LIGHT: "氛围灯调成蓝色",
    Intent.READING_LIGHT: "turn on the reading light",
    Intent.CHILD_LOCK: "打开儿童锁",
    Intent.FEELING_COLD: "我有点冷",
    Intent.FEELING_HOT: "I'm boiling",
    Intent.PLAN_TRIP: "plan a trip to Hangzhou via Suzhou",
    Intent.CAN_REACH: "can I make it to Suzhou",
    Intent.FIND_CHARGER: "帮我找个超充",
    Intent.FIND_FOOD: "find sichuan food nearby",
}


def test_every_intent_is_declared_once_with_a_handler() -> None:
    assert set(INTENTS) == set(Intent)
    for intent, spec in INTENTS.items():
        assert spec.label.zh, intent
        assert spec.label.en, intent
        assert set(spec.required).isdisjoint(spec.optional), intent


def test_every_declared_tool_exists_or_is_pending() -> None:
    for intent, text in CALLING.items():
        [u] = understand(text)
        assert u.intent is intent, text
        calls = tool_calls(u)
        assert calls, text
        assert {name for name, _ in calls} <= set(TOOLS)


def test_intents_without_a_call_of_their_own_are_the_follow_ups() -> None:
    silent = {i for i, spec in INTENTS.items() if spec.calls is None}
    assert silent == {
        Intent.ADD_STOP, Intent.SEND_DESTINATION, Intent.REFINE, Intent.SELECT, Intent.CONFIRM,
        Intent.DENY, Intent.HELP, Intent.GREETING, Intent.OUT_OF_SCOPE,
    }  # fmt: skip
    assert set(CALLING) == set(Intent) - silent


@pytest.mark.parametrize("intent", list(CALLING), ids=str)
def test_compat_calls_what_the_declaration_says(intent: Intent) -> None:
    [u] = understand(CALLING[intent])
    assert our_tool_call(u) == tool_calls(u)[0]


def test_compat_keeps_the_cuisine() -> None:
    [u] = understand("find sichuan food nearby")
    assert our_tool_call(u) == ("find_restaurants", {"cuisines": ["sichuan"]})
    offered = OfferedTool.model_validate(
        {"type": "function", "function": {"name": "find_restaurants"}}
    )
    call = pick_tool_call("find sichuan food nearby", [offered], None)
    assert call is not None
    assert call.arguments == '{"cuisines":["sichuan"]}'


@pytest.mark.parametrize(
    "intent",
    [i for i in CALLING if not INTENTS[i].confirm and i not in (Intent.FEELING_COLD,)],
    ids=str,
)
def test_the_dialogue_calls_what_the_declaration_says(catalog: Catalog, intent: Intent) -> None:
    sandbox = catalog.new_sandbox(None)
    session = sandbox.chats.create("ix3-shanghai", None, "en", sandbox.world.now())
    ctx = ToolContext(sandbox, catalog, session.vehicle_id, None, "en")
    turn = run_turn(session, CALLING[intent], ctx)
    [(name, declared)] = tool_calls(understand(CALLING[intent])[0])[:1]
    step = turn.trace[0]
    assert step.tool == name
    # The dialogue may add what the screen needs (how many items fit), never change the rest.
    assert {k: v for k, v in step.arguments.items() if k != "limit"} == declared


def test_confirmed_commands_send_the_declared_command(catalog: Catalog) -> None:
    for intent in [i for i in CALLING if INTENTS[i].confirm]:
        sandbox = catalog.new_sandbox(None)
        session = sandbox.chats.create("ix3-shanghai", None, "en", sandbox.world.now())
        ctx = ToolContext(sandbox, catalog, session.vehicle_id, None, "en")
        [(_, declared)] = tool_calls(understand(CALLING[intent])[0])
        request = TypeAdapter(CommandRequest).validate_python(declared["command"])
        already = is_in_effect(sandbox.world.vehicle("ix3-shanghai"), request)
        turn = run_turn(session, CALLING[intent], ctx)
        if already:  # the parked ix3 is locked: "lock" needs no yes
            assert session.pending_action is None, intent
            assert turn.speech.startswith("No need to"), intent
            continue
        assert session.pending_action is not None, intent
        assert session.pending_action.command == declared["command"]


def _intent_maps(source: str) -> list[str]:
    """Tool names, command types and status topics found in dicts keyed by Intent members."""
    named = set(TOOLS) | set(REQUIRED_CAPABILITY) | set(STATUS_TOPICS.values())
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Attribute) and isinstance(k.value, ast.Name)
            and k.value.id == "Intent" for k in node.keys
        ):  # fmt: skip
            strings = {
                c.value for c in ast.walk(node) if isinstance(c, ast.Constant)
                and isinstance(c.value, str)
            }  # fmt: skip
            found += sorted(strings & named)
    return found


def test_no_module_maps_intents_to_tools_besides_the_table() -> None:
    """Only the table says what an intent calls: no other conversation module holds a dict keyed
    by Intent members whose values name a tool, a command or a status topic (compat's old
    `_COMMANDS` did, and drifted)."""
    offenders = {
        path.name: _intent_maps(path.read_text(encoding="utf-8"))
        for path in CONVERSATION.rglob("*.py")
        if path.name not in DECLARATION
    }
    assert {name: found for name, found in offenders.items() if found} == {}
    assert _intent_maps('_C = {Intent.LOCK: "lock", Intent.HONK: "honk"}') == ["honk", "lock"]

"""One table per intent: every intent declared once.

A declaration says which agent answers, which slots it takes (and which it cannot do without),
which tool it calls and how the arguments are built from the slots and the speaker's seat,
whether the action waits for a yes, when it is refused while the car moves, its label, and the
handler that speaks the answer. The chat dialogue, the OpenAI-compatible and DashScope endpoints
and MCP all read `INTENTS` / `tool_calls`; nothing about an intent is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agents.conversation.nlu import AgentName, Intent, Seat, Understanding
from agents.conversation.turns import actions, assistant, cabin, car_genius, lists, trips
from agents.conversation.turns import calls as build
from agents.conversation.turns.calls import CallPlan, Calls
from agents.conversation.turns.models import Reply, TurnState
from agents.text import Bilingual, bi

Handler = Callable[[TurnState, Understanding, "IntentSpec"], Reply]


@dataclass(frozen=True)
class MovingRule:
    """Android Automotive-style restriction: while moving, the action is refused with `reason`
    when `applies` to the command it would send."""

    applies: Callable[[dict[str, Any]], bool]
    reason: Bilingual


@dataclass(frozen=True)
class IntentSpec:
    agent: AgentName
    label: Bilingual
    handler: Handler
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    calls: Calls | None = None
    confirm: bool = False
    while_moving: MovingRule | None = None

    def tool_calls(self, u: Understanding, seat: Seat = "driver") -> list[CallPlan]:
        """The calls this request makes on its own (none while a required slot is missing, nor
        for follow-ups that need the session: "the second one", "cheaper")."""
        if self.calls is None or any(slot not in u.slots for slot in self.required):
            return []
        return self.calls(u, seat)

    def refusal_while_moving(self, u: Understanding, seat: Seat) -> Bilingual | None:
        if self.while_moving is None:
            return None
        for _, arguments in self.tool_calls(u, seat):
            if self.while_moving.applies(arguments.get("command", arguments)):
                return self.while_moving.reason
        return None


# --- the table ----------------------------------------------------------------------------------

_CG: AgentName = "car_genius"
_TC: AgentName = "travel_companion"
_AS: AgentName = "assistant"
_CABIN_SLOTS = ("seat", "on", "level", "step", "position_pct")

_COLOUR_WHILE_MOVING = MovingRule(
    lambda command: bool(command.get("on")) and bool({"colour", "brightness_pct"} & set(command)),
    bi("行驶中不能调整氛围灯的颜色和亮度，停车后再调吧。",
       "I can't change the ambient light's colour or brightness while you're driving; "
       "let's do it when you're parked."),
)  # fmt: skip
_CHILD_LOCK_WHILE_MOVING = MovingRule(
    lambda command: command.get("on") is False,
    bi("行驶中不能解除儿童锁，停车后再解除。",
       "I can't release the child lock while the car is moving; do it when you're parked."),
)  # fmt: skip


def _status_spec(zh: str, en: str) -> IntentSpec:
    return IntentSpec(_CG, bi(zh, en), car_genius.status, calls=build.status)


def _remote_spec(zh: str, en: str, kind: str, **from_slots: str) -> IntentSpec:
    return IntentSpec(
        _CG, bi(zh, en), actions.propose_declared, optional=tuple(from_slots.values()),
        calls=build.remote(kind, **from_slots), confirm=True,
    )  # fmt: skip


def _cabin_spec(zh: str, en: str, commands: build.CommandsOf, **more: Any) -> IntentSpec:
    return IntentSpec(
        _CG, bi(zh, en), cabin.act, optional=_CABIN_SLOTS, calls=build.cabin(commands), **more
    )


INTENTS: dict[Intent, IntentSpec] = {
    Intent.STATUS_RANGE: _status_spec("续航", "range"),
    Intent.STATUS_BATTERY: _status_spec("电量", "battery"),
    Intent.STATUS_CHARGING: _status_spec("充电状态", "charging status"),
    Intent.STATUS_TIRES: _status_spec("胎压", "tyres"),
    Intent.STATUS_LOCKS: _status_spec("门锁", "locks"),
    Intent.STATUS_DOORS_WINDOWS: _status_spec("门窗", "doors and windows"),
    Intent.STATUS_CLIMATE: _status_spec("空调", "climate"),
    Intent.STATUS_LOCATION: _status_spec("位置", "location"),
    Intent.STATUS_ODOMETER: _status_spec("里程", "odometer"),
    Intent.STATUS_SERVICE: _status_spec("保养", "service"),
    Intent.STATUS_OVERVIEW: _status_spec("车况", "how the car is"),
    Intent.EXPLAIN_WARNING_LIGHT: IntentSpec(
        _CG, bi("解释警示灯", "explain a warning light"), car_genius.warning_light,
        optional=("light_text", "color", "system"), calls=build.light,
    ),
    Intent.LOCK: _remote_spec("锁车", "lock the car", "lock"),
    Intent.UNLOCK: _remote_spec("解锁", "unlock the car", "unlock"),
    Intent.CLIMATE_ON: _remote_spec(
        "打开空调", "turn on the climate", "climate_start", target_temp_c="temperature_c",
        zone="zone",
    ),
    Intent.CLIMATE_OFF: _remote_spec("关闭空调", "turn off the climate", "climate_stop"),
    Intent.CHARGE_START: _remote_spec("开始充电", "start charging", "charge_start"),
    Intent.CHARGE_STOP: _remote_spec("停止充电", "stop charging", "charge_stop"),
    Intent.SET_CHARGE_LIMIT: IntentSpec(
        _CG, bi("设置充电上限", "set the charge limit"), actions.propose_declared,
        required=("limit_pct",),
        calls=build.remote("set_charge_limit", limit_pct="limit_pct"),
        confirm=True,
    ),
    Intent.FLASH_LIGHTS: _remote_spec("闪灯", "flash the lights", "flash_lights"),
    Intent.HONK: _remote_spec("鸣笛", "honk the horn", "honk"),
    Intent.SEAT_HEATING: _cabin_spec(
        "座椅加热", "seat heating", build.seat_level("seat_heating")
    ),
    Intent.SEAT_VENTILATION: _cabin_spec(
        "座椅通风", "seat ventilation", build.seat_level("seat_ventilation")
    ),
    Intent.WINDOW: _cabin_spec("车窗", "windows", build.window),
    Intent.SUNROOF: _cabin_spec("天窗", "sunroof", build.position("sunroof")),
    Intent.SUNROOF_SHADE: _cabin_spec(
        "遮阳帘", "sunroof shade", build.position("sunroof_shade")
    ),
    Intent.TRUNK: _cabin_spec("后备箱", "trunk", build.trunk),
    Intent.STEERING_WHEEL_HEATING: _cabin_spec(
        "方向盘加热", "steering wheel heating", build.switch("steering_wheel_heating")
    ),
    Intent.DEFROST: _cabin_spec("除雾", "defrost", build.switch("defrost", "zone")),
    Intent.AMBIENT_LIGHT: _cabin_spec(
        "氛围灯", "ambient light", build.switch("ambient_light", "colour", "brightness_pct"),
        while_moving=_COLOUR_WHILE_MOVING,
    ),
    Intent.READING_LIGHT: _cabin_spec(
        "阅读灯", "reading light", build.switch("reading_light", "seat")
    ),
    Intent.CHILD_LOCK: _cabin_spec(
        "儿童锁", "child lock", build.switch("child_lock"),
        while_moving=_CHILD_LOCK_WHILE_MOVING,
    ),
    Intent.FEELING_COLD: IntentSpec(
        _CG, bi("给您的位置升温", "warm your zone"), cabin.comfort, optional=("seat",),
        calls=build.zone_comfort(warm=True),
    ),
    Intent.FEELING_HOT: IntentSpec(
        _CG, bi("给您的位置降温", "cool your zone"), cabin.comfort, optional=("seat",),
        calls=build.zone_comfort(warm=False),
    ),
    Intent.PLAN_TRIP: IntentSpec(
        _TC, bi("规划行程", "plan a trip"), trips.trip, required=("destination",),
        optional=("waypoint", "origin", "refers_to_result", "index"), calls=build.trip,
    ),
    Intent.CAN_REACH: IntentSpec(
        _TC, bi("能否到达", "can I make it"), trips.trip, required=("destination",),
        optional=("refers_to_result", "index"), calls=build.trip,
    ),
    Intent.ADD_STOP: IntentSpec(
        _TC, bi("添加途经点", "add a stop"), trips.add_stop, required=("waypoint",)
    ),
    Intent.FIND_CHARGER: IntentSpec(
        _TC, bi("找充电站", "find chargers"), lists.chargers,
        optional=("min_power_kw", "along_route"), calls=build.chargers,
    ),
    Intent.FIND_FOOD: IntentSpec(
        _TC, bi("找餐厅", "find restaurants"), lists.restaurants,
        optional=("cuisine", "dietary", "max_budget_cny", "meal", "near"),
        calls=build.restaurants,
    ),
    Intent.SEND_DESTINATION: IntentSpec(
        _TC, bi("发送目的地", "send a destination"), trips.send_destination,
        optional=("destination", "refers_to_result", "index"), confirm=True,
    ),
    Intent.REFINE: IntentSpec(_AS, bi("调整结果", "refine the list"), lists.refine,
                              optional=("refinement",)),
    Intent.SELECT: IntentSpec(_AS, bi("选择一项", "pick one"), lists.select, optional=("index",)),
    Intent.CONFIRM: IntentSpec(_AS, bi("确认", "yes"), actions.confirm),
    Intent.DENY: IntentSpec(_AS, bi("取消", "no"), actions.deny),
    Intent.HELP: IntentSpec(_AS, bi("帮助", "help"), assistant.help_reply),
    Intent.GREETING: IntentSpec(_AS, bi("问候", "greeting"), assistant.greeting),
    Intent.OUT_OF_SCOPE: IntentSpec(_AS, bi("超出范围", "out of scope"), assistant.out_of_scope),
}  # fmt: skip


def tool_calls(u: Understanding, seat: Seat = "driver") -> list[CallPlan]:
    """The tool calls a request makes by itself, as every tool surface makes them."""
    return INTENTS[u.intent].tool_calls(u, seat)

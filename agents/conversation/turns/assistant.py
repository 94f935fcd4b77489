"""The assistant's own answers: greetings, help, what it can't do, and questions for a slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.conversation.nlu import AgentName, Understanding
from agents.conversation.turns.models import Reply, TurnState
from agents.text import Bilingual, bi

if TYPE_CHECKING:
    from agents.conversation.turns.table import IntentSpec

_SLOT_QUESTIONS: dict[str, Bilingual] = {
    "destination": bi("去哪里？", "Where to?"),
    "waypoint": bi("途经哪里？", "Where would you like to stop on the way?"),
    "limit_pct": bi("充电上限设为多少？", "What charge limit would you like?"),
}
_SLOT_CHIPS: dict[str, list[Bilingual]] = {
    "destination": [bi("杭州", "Hangzhou"), bi("苏州", "Suzhou")],
    "limit_pct": [bi("80%", "80%"), bi("90%", "90%")],
}
_HELP_CHIPS = [
    bi("还能开多远", "What's my range?"),
    bi("打开座椅加热", "Turn on the seat heating"),
    bi("附近充电站", "Chargers nearby"),
    bi("导航去杭州", "Plan a trip to Hangzhou"),
]
AGENT_NAMES: dict[AgentName, Bilingual] = {
    "car_genius": bi("车辆管家", "Car Genius"),
    "travel_companion": bi("出行伙伴", "Travel Companion"),
    "assistant": bi("助手", "the assistant"),
}


def ask_slot(state: TurnState, u: Understanding, agent: AgentName) -> Reply:
    slot = u.missing_slots[0]
    session = state.session
    session.pending_intent = u.intent
    session.missing_slot = slot
    session.pending_slots = dict(u.slots)
    question = _SLOT_QUESTIONS.get(slot, bi(f"请告诉我{slot}。", f"What {slot}?"))
    return Reply(question, agent, chips=list(_SLOT_CHIPS.get(slot, [])))


def not_mine(mine: AgentName, other: AgentName) -> Reply:
    a, b = AGENT_NAMES[mine], AGENT_NAMES[other]
    return Reply(bi(f"我是{a.zh}，这个问题请问{b.zh}。", f"I'm {a.en}; ask {b.en} that."), mine)


def help_reply(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    return Reply(
        bi(
            "我可以查电量、续航、胎压和门锁，解释仪表盘警示灯，调座椅加热、车窗、天窗和空调，"
            "远程锁车和充电，规划电动车行程，找充电站和餐厅。",
            "I can check your battery, range, tyres and locks, explain dashboard warning "
            "lights, work the seat heating, windows, sunroof and climate, lock the car or "
            "charge it remotely, plan EV trips, and find chargers and restaurants.",
        ),
        "assistant",
        chips=list(_HELP_CHIPS),
    )


def greeting(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    return Reply(
        bi("您好！有什么可以帮您？", "Hello! What can I do for you?"),
        "assistant",
        chips=list(_HELP_CHIPS),
    )


def out_of_scope(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    return Reply(
        bi(
            "抱歉，这个我帮不上忙。我可以查车况、解释警示灯、远程控制车辆、规划行程、"
            "找充电站和餐厅。",
            "Sorry, I can't help with that. I can check the car, explain warning lights, "
            "control the car remotely, plan trips, and find chargers and restaurants.",
        ),
        "assistant",
        chips=list(_HELP_CHIPS),
    )

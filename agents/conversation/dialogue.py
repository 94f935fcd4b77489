"""The dialogue manager: sessions, and one turn from an utterance to the answer.

A turn understands the utterance (agents.conversation.nlu), answers each request in order by
calling the agents' tools, and leaves in the session what the next turn needs: a question
waiting for a slot, an action waiting for a yes, the last list shown, the current trip, the
commands still on their way to the car.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from agents.conversation import replies as rp
from agents.conversation.limits import MAX_REQUESTS_PER_MESSAGE
from agents.conversation.nlu import (
    INTENT_AGENT,
    AgentName,
    Intent,
    ResultsKind,
    SlotValue,
    Understanding,
    understand,
)
from agents.conversation.sessions import ListedResult, PendingAction, Session, TranscriptEntry
from agents.conversation.tools import (
    ChargerList,
    CommandSent,
    LightAnswer,
    RestaurantList,
    StatusTopic,
    ToolContext,
    ToolOutcome,
    VehicleStatus,
    run_tool,
)
from agents.errors import DomainError, NotFound
from agents.text import Bilingual, Locale, bi
from agents.travel.trips import Trip
from agents.world.commands import Command, CommandRequest
from agents.world.models import Coordinates

# --- the turn ---------------------------------------------------------------------------------


class IntentInfo(BaseModel):
    name: Intent
    agent: AgentName
    confidence: float
    slots: dict[str, SlotValue]


class TraceError(BaseModel):
    code: str
    message: Bilingual


class TraceStep(BaseModel):
    tool: str
    agent: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None = None
    error: TraceError | None = None
    sources: list[str] = Field(description="Fixture files (under fixtures/) the answer came from")


class Answer(BaseModel):
    """The reply to one request of the utterance."""

    agent: AgentName
    intent: IntentInfo
    speech: Bilingual
    cards: list[rp.Card] = Field(default_factory=list)
    actions: list[rp.Action] = Field(default_factory=list)


class Turn(BaseModel):
    session_id: str
    turn: int
    locale: Locale
    agent: AgentName = Field(description="The agent that answered (the first request's)")
    intent: IntentInfo
    answers: list[Answer]
    speech: str = Field(description="In the session's language")
    speech_text: Bilingual = Field(description="Both languages")
    cards: list[rp.Card]
    actions: list[rp.Action]
    suggestions: list[str]
    trace: list[TraceStep]


@dataclass
class _Reply:
    speech: Bilingual
    agent: AgentName
    cards: list[rp.Card] = field(default_factory=list)
    actions: list[rp.Action] = field(default_factory=list)
    chips: list[Bilingual] = field(default_factory=list)


@dataclass
class _TurnState:
    session: Session
    ctx: ToolContext
    only_agent: AgentName | None
    rehearse: bool
    trace: list[TraceStep] = field(default_factory=list)

    def call(self, tool: str, arguments: dict[str, Any]) -> ToolOutcome:
        outcome = run_tool(self.ctx, tool, arguments)
        self.trace.append(trace_step(outcome))
        return outcome

    @property
    def moving(self) -> bool:
        vehicle = self.ctx.sandbox.world.vehicles.get(self.ctx.vehicle_id)
        return vehicle is not None and vehicle.state.motion.speed_kmh > 0

    @property
    def cap(self) -> int:
        return rp.DRIVING_LIST_CAP if self.moving else rp.PARKED_LIST_CAP


def trace_step(outcome: ToolOutcome) -> TraceStep:
    result = None
    if outcome.result is not None:
        # A trip's geometry and timeline are for maps, not for reading a trace.
        exclude = {"plan": {"route", "track"}} if isinstance(outcome.result, Trip) else None
        result = outcome.result.model_dump(mode="json", exclude=exclude)
    error = None
    if outcome.error is not None:
        error = TraceError(code=outcome.error.code, message=outcome.error.message)
    return TraceStep(
        tool=outcome.tool,
        agent=outcome.agent,
        arguments=outcome.arguments,
        result=result,
        error=error,
        sources=outcome.sources,
    )


def run_turn(
    session: Session,
    text: str,
    ctx: ToolContext,
    *,
    only_agent: AgentName | None = None,
    rehearse: bool = False,
) -> Turn:
    """Answer `text` in `session`. `only_agent` keeps the answer to one agent's skills (the
    compatible endpoint's model ids); `rehearse` replays a past message without side effects."""
    state = _TurnState(session, ctx, only_agent, rehearse)
    session.turns += 1
    session.remember(TranscriptEntry(turn=session.turns, role="user", text=text))
    notes = [] if rehearse else _command_updates(state)
    understood = understand(text, session.context())
    left_over = len(understood) - MAX_REQUESTS_PER_MESSAGE
    replies: list[tuple[Understanding, _Reply]] = []
    for u in understood[:MAX_REQUESTS_PER_MESSAGE]:
        replies.append((u, _answer(state, u)))
    answers = [
        Answer(
            agent=reply.agent,
            intent=_intent_info(u, reply.agent),
            speech=reply.speech,
            cards=reply.cards,
            actions=reply.actions,
        )
        for u, reply in replies
    ]
    speech = rp.join([*notes, *(a.speech for a in answers), *_too_many(left_over)])
    chips = [c for _, r in replies for c in r.chips] or _default_chips(session)
    locale = session.locale
    first = answers[0]
    turn = Turn(
        session_id=session.session_id,
        turn=session.turns,
        locale=locale,
        agent=first.agent,
        intent=first.intent,
        answers=answers,
        speech=speech.pick(locale),
        speech_text=speech,
        cards=[c for a in answers for c in a.cards],
        actions=[a for ans in answers for a in ans.actions],
        suggestions=list(dict.fromkeys(c.pick(locale) for c in chips))[:4],
        trace=state.trace,
    )
    session.remember(
        TranscriptEntry(
            turn=session.turns,
            role="assistant",
            text=turn.speech,
            agent=turn.agent,
            intents=[a.intent.name for a in answers],
        )
    )
    return turn


def _too_many(left_over: int) -> list[Bilingual]:
    if left_over <= 0:
        return []
    n = MAX_REQUESTS_PER_MESSAGE
    return [
        bi(
            f"一次最多处理{n}个请求，其余{left_over}个请再说一遍。",
            f"I take up to {n} requests at a time; please ask the other {left_over} again.",
        )
    ]


def _intent_info(u: Understanding, agent: AgentName) -> IntentInfo:
    return IntentInfo(name=u.intent, agent=agent, confidence=u.confidence, slots=u.slots)


def _default_chips(session: Session) -> list[Bilingual]:
    if session.last_results_kind is not None:
        return [bi("第一个", "The first one"), bi("导航过去", "Go there")]
    return [bi("车况怎么样", "How's my car?"), bi("附近充电站", "Chargers nearby")]


# --- commands still on their way ---------------------------------------------------------------


def _command_updates(state: _TurnState) -> list[Bilingual]:
    """Commands sent in earlier turns that have finished since: say how they ended."""
    notes: list[Bilingual] = []
    still_open: list[str] = []
    for command_id in state.session.open_commands:
        outcome = state.call("get_command_status", {"command_id": command_id})
        command = outcome.result
        if not isinstance(command, Command):
            continue
        label = command_label(command.request.model_dump(mode="json"))
        if command.status.value == "executed":
            notes.append(bi(f"{label.zh}已完成。", f"Done: {label.en}."))
        elif command.status.value == "failed" and command.failure is not None:
            msg = command.failure.message
            notes.append(bi(f"{label.zh}失败：{msg.zh}", f"Couldn't {label.en}: {msg.en}"))
        else:
            still_open.append(command_id)
    state.session.open_commands = still_open
    return notes


# --- answering one request --------------------------------------------------------------------

STATUS_TOPICS: dict[Intent, StatusTopic] = {
    Intent.STATUS_RANGE: "range",
    Intent.STATUS_BATTERY: "battery",
    Intent.STATUS_CHARGING: "charging",
    Intent.STATUS_TIRES: "tires",
    Intent.STATUS_LOCKS: "locks",
    Intent.STATUS_DOORS_WINDOWS: "doors_windows",
    Intent.STATUS_CLIMATE: "climate",
    Intent.STATUS_LOCATION: "location",
    Intent.STATUS_ODOMETER: "odometer",
    Intent.STATUS_SERVICE: "service",
    Intent.STATUS_OVERVIEW: "overview",
}

_SIMPLE_COMMANDS: dict[Intent, str] = {
    Intent.LOCK: "lock",
    Intent.UNLOCK: "unlock",
    Intent.CLIMATE_OFF: "climate_stop",
    Intent.CHARGE_START: "charge_start",
    Intent.CHARGE_STOP: "charge_stop",
    Intent.FLASH_LIGHTS: "flash_lights",
    Intent.HONK: "honk",
}

_SLOT_QUESTIONS: dict[str, Bilingual] = {
    "destination": bi("去哪里？", "Where to?"),
    "waypoint": bi("途经哪里？", "Where would you like to stop on the way?"),
    "limit_pct": bi("充电上限设为多少？", "What charge limit would you like?"),
}

_AGENT_NAMES: dict[AgentName, Bilingual] = {
    "car_genius": bi("车辆管家", "Car Genius"),
    "travel_companion": bi("出行伙伴", "Travel Companion"),
    "assistant": bi("助手", "the assistant"),
}


def _answer(state: _TurnState, u: Understanding) -> _Reply:
    session = state.session
    agent = _agent_for(state, u)
    if state.only_agent is not None and agent not in (state.only_agent, "assistant"):
        mine, other = _AGENT_NAMES[state.only_agent], _AGENT_NAMES[agent]
        return _Reply(
            bi(f"我是{mine.zh}，这个问题请问{other.zh}。", f"I'm {mine.en}; ask {other.en} that."),
            state.only_agent,
        )
    if u.intent not in (Intent.CONFIRM, Intent.DENY) and session.pending_action is not None:
        session.pending_action = None  # the driver moved on: an unanswered yes/no lapses
    if u.missing_slots:
        return _ask_slot(state, u, agent)
    if session.pending_intent is u.intent:
        slots = {**session.pending_slots, **u.slots}
        u = u.model_copy(update={"slots": slots})
    _clear_pending_slot(session)
    if u.intent in STATUS_TOPICS:
        return _status(state, STATUS_TOPICS[u.intent])
    if u.intent is Intent.EXPLAIN_WARNING_LIGHT:
        return _warning_light(state, u)
    if u.intent in _SIMPLE_COMMANDS:
        return _propose(state, {"type": _SIMPLE_COMMANDS[u.intent]})
    if u.intent is Intent.CLIMATE_ON:
        command: dict[str, Any] = {"type": "climate_start"}
        if "temperature_c" in u.slots:
            command["target_temp_c"] = u.slots["temperature_c"]
        return _propose(state, command)
    if u.intent is Intent.SET_CHARGE_LIMIT:
        return _propose(state, {"type": "set_charge_limit", "limit_pct": u.slots["limit_pct"]})
    if u.intent is Intent.CONFIRM:
        return _confirm(state)
    if u.intent is Intent.DENY:
        return _deny(state)
    if u.intent is Intent.FIND_CHARGER:
        return _chargers(state, _charger_query(u, {}))
    if u.intent is Intent.FIND_FOOD:
        base = session.last_query if session.last_results_kind == "restaurants" else {}
        return _restaurants(state, _food_query(u, base))
    if u.intent is Intent.REFINE:
        return _refine(state, u)
    if u.intent is Intent.SELECT:
        return _select(state, u)
    if u.intent in (Intent.PLAN_TRIP, Intent.CAN_REACH):
        return _trip(state, u)
    if u.intent is Intent.ADD_STOP:
        return _add_stop(state, u)
    if u.intent is Intent.SEND_DESTINATION:
        return _send_destination(state, u)
    if u.intent is Intent.HELP:
        return _help()
    if u.intent is Intent.GREETING:
        return _Reply(
            bi("您好！有什么可以帮您？", "Hello! What can I do for you?"),
            "assistant",
            chips=_help().chips,
        )
    return _Reply(
        bi(
            "抱歉，这个我帮不上忙。我可以查车况、解释警示灯、远程控制车辆、规划行程、"
            "找充电站和餐厅。",
            "Sorry, I can't help with that. I can check the car, explain warning lights, "
            "control the car remotely, plan trips, and find chargers and restaurants.",
        ),
        "assistant",
        chips=_help().chips,
    )


def _agent_for(state: _TurnState, u: Understanding) -> AgentName:
    """Follow-ups belong to whoever produced what they follow up on."""
    agent = INTENT_AGENT[u.intent]
    if agent != "assistant":
        return agent
    session = state.session
    if u.intent in (Intent.CONFIRM, Intent.DENY) and session.pending_action is not None:
        is_destination = session.pending_action.command["type"] == "send_destination"
        return "travel_companion" if is_destination else "car_genius"
    if u.intent in (Intent.REFINE, Intent.SELECT) and session.last_results_kind is not None:
        return "travel_companion"
    return "assistant"


def _clear_pending_slot(session: Session) -> None:
    session.pending_intent = None
    session.missing_slot = None
    session.pending_slots = {}


def _ask_slot(state: _TurnState, u: Understanding, agent: AgentName) -> _Reply:
    slot = u.missing_slots[0]
    session = state.session
    session.pending_intent = u.intent
    session.missing_slot = slot
    session.pending_slots = dict(u.slots)
    question = _SLOT_QUESTIONS.get(slot, bi(f"请告诉我{slot}。", f"What {slot}?"))
    chips: list[Bilingual] = []
    if slot == "destination":
        chips = [bi("杭州", "Hangzhou"), bi("苏州", "Suzhou")]
    elif slot == "limit_pct":
        chips = [bi("80%", "80%"), bi("90%", "90%")]
    return _Reply(question, agent, chips=chips)


def _refusal(error: DomainError) -> _Reply:
    return _Reply(error.message, "car_genius")


# --- Car Genius -------------------------------------------------------------------------------


def _status(state: _TurnState, topic: StatusTopic) -> _Reply:
    outcome = state.call("get_vehicle_status", {"topic": topic})
    if outcome.error is not None:
        return _refusal(outcome.error)
    status = outcome.result
    assert isinstance(status, VehicleStatus)
    chips = [bi("附近充电站", "Chargers nearby")] if topic in ("range", "battery") else []
    return _Reply(rp.status_speech(status), "car_genius", [rp.status_card(status)], chips=chips)


def _warning_light(state: _TurnState, u: Understanding) -> _Reply:
    arguments: dict[str, Any] = {"description": str(u.slots.get("light_text") or u.text)}
    for slot in ("color", "system"):
        if slot in u.slots:
            arguments[slot] = str(u.slots[slot])
    outcome = state.call("explain_warning_light", arguments)
    if outcome.error is not None:
        return _refusal(outcome.error)
    answer = outcome.result
    assert isinstance(answer, LightAnswer)
    cards: list[rp.Card] = [
        rp.light_card(light, light.id in answer.active_on_vehicle) for light in answer.matches[:1]
    ]
    return _Reply(rp.light_speech(answer, state.moving), "car_genius", cards)


_COMMAND = TypeAdapter(CommandRequest)


def command_label(command: dict[str, Any]) -> Bilingual:
    kind = command["type"]
    if kind == "climate_start":
        target = command.get("target_temp_c")
        if target is not None:
            t = f"{float(target):g}"
            return bi(f"打开空调（{t}°C）", f"turn on the climate at {t} °C")
        return bi("打开空调", "turn on the climate")
    if kind == "set_charge_limit":
        limit = command["limit_pct"]
        return bi(f"把充电上限设为{limit}%", f"set the charge limit to {limit}%")
    if kind == "send_destination":
        name = command["destination"]["name"]
        return bi(f"把「{name}」发送到车上", f"send {name} to the car")
    labels = {
        "lock": bi("锁车", "lock the car"),
        "unlock": bi("解锁车辆", "unlock the car"),
        "climate_stop": bi("关闭空调", "turn off the climate"),
        "charge_start": bi("开始充电", "start charging"),
        "charge_stop": bi("停止充电", "stop charging"),
        "flash_lights": bi("闪灯", "flash the lights"),
        "honk": bi("鸣笛", "honk the horn"),
        "wake": bi("唤醒车辆", "wake the car"),
        "set_temperature": bi("调节温度", "set the temperature"),
    }
    return labels[kind]


def _propose(state: _TurnState, command: dict[str, Any], agent: AgentName = "car_genius") -> _Reply:
    """A remote command is only proposed; the driver's yes sends it."""
    try:
        _COMMAND.validate_python(command)
    except ValidationError:
        return _Reply(_out_of_range(command), agent)
    label = command_label(command)
    state.session.pending_action = PendingAction(command=command, label=label)
    action = rp.Action(
        type="remote_command",
        label=bi(label.zh, label.en[:1].upper() + label.en[1:]),
        command=command,
        requires_confirmation=True,
    )
    return _Reply(
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
    if command["type"] == "climate_start":
        return bi(
            f"温度只能设为16到30°C，{command.get('target_temp_c')}°C不行。",
            f"The temperature can be 16 to 30 °C, not {command.get('target_temp_c')} °C.",
        )
    return bi("这个指令的参数不对。", "That command's settings aren't valid.")


def _confirm(state: _TurnState) -> _Reply:
    session = state.session
    pending = session.pending_action
    if pending is None:
        return _Reply(
            bi("目前没有需要确认的操作。", "There's nothing waiting for a yes."), "assistant"
        )
    session.pending_action = None
    agent: AgentName = (
        "travel_companion" if pending.command["type"] == "send_destination" else "car_genius"
    )
    label = pending.label
    if state.rehearse:
        return _Reply(bi(f"好的，{label.zh}。", f"OK, {label.en}."), agent)
    outcome = state.call("send_remote_command", {"command": pending.command})
    if outcome.error is not None:
        msg = outcome.error.message
        return _Reply(bi(f"无法{label.zh}：{msg.zh}", f"I couldn't {label.en}: {msg.en}"), agent)
    sent = outcome.result
    assert isinstance(sent, CommandSent)
    session.open_commands.append(sent.command_id)
    return _Reply(
        bi(
            f"好的，已发送{label.zh}的指令（{sent.command_id}），几秒钟后执行。",
            f"OK, I've sent the command to {label.en} ({sent.command_id}); it will be carried "
            "out in a few seconds.",
        ),
        agent,
    )


def _deny(state: _TurnState) -> _Reply:
    session = state.session
    pending = session.pending_action
    if pending is not None:
        session.pending_action = None
        agent: AgentName = (
            "travel_companion" if pending.command["type"] == "send_destination" else "car_genius"
        )
        return _Reply(
            bi(f"好的，不{pending.label.zh}了。", f"OK, I won't {pending.label.en}."), agent
        )
    return _Reply(bi("好的。", "OK."), "assistant")


def _help() -> _Reply:
    return _Reply(
        bi(
            "我可以查电量、续航、胎压和门锁，解释仪表盘警示灯，远程锁车、开空调、充电，"
            "规划电动车行程，找充电站和餐厅。",
            "I can check your battery, range, tyres and locks, explain dashboard warning "
            "lights, lock the car, run the climate or charging remotely, plan EV trips, and "
            "find chargers and restaurants.",
        ),
        "assistant",
        chips=[
            bi("还能开多远", "What's my range?"),
            bi("锁车", "Lock the car"),
            bi("附近充电站", "Chargers nearby"),
            bi("导航去杭州", "Plan a trip to Hangzhou"),
        ],
    )


# --- Travel Companion: lists ------------------------------------------------------------------


def _charger_query(u: Understanding, base: dict[str, Any]) -> dict[str, Any]:
    query = dict(base)
    if "min_power_kw" in u.slots:
        query["min_power_kw"] = u.slots["min_power_kw"]
    return query


def _chargers(state: _TurnState, query: dict[str, Any]) -> _Reply:
    query = {**query, "limit": state.cap}
    outcome = state.call("find_chargers", query)
    if outcome.error is not None:
        return _Reply(outcome.error.message, "travel_companion")
    found = outcome.result
    assert isinstance(found, ChargerList)
    items = rp.charger_items(found, state.cap)
    _remember(
        state.session,
        "chargers",
        query,
        [ListedResult(kind="chargers", index=i.index, id=i.charger_id, name=i.name,
                      coordinates=i.coordinates) for i in items],
    )  # fmt: skip
    chips = [bi("第一个", "The first one"), bi("要快充", "A faster one"), bi("便宜点的", "Cheaper")]
    return _Reply(
        rp.charger_speech(items, state.moving),
        "travel_companion",
        [rp.charger_card(items, len(found.results))],
        chips=chips,
    )


_CUISINES = {
    "shanghainese", "sichuan", "hunan", "cantonese", "jiangsu_zhejiang", "anhui", "beijing",
    "shandong", "hotpot", "noodles", "dumplings", "vegetarian", "western", "steakhouse",
    "japanese", "fast_food", "halal", "xinjiang", "cafe",
}  # fmt: skip
_DIETARY = {"vegetarian", "vegan", "halal", "no_pork", "no_beef", "no_spicy"}


def _food_query(u: Understanding, base: dict[str, Any]) -> dict[str, Any]:
    query = dict(base)
    cuisine = u.slots.get("cuisine")
    dietary = u.slots.get("dietary")
    if isinstance(cuisine, str) and cuisine in _CUISINES and cuisine != dietary:
        query["cuisines"] = [cuisine]
    if isinstance(dietary, str) and dietary in _DIETARY:
        query["dietary"] = sorted({*query.get("dietary", []), dietary})
    if "max_budget_cny" in u.slots:
        query["max_budget_cny"] = u.slots["max_budget_cny"]
    return query


def _restaurants(state: _TurnState, query: dict[str, Any]) -> _Reply:
    query = {**query, "limit": state.cap}
    outcome = state.call("find_restaurants", query)
    if outcome.error is not None:
        return _Reply(outcome.error.message, "travel_companion")
    found = outcome.result
    assert isinstance(found, RestaurantList)
    items = rp.restaurant_items(found, state.cap)
    _remember(
        state.session,
        "restaurants",
        query,
        [ListedResult(kind="restaurants", index=i.index, id=i.restaurant_id, name=i.name,
                      coordinates=i.coordinates) for i in items],
    )  # fmt: skip
    chips = [
        bi("第一家", "The first one"),
        bi("便宜点的", "Cheaper"),
        bi("不要辣的", "No spicy food"),
    ]
    return _Reply(
        rp.restaurant_speech(items, state.moving),
        "travel_companion",
        [rp.restaurant_card(items, len(found.results))],
        chips=chips,
    )


def _remember(
    session: Session, kind: ResultsKind, query: dict[str, Any], items: list[ListedResult]
) -> None:
    session.last_results_kind = kind
    session.last_query = {k: v for k, v in query.items() if k != "limit"}
    session.last_results = items


_CHARGER_REFINEMENTS: dict[str, dict[str, Any]] = {
    "faster_charger": {"sort": "power"},
    "cheaper": {"sort": "price"},
    "closer": {"sort": "distance"},
    "open_now": {},
}
_RESTAURANT_REFINEMENTS: dict[str, dict[str, Any]] = {
    "cheaper": {"sort": "price"},
    "closer": {"sort": "distance"},
    "better_rated": {"sort": "rating"},
    "open_now": {},
}


def _refine(state: _TurnState, u: Understanding) -> _Reply:
    session = state.session
    refinement = str(u.slots.get("refinement", ""))
    if session.last_results_kind == "chargers":
        change = _CHARGER_REFINEMENTS.get(refinement)
        if change is not None:
            return _chargers(state, {**session.last_query, **change})
    if session.last_results_kind == "restaurants":
        if refinement in ("no_spicy", "vegetarian"):
            dietary = sorted({*session.last_query.get("dietary", []), refinement})
            return _restaurants(state, {**session.last_query, "dietary": dietary})
        change = _RESTAURANT_REFINEMENTS.get(refinement)
        if change is not None:
            return _restaurants(state, {**session.last_query, **change})
    return _Reply(
        bi("要我先帮您找充电站还是餐厅？", "Shall I look for chargers or restaurants first?"),
        "assistant",
        chips=[bi("附近充电站", "Chargers nearby"), bi("附近餐厅", "Restaurants nearby")],
    )


def _pick(session: Session, index: int) -> ListedResult | None:
    items = session.last_results
    if not items:
        return None
    position = len(items) if index == -1 else index
    return items[position - 1] if 1 <= position <= len(items) else None


def _select(state: _TurnState, u: Understanding) -> _Reply:
    session = state.session
    index = u.slots.get("index", 1)
    picked = _pick(session, int(index)) if isinstance(index, int | float) else None
    if picked is None:
        if not session.last_results:
            return _Reply(
                bi("还没有可以选的列表。", "There's no list to choose from yet."), "assistant"
            )
        n = len(session.last_results)
        return _Reply(
            bi(f"列表里只有{n}项。", f"The list only has {n} item{'s' if n > 1 else ''}."),
            "travel_companion",
        )
    command = _destination_command(picked.name, picked.coordinates, session.locale)
    reply = _propose(state, command, "travel_companion")
    reply.speech = bi(
        f"第{picked.index}个：{picked.name.zh}。要把它发送到车上导航吗？",
        f"Number {picked.index}: {picked.name.en}. Shall I send it to the car?",
    )
    return reply


def _destination_command(
    name: Bilingual, where: Coordinates, locale: Locale = "zh"
) -> dict[str, Any]:
    return {
        "type": "send_destination",
        "destination": {"name": name.pick(locale), "coordinates": where.model_dump()},
    }


# --- Travel Companion: trips ------------------------------------------------------------------


def _current_trip(state: _TurnState) -> Trip | None:
    if state.session.trip_id is None:
        return None
    try:
        return state.ctx.sandbox.trips.get(state.session.trip_id)
    except NotFound:
        return None


def _plan(state: _TurnState, destination: str, waypoints: list[str]) -> _Reply | Trip:
    outcome = state.call("plan_trip", {"destination": destination, "waypoints": waypoints})
    if outcome.error is not None:
        return _Reply(outcome.error.message, "travel_companion")
    trip = outcome.result
    assert isinstance(trip, Trip)
    state.session.trip_id = trip.trip_id
    return trip


def _destination_of(state: _TurnState, u: Understanding) -> str | None:
    slot = u.slots.get("destination")
    if isinstance(slot, str) and not u.slots.get("refers_to_result"):
        return slot
    picked = _pick(state.session, int(u.slots.get("index", 1)))
    return picked.name.zh if picked is not None else (slot if isinstance(slot, str) else None)


def _trip(state: _TurnState, u: Understanding) -> _Reply:
    destination = _destination_of(state, u)
    if destination is None:
        return _ask_slot(
            state, u.model_copy(update={"missing_slots": ["destination"]}), "travel_companion"
        )
    waypoints = [str(v) for k, v in sorted(u.slots.items()) if k.startswith("waypoint")]
    planned = _plan(state, destination, waypoints)
    if isinstance(planned, _Reply):
        return planned
    return _trip_reply(state, planned, reach=u.intent is Intent.CAN_REACH)


def _trip_reply(state: _TurnState, trip: Trip, *, reach: bool) -> _Reply:
    speech = rp.trip_speech(trip)
    plan = trip.plan
    if reach and plan.status.value == "ok":
        charges = sum(1 for s in plan.stops if s.kind.value == "charge")
        lead = (
            bi("能到。", "Yes, you can make it.")
            if charges == 0
            else bi("不充电到不了，需要途中充电。", "Not without charging on the way.")
        )
        speech = rp.join([lead, speech])
    actions = []
    chips = [bi("途经苏州", "Stop in Suzhou on the way")]
    if plan.status.value == "ok":
        dest = _destination_command(
            plan.destination.name, plan.destination.coordinates, state.session.locale
        )
        actions.append(
            rp.Action(
                type="remote_command",
                label=bi("发送到车上", "Send to car"),
                command=dest,
                requires_confirmation=True,
            )
        )
        chips.insert(0, bi("发送到车上", "Send it to the car"))
    return _Reply(speech, "travel_companion", [rp.trip_card(trip, state.cap)], actions, chips)


def _add_stop(state: _TurnState, u: Understanding) -> _Reply:
    trip = _current_trip(state)
    waypoint = str(u.slots["waypoint"])
    if trip is None or not isinstance(trip.request.destination, str):
        return _Reply(
            bi("还没有行程。要去哪里？", "There's no trip yet. Where to?"), "travel_companion"
        )
    waypoints = [str(w) for w in trip.request.waypoints] + [waypoint]
    planned = _plan(state, trip.request.destination, waypoints)
    if isinstance(planned, _Reply):
        return planned
    return _trip_reply(state, planned, reach=False)


def _send_destination(state: _TurnState, u: Understanding) -> _Reply:
    session = state.session
    if u.slots.get("refers_to_result") and session.last_results:
        picked = _pick(session, int(u.slots.get("index", 1)))
        if picked is not None:
            command = _destination_command(picked.name, picked.coordinates, session.locale)
            return _propose(state, command, "travel_companion")
    trip = _current_trip(state)
    if trip is not None:
        dest = trip.plan.destination
        command = _destination_command(dest.name, dest.coordinates, session.locale)
        return _propose(state, command, "travel_companion")
    destination = u.slots.get("destination")
    place = (
        state.ctx.catalog.travel.graph.places.get(destination)
        if isinstance(destination, str)
        else None
    )
    if place is not None:
        command = _destination_command(place.name, place.coordinates, session.locale)
        return _propose(state, command, "travel_companion")
    return _Reply(bi("要发送哪里到车上？", "Where should I send to the car?"), "travel_companion")

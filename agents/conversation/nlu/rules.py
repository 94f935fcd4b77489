"""The intent rules: an ordered list, the first rule that recognises a fragment wins.

Order is the disambiguation: specific before general (a warning *light* before the battery, a
charge *limit* before charging, can-I-reach before range), questions about state before the
commands that share their words ("is the car locked?" before "lock the car").

Confidence is rule-based: an unambiguous keyword hit is `HIGH`, a reading that needs inference
(a bare "去杭州", a follow-up without the list it refers to) is lower, anything unrecognised is
`out_of_scope` at `OUT_OF_SCOPE`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from agents.conversation.nlu import slots as extract
from agents.conversation.nlu.cabin_lexicon import FEELING_COLD, FEELING_HOT, SEAT_WORDS
from agents.conversation.nlu.cabin_rules import cabin
from agents.conversation.nlu.candidate import FAIR, GOOD, HIGH, LOW, OUT_OF_SCOPE, Candidate
from agents.conversation.nlu.intents import DialogueContext, Intent, SlotValue
from agents.conversation.nlu.lexicon import (
    ADD_STOP,
    ALONG_ROUTE,
    ANSWER_FILLERS,
    CAN_REACH,
    CANCEL_PREFIX,
    CHARGE_LIMIT,
    CHARGE_START,
    CHARGE_STOP,
    CHARGER_NOUNS,
    CHARGING_STATE,
    CHARGING_WORDS,
    CLIMATE_NOUNS,
    CLIMATE_OFF,
    CLIMATE_ON,
    CLIMATE_STATE,
    CONFIRM_PHRASES,
    DENY_PHRASES,
    FLASH,
    FOOD_NOUNS,
    GREETINGS,
    HELP,
    HONK,
    LIGHT_CONTEXT,
    LIGHT_WORDS,
    LOCK_WORDS,
    NOT_SERVICE,
    PLAN_TRIP_STRONG,
    PLAN_TRIP_VERBS,
    PLUG_STATE,
    PRECONDITION,
    REFINEMENT_FOR_CHARGERS,
    REFINEMENT_FOR_RESTAURANTS,
    SEARCH_VERBS,
    SEND_TO_CAR,
    STATUS_BATTERY,
    STATUS_BATTERY_FUEL,
    STATUS_DOORS_WINDOWS,
    STATUS_LOCATION,
    STATUS_ODOMETER,
    STATUS_OVERVIEW,
    STATUS_RANGE,
    STATUS_SERVICE,
    STATUS_TIRES,
    TEMPERATURE_NOUNS,
    TIME_TO_FULL,
    UNLOCK_WORDS,
    VAGUE_SELECTION,
)
from agents.conversation.nlu.matching import (
    Keywords,
    asks_about_state,
    first_label,
    has_cjk,
    is_question,
)
from agents.conversation.nlu.places import (
    extract_area,
    extract_places,
    is_result_reference,
    known_place_in,
)


@dataclass(frozen=True)
class Fragment:
    """One request's text: as said (NFKC-normalised) and lower-cased for matching."""

    text: str
    lower: str

    @classmethod
    def of(cls, text: str) -> Fragment:
        return cls(text=text.strip(), lower=text.strip().lower())


Rule = Callable[[Fragment, DialogueContext], Candidate | None]

_ANSWER_PUNCTUATION = re.compile(r"[,.!?;:~…，。！？；：～、\"'“”]")
_TRAILING_PARTICLES = re.compile(r"(?:吧|啊|呀|哦|嘛|呢|哈)+$")
_FILLERS = Keywords(ANSWER_FILLERS)
_LIGHT_COMMAND = Keywords(
    ("turn on", "turn off", "switch on", "switch off", "打开", "关闭", "关掉", "开一下", "关一下")
)
_TRAVEL_ACTION = Keywords(
    ("navigate", "take me", "go to", "drive to", "head to", "send", "add", "route to",
     "导航", "去", "发到", "发送", "途经", "加到", "添加")
)  # fmt: skip
_THERE = Keywords(("there", "那里", "那儿", "那边"))
_HEAT_WORDS = Keywords(
    (
        "heat",
        "heating",
        "heater",
        "warm up",
        "preheat",
        "pre-heat",
        "暖气",
        "暖风",
        "制热",
        "预热",
        "升温",
        "加热",
    )
)
_COOL_WORDS = Keywords(
    ("cool down", "cool off", "cool it", "cooler", "precool", "pre-cool", "冷气", "制冷", "预冷",
     "降温", "凉快", "凉爽", "凉一点", "凉一些", "凉点")
)  # fmt: skip
_DEFROST_WORDS = Keywords(("defrost", "defroster", "除雾", "除霜"))
# What is sent is a short phrase; bounding it keeps a text of many "send"s linear.
_SEND_WHAT_EN = re.compile(r"\bsend\s+(?P<what>.{1,80}?)\s+to\s+(?:the|my)\s+(?:car|vehicle)")
_SEND_WHAT_ZH = re.compile(r"把(?P<what>.{1,40}?)(?:发|同步|推送|传)")
# Cues that word lists can't hold: a verb and its object a few words apart.
_RANGE_CUES = re.compile(
    r"\b(?:miles?|kms?|kilomet(?:er|re)s?)\b(?:\s+\S+){0,4}?\s+(?:left|remaining|to go)\b"
    r"|\b(?:till|until|to|before)\s+(?:it's\s+|its\s+|i'm\s+|im\s+|the battery is\s+)?empty\b"
    r"|\banother\s+\d+\s*(?:km|kms|miles|kilomet)"
)
_ODOMETER_CUES = re.compile(
    r"\b(?:km|kms|miles|kilomet(?:er|re)s)\s+(?:are\s+|is\s+|do\s+i\s+have\s+)?on\s+"
    r"(?:the|my|this|it)\b|里程(?:是)?多少|里程数"
)
_OVERVIEW_CUES = re.compile(
    r"\b(?:car|vehicle)\b(?:\s+\w+){0,3}?\s+(?:ok|okay|alright|all right|fine|healthy)\b"
    r"|车[子辆]?[^，。？吗]{0,4}(?:状态|故障|问题|毛病|状况)"
)
_LOCATION_CUES = re.compile(
    r"\bwhere\b[^?.!]{0,20}\b(?:my|the)\s+(?:car|vehicle)\b"
    r"|(?:车|我们|咱们|我)[^，。？]{0,3}(?:在哪|停哪|停在哪)"
)
_UNLOCK_CUES = re.compile(
    r"\bopen\s+(?:up\s+)?(?:the|my)\s+(?:doors?|car)\b|\blet\s+(?:me|us)\s+in\b"
    r"|开(?:一下|下)?(?:车|门)?锁|锁(?:打开|开一下|解开)"
)
_STOP_CHARGING_CUES = re.compile(
    r"\b(?:stop|pause|end|cancel|halt|quit|kill|interrupt)\b(?:\s+\S+){0,3}?\s+charg"
    r"|(?:停|暂停|结束|取消|断开|别)[^，。]{0,3}充|充电[^，。]{0,2}(?:停|暂停|结束|取消)"
)
_FULL_WHEN_CUES = re.compile(
    r"\b(?:when|how long|how much longer|what time)\b(?:\s+\S+){0,6}?\s+(?:full|fully charged|"
    r"charged|done charging|finish(?:ed)? charging|charge|charging)\b"
)
_FLASH_CUES = re.compile(r"闪[^，。]{0,2}(?:灯|大灯)")
_HONK_CUES = re.compile(r"鸣[^，。]{0,2}笛|按[^，。]{0,2}喇叭")
_COOL_CUES = re.compile(r"\bcool\s+(?:\S+\s+){0,3}down\b|凉快|凉爽")
_HEAT_CUES = re.compile(r"\bwarm\s+(?:\S+\s+){0,3}up\b|暖和")
# A question about something else that merely says "last" or "first" ("who won last night").
_OPEN_QUESTION = re.compile(r"^(?:who|what|when|why|how|where)\b")
_LEFT = re.compile(r"\bleft\b|还剩|剩下|剩余")
_MAX_BARE_SELECTION_WORDS = 4
_MAX_ANSWER_CHARS = 40
_MAX_SELECTION_WORDS = 8
_MAX_SELECTION_CHARS = 12


def answer_core(lower: str, *, drop_fillers: bool = True) -> str:
    """A short answer without punctuation, pleasantries ("yes please") or extra spaces."""
    core = _ANSWER_PUNCTUATION.sub(" ", lower)
    if drop_fillers:
        core = _FILLERS.pattern.sub(" ", core)
    return " ".join(core.split())


def _short_answer(lower: str, phrases: frozenset[str], *, drop_fillers: bool = True) -> bool:
    core = answer_core(lower, drop_fillers=drop_fillers)
    return core in phrases or _TRAILING_PARTICLES.sub("", core) in phrases


def _one_answer(phrases: frozenset[str]) -> re.Pattern[str]:
    """ "yeah go ahead", "好的好的": several answers of one kind in a row, as one pattern."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?:\s*(?:{alternatives}))+")


_CONFIRMS = _one_answer(CONFIRM_PHRASES)
_DENIALS = _one_answer(DENY_PHRASES)


def _answers(lower: str, phrases: frozenset[str], repeated: re.Pattern[str]) -> bool:
    if _short_answer(lower, phrases):
        return True
    core = answer_core(lower)
    return (
        len(core) <= _MAX_ANSWER_CHARS
        and repeated.fullmatch(_TRAILING_PARTICLES.sub("", core)) is not None
    )


def _confirm_or_deny(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    confidence = HIGH if ctx.awaiting_confirmation else 0.6
    if len(f.lower) > _MAX_ANSWER_CHARS:
        return None
    if _answers(f.lower, CONFIRM_PHRASES, _CONFIRMS):
        return Candidate(Intent.CONFIRM, confidence)
    if _answers(f.lower, DENY_PHRASES, _DENIALS):
        return Candidate(Intent.DENY, confidence)
    return None


def _greeting(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    for kind, phrases in GREETINGS.items():
        if _short_answer(f.lower, phrases, drop_fillers=False):
            return Candidate(Intent.GREETING, HIGH, {"kind": kind})
    return None


def _select(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    if _TRAVEL_ACTION.found_in(f.lower):
        return None
    if _short_answer(f.lower, VAGUE_SELECTION):
        return Candidate(Intent.SELECT, LOW, {"index": 1})
    index = extract.selection_index(f.lower)
    if _OPEN_QUESTION.search(f.lower):
        return None
    words = _MAX_SELECTION_WORDS if ctx.last_results_kind else _MAX_BARE_SELECTION_WORDS
    short = len(f.lower.split()) <= words and len(f.lower) <= (
        _MAX_SELECTION_CHARS if any("\u4e00" <= ch <= "\u9fff" for ch in f.lower) else 60
    )
    if index is None or not short:
        return None
    return Candidate(Intent.SELECT, 0.9 if ctx.last_results_kind else 0.6, {"index": index})


def _refine(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    refinement = extract.refinement(f.lower)
    if refinement is None:
        return None
    about_food = FOOD_NOUNS.found_in(f.lower) or extract.cuisine(f.lower) is not None
    about_chargers = CHARGER_NOUNS.found_in(f.lower)
    slots: dict[str, SlotValue] = {"refinement": refinement}
    kind = ctx.last_results_kind
    if (
        kind == "restaurants"
        and not about_chargers
        and not extract.cuisine(f.lower, named_only=True)
    ):
        fits = refinement in REFINEMENT_FOR_RESTAURANTS
        return Candidate(Intent.REFINE, HIGH if fits else FAIR, slots)
    if kind == "chargers" and not about_food:
        return Candidate(
            Intent.REFINE, HIGH if refinement in REFINEMENT_FOR_CHARGERS else FAIR, slots
        )
    if kind == "trips" and not (about_food or about_chargers):
        return Candidate(Intent.REFINE, FAIR, slots)
    if about_food or about_chargers or SEARCH_VERBS.found_in(f.lower):
        return None
    return Candidate(Intent.REFINE, LOW, slots)


def _cabin(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    return cabin(f.lower)


def _flash_or_honk(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    if FLASH.found_in(f.lower) or _FLASH_CUES.search(f.lower):
        return Candidate(Intent.FLASH_LIGHTS, HIGH)
    if HONK.found_in(f.lower) or _HONK_CUES.search(f.lower):
        return Candidate(Intent.HONK, HIGH)
    return None


def _warning_light(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    if not LIGHT_WORDS.found_in(f.lower):
        return None
    color = extract.warning_color(f.lower)
    system = extract.warning_system(f.lower)
    if not (color or system or LIGHT_CONTEXT.found_in(f.lower)):
        return None
    if _LIGHT_COMMAND.found_in(f.lower) and not is_question(f.lower):
        return None  # "打开车灯" switches a lamp on; it asks about no warning
    slots: dict[str, SlotValue] = {"light_text": extract.light_phrase(f.text, f.lower)}
    if color:
        slots["color"] = color
    if system:
        slots["system"] = system
    return Candidate(Intent.EXPLAIN_WARNING_LIGHT, HIGH if color or system else GOOD, slots)


def _can_reach(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    if not CAN_REACH.found_in(f.lower):
        return None
    slots = _place_slots(f, destination_fallback=True)
    if "destination" not in slots and (STATUS_BATTERY.found_in(f.lower) or _LEFT.search(f.lower)):
        return None  # "is there enough charge left in the battery" asks about the battery
    return Candidate(Intent.CAN_REACH, HIGH if "destination" in slots else GOOD, slots)


def _plausible_place(phrase: str, text: str) -> str | None:
    """A cut that left a single character ("到得了宁波吗" → "得") names no place; the known place
    in the text does."""
    if has_cjk(phrase) and len(phrase) < 2:
        return known_place_in(text)
    return phrase


def _range(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    """Range questions share words with charging ("before I need to charge") and trips ("how
    far will it take me"); without a place named they are about the range."""
    lower = f.lower
    if not (STATUS_RANGE.found_in(lower) or _RANGE_CUES.search(lower)):
        return None
    if known_place_in(f.text) is not None or _ODOMETER_CUES.search(lower):
        return None
    return Candidate(Intent.STATUS_RANGE, HIGH)


def _charging(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    lower = f.lower
    about_charge = "charg" in lower or "充" in lower
    if (about_charge or "full" in lower) and _FULL_WHEN_CUES.search(lower):
        return Candidate(Intent.STATUS_CHARGING, HIGH)  # "how much longer do I need to charge"
    plug = PLUG_STATE.found_in(lower)
    if CHARGER_NOUNS.found_in(lower) and not plug:
        return _find_charger(f)
    if about_charge and _STOP_CHARGING_CUES.search(lower) and not CHARGER_NOUNS.found_in(lower):
        return Candidate(Intent.CHARGE_STOP, HIGH)
    if TIME_TO_FULL.found_in(lower):
        return Candidate(Intent.STATUS_CHARGING, HIGH)  # "how long until it's full"
    charging = CHARGING_WORDS.found_in(lower) or plug
    limit = extract.limit_pct(lower)
    explicit_percent = "%" in lower or "百分之" in lower or "percent" in lower
    if CHARGE_LIMIT.found_in(lower) or (charging and explicit_percent and limit is not None):
        return Candidate(Intent.SET_CHARGE_LIMIT, HIGH, {"limit_pct": limit} if limit else {})
    if CHARGE_STOP.found_in(lower):
        return Candidate(Intent.CHARGE_STOP, HIGH)
    if not charging or (STATUS_BATTERY.found_in(lower) and not CHARGING_STATE.found_in(lower)):
        return None  # "how much charge is left" is about the battery
    if plug or CHARGING_STATE.found_in(lower) or asks_about_state(lower):
        return Candidate(Intent.STATUS_CHARGING, HIGH)
    return Candidate(Intent.CHARGE_START, HIGH if CHARGE_START.found_in(lower) else FAIR)


def _find_charger(f: Fragment) -> Candidate:
    slots: dict[str, SlotValue] = {}
    power = extract.min_power_kw(f.lower)
    if power is not None:
        slots["min_power_kw"] = power
    if ALONG_ROUTE.found_in(f.lower):
        slots["along_route"] = True
    return Candidate(Intent.FIND_CHARGER, HIGH, slots)


def _climate(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    lower = f.lower
    if CLIMATE_STATE.found_in(lower) and extract.temperature_c(lower) is None:
        return Candidate(Intent.STATUS_CLIMATE, GOOD)  # "how warm is it in the car"
    device = (
        CLIMATE_NOUNS.found_in(lower) or PRECONDITION.found_in(lower)
        or _COOL_CUES.search(lower) is not None or _HEAT_CUES.search(lower) is not None
    )  # fmt: skip
    temperature_word = TEMPERATURE_NOUNS.found_in(lower)
    feeling = FEELING_COLD.found_in(lower) or FEELING_HOT.found_in(lower)
    if not (device or temperature_word or feeling):
        return None
    temperature = extract.temperature_c(lower)
    if CLIMATE_STATE.found_in(lower) or (temperature is None and asks_about_state(lower)):
        return Candidate(Intent.STATUS_CLIMATE, HIGH if device or temperature_word else GOOD)
    if device and CLIMATE_OFF.found_in(lower) and temperature is None:
        return Candidate(Intent.CLIMATE_OFF, HIGH)
    slots: dict[str, SlotValue] = {}
    if temperature is not None:
        slots["temperature_c"] = temperature
    mode = _climate_mode(lower)
    if mode:
        slots["mode"] = mode
    zone = first_label(lower, SEAT_WORDS)
    if zone:
        slots["zone"] = zone[0]
    if temperature is not None or feeling or (device and CLIMATE_ON.found_in(lower)):
        return Candidate(Intent.CLIMATE_ON, HIGH if not feeling else GOOD, slots)
    if device or CLIMATE_ON.found_in(lower):  # "AC please", "把温度调高": on, target unknown
        return Candidate(Intent.CLIMATE_ON, FAIR, slots)
    return None


def _climate_mode(lower: str) -> str | None:
    if _DEFROST_WORDS.found_in(lower):
        return "defrost"
    if FEELING_COLD.found_in(lower) or _HEAT_WORDS.found_in(lower) or _HEAT_CUES.search(lower):
        return "heat"
    if FEELING_HOT.found_in(lower) or _COOL_WORDS.found_in(lower) or _COOL_CUES.search(lower):
        return "cool"
    return None


def _locks(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    unlock = UNLOCK_WORDS.found_in(f.lower) or _UNLOCK_CUES.search(f.lower) is not None
    if not (unlock or LOCK_WORDS.found_in(f.lower)):
        return None
    if asks_about_state(f.lower):
        return Candidate(Intent.STATUS_LOCKS, HIGH)
    return Candidate(Intent.UNLOCK if unlock else Intent.LOCK, HIGH)


def _send_destination(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    if not SEND_TO_CAR.found_in(f.lower):
        return None
    slots: dict[str, SlotValue] = {}
    what = _SEND_WHAT_EN.search(f.lower) or _SEND_WHAT_ZH.search(f.lower)
    if what:
        start, end = what.span("what")
        phrase = f.text[start:end].strip() if len(f.text) == len(f.lower) else what.group("what")
        if is_result_reference(phrase):
            slots["refers_to_result"] = True
            index = extract.selection_index(f.lower)
            if index is not None:
                slots["index"] = index
        else:
            slots["destination"] = known_place_in(phrase) or phrase
    else:
        slots.update(_place_slots(f, destination_fallback=True))
    return Candidate(Intent.SEND_DESTINATION, HIGH, slots)


def _trip(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    """plan_trip and add_stop share their place phrases; a destination makes it a trip."""
    slots = _place_slots(f, destination_fallback=False)
    destination = slots.get("destination")
    if isinstance(destination, str) and STATUS_SERVICE.found_in(destination.lower()):
        return None  # "该去保养了吗" goes to the service, not to a place called that
    strong = PLAN_TRIP_STRONG.found_in(f.lower)
    verb = strong or PLAN_TRIP_VERBS.found_in(f.lower)
    adds = ADD_STOP.found_in(f.lower)
    goes = verb or "去" in f.lower
    if "destination" in slots or (slots.get("refers_to_result") and not adds and goes):
        explicit = verb or "origin" in slots or "waypoint" in slots
        return Candidate(Intent.PLAN_TRIP, HIGH if explicit else FAIR, slots)
    if adds or (slots.get("waypoint") and not strong):
        return Candidate(Intent.ADD_STOP, HIGH if "waypoint" in slots else GOOD, slots)
    if strong:
        fallback = _place_slots(f, destination_fallback=True)
        return Candidate(Intent.PLAN_TRIP, GOOD, fallback)
    return None


def _place_slots(f: Fragment, *, destination_fallback: bool) -> dict[str, SlotValue]:
    places = extract_places(f.text)
    if _THERE.found_in(f.lower) and not places.destination:
        places = replace(places, refers_to_result=True)  # "take me there", "去那儿"
    slots: dict[str, SlotValue] = {}
    destination = _plausible_place(places.destination, f.text) if places.destination else None
    if destination is None and destination_fallback and not places.refers_to_result:
        destination = known_place_in(f.text)
        if destination in places.waypoints or destination == places.origin:
            destination = None
    if destination:
        slots["destination"] = destination
    for number, waypoint in enumerate(places.waypoints, start=1):
        slots["waypoint" if number == 1 else f"waypoint_{number}"] = waypoint
    if places.origin:
        slots["origin"] = places.origin
    if places.refers_to_result:
        slots["refers_to_result"] = True
        index = extract.selection_index(f.lower)
        if index is not None:
            slots["index"] = index
    return slots


def _find_food(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    lower = f.lower
    cuisine = extract.cuisine(lower)
    dietary = extract.dietary(lower)
    if not (FOOD_NOUNS.found_in(lower) or cuisine or dietary):
        return None
    slots: dict[str, SlotValue] = {}
    if cuisine:
        slots["cuisine"] = cuisine
    if dietary:
        slots["dietary"] = dietary
    budget = extract.max_budget_cny(lower)
    if budget is not None:
        slots["max_budget_cny"] = budget
    meal = extract.meal(lower)
    if meal:
        slots["meal"] = meal
    area = extract_area(f.text)
    if area:
        slots["near"] = area
    return Candidate(Intent.FIND_FOOD, HIGH, slots)


def _status(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    lower = f.lower
    if STATUS_ODOMETER.found_in(lower) or _ODOMETER_CUES.search(lower):
        return Candidate(Intent.STATUS_ODOMETER, HIGH)
    if STATUS_RANGE.found_in(lower):
        return Candidate(Intent.STATUS_RANGE, HIGH)
    if STATUS_BATTERY_FUEL.found_in(lower):
        return Candidate(Intent.STATUS_BATTERY, HIGH, {"energy": "fuel"})
    if STATUS_BATTERY.found_in(lower):
        return Candidate(Intent.STATUS_BATTERY, HIGH, {"energy": "battery"})
    if STATUS_TIRES.found_in(lower):
        return Candidate(Intent.STATUS_TIRES, HIGH)
    if STATUS_DOORS_WINDOWS.found_in(lower) and asks_about_state(lower):
        return Candidate(Intent.STATUS_DOORS_WINDOWS, HIGH)
    if STATUS_LOCATION.found_in(lower) or _LOCATION_CUES.search(lower):
        return Candidate(Intent.STATUS_LOCATION, HIGH)
    if STATUS_SERVICE.found_in(lower) and not NOT_SERVICE.found_in(lower):
        return Candidate(Intent.STATUS_SERVICE, HIGH)
    if STATUS_OVERVIEW.found_in(lower) or _OVERVIEW_CUES.search(lower):
        return Candidate(Intent.STATUS_OVERVIEW, HIGH)
    return None


def _help(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    return Candidate(Intent.HELP, GOOD) if HELP.found_in(f.lower) else None


def _cancel(f: Fragment, ctx: DialogueContext) -> Candidate | None:
    match = CANCEL_PREFIX.search(f.lower)
    return Candidate(Intent.DENY, FAIR) if match and match.start() == 0 else None


RULES: tuple[Rule, ...] = (
    _confirm_or_deny,
    _greeting,
    _select,
    _refine,
    _cabin,
    _flash_or_honk,
    _warning_light,
    _can_reach,
    _range,
    _charging,
    _climate,
    _locks,
    _cancel,
    _send_destination,
    _trip,
    _find_food,
    _status,
    _help,
)
"""Tried in order; the first that recognises the fragment wins."""


def classify(text: str, context: DialogueContext) -> Candidate:
    """The first rule's reading of one fragment, or out_of_scope."""
    fragment = Fragment.of(text)
    for rule in RULES:
        candidate = rule(fragment, context)
        if candidate is not None:
            return candidate
    return Candidate(Intent.OUT_OF_SCOPE, OUT_OF_SCOPE)

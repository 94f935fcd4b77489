"""The cabin rule: seats, windows, roof, trunk, wheel, defrost, lights, child lock, and "I'm cold".

One rule, tried before the climate, lock and warning-light rules that share its words ("seat
heater" is no climate request, "child lock" no lock, "reading light" no warning). A question
about a device ("are the windows closed?") is left to the status rules; everything else is a
command with its slots: `seat` (whose: a seat or "all"; left out it is the speaker's),
`on`, `level` (0–3) or `step` (+1/-1), `position_pct` (0 closed, 100 open), `zone` (defrost
front/rear), `colour`, `brightness_pct`.
"""

from __future__ import annotations

import re

from agents.conversation.nlu.cabin_lexicon import (
    A_LITTLE,
    ALL_SEATS,
    AMBIENT_LIGHT,
    BRIGHT_PCT,
    BRIGHTER,
    CABIN_WIDE,
    CHILD_LOCK,
    CLOSE,
    COLOURS,
    DEFROST,
    DEFROST_REAR,
    DIM_PCT,
    DIMMER,
    FEELING_COLD,
    FEELING_HOT,
    HALF,
    HALF_OPEN_PCT,
    HEAT_KIND,
    LEVEL_MAX,
    LEVEL_MID,
    LEVEL_MIN,
    LITTLE_OPEN_PCT,
    OPEN,
    READING_LIGHT,
    SEAT_NOUNS,
    SEAT_WORDS,
    STEP_DOWN,
    STEP_UP,
    SUNROOF,
    SUNROOF_SHADE,
    TRUNK,
    TURN_OFF,
    TURN_ON,
    VENT_KIND,
    WHEEL_NOUNS,
    WINDOW_NOUNS,
)
from agents.conversation.nlu.candidate import GOOD, HIGH, Candidate
from agents.conversation.nlu.intents import Intent, SlotValue
from agents.conversation.nlu.matching import Keywords, asks_about_state, first_label
from agents.conversation.nlu.numbers import NUMBER, parse_number

_N = rf"(?P<n>{NUMBER})"
_PERCENT = (
    re.compile(rf"百分之\s*{_N}"),
    re.compile(rf"{_N}\s*(?:%|percent|per cent|pct|成)"),
)
_LEVEL = (
    re.compile(rf"(?:level|lvl|setting|position|mode)\s*{_N}"),
    re.compile(rf"{_N}\s*(?:档|级|格)"),
    re.compile(rf"(?:到|成|为|(?<![a-z])(?:to|at|on))\s*{_N}(?![\d.]*\s*(?:%|度|°|percent))"),
)
_ONE_STEP = re.compile(
    r"(?P<up>[高加升]|\bup\b)\s*(?:一|1|one)\s*(?:档|级|格|level|notch)|[低减降]\s*(?:一|1)\s*(?:档|级|格)"
    r"|\bdown\s+(?:a|one)\s+(?:level|notch)"
)
# Statements of how one feels may end like a question ("有点冷呢"); these cues are real questions.
_FEELING_QUESTION = re.compile(r"吗|\?|冷不冷|热不热|^(?:is|are|do|does|was)\b")
_BARE_FEELING = re.compile(
    r"^(?:我们?|咱们?)?(?:好|太|真|有点|有些|挺|觉得|感觉|感觉有点|觉得有点)?(?P<w>冷|热)"
    r"(?:死了|了|啊|呀|死)?$|^(?:so |too )?(?P<e>cold|hot)$"
)
_BARE_FEELING_START = re.compile(
    r"^\W*(?:我们?|咱们?)?(?:好|太|真|有点|有些|挺|觉得|感觉)?[冷热]|^(?:so |too )?(?:cold|hot)$"
)
_ON_OFF: tuple[tuple[bool, Keywords], ...] = ((False, TURN_OFF), (True, TURN_ON))
_OPEN_CLOSE: tuple[tuple[bool, Keywords], ...] = ((False, CLOSE), (True, OPEN))


def _number(patterns: tuple[re.Pattern[str], ...], lower: str) -> float | None:
    for pattern in patterns:
        match = pattern.search(lower)
        if match:
            value = parse_number(match.group("n"))
            if value is not None:
                return value
    return None


def _seat(lower: str) -> SlotValue | None:
    named = first_label(lower, SEAT_WORDS)
    if named:
        return named[0]
    return "all" if ALL_SEATS.found_in(lower) else None


def _switch(lower: str) -> bool | None:
    """On or off, whichever is said first; None when neither is."""
    found = first_label(lower, _ON_OFF)
    return found[0] if found else None


def _with_seat(slots: dict[str, SlotValue], lower: str) -> dict[str, SlotValue]:
    seat = _seat(lower)
    if seat is not None:
        slots["seat"] = seat
    return slots


def _level_slots(lower: str) -> dict[str, SlotValue]:
    """ "2档", "level 3", "max", "warmer", "off": the level to set or the step to take."""
    if _switch(lower) is False and not STEP_DOWN.found_in(lower):
        return {"level": 0}
    step = _ONE_STEP.search(lower)  # "调高一档" is a step, not level one
    if step:
        return {"step": 1 if step.group("up") else -1}
    level = _number(_LEVEL, lower)
    if level is not None and level.is_integer():
        return {"level": int(level)}
    for value, words in ((3, LEVEL_MAX), (1, LEVEL_MIN), (2, LEVEL_MID)):
        if words.found_in(lower):
            return {"level": value}
    if STEP_UP.found_in(lower):
        return {"step": 1}
    if STEP_DOWN.found_in(lower):
        return {"step": -1}
    return {}


def _position(lower: str, *, opening: bool) -> int:
    percent = _number(_PERCENT, lower)
    if percent is not None:
        value = round(percent * 10 if "成" in lower and percent <= 10 else percent)
        return value if opening else 100 - value if value < 100 else 0
    if not opening:
        return 0
    if HALF.found_in(lower):
        return HALF_OPEN_PCT
    if A_LITTLE.found_in(lower):
        return LITTLE_OPEN_PCT
    return 100


def _opening(lower: str, intent: Intent) -> Candidate | None:
    """Windows, sunroof and shade: open or close, fully or by a percentage."""
    found = first_label(lower, _OPEN_CLOSE)
    has_percent = _number(_PERCENT, lower) is not None
    if found is None and not has_percent:
        return None
    opening = found[0] if found else True
    slots: dict[str, SlotValue] = {"position_pct": _position(lower, opening=opening)}
    if intent is Intent.WINDOW:
        _with_seat(slots, lower)
    return Candidate(intent, HIGH, slots)


def _heat_or_vent(lower: str) -> Candidate | None:
    wheel = WHEEL_NOUNS.found_in(lower)
    seat = SEAT_NOUNS.found_in(lower)
    heat, vent = HEAT_KIND.search(lower), VENT_KIND.search(lower)
    if wheel and heat and not seat:
        on = _switch(lower)
        return Candidate(Intent.STEERING_WHEEL_HEATING, HIGH, {"on": on is not False})
    if not seat or not (heat or vent):
        return None
    # "Cool my seat" ventilates; "warm my seat" heats; the first kind said decides both.
    ventilate = vent is not None and (heat is None or vent.start() < heat.start())
    intent = Intent.SEAT_VENTILATION if ventilate else Intent.SEAT_HEATING
    return Candidate(intent, HIGH, _with_seat(_level_slots(lower), lower))


def _ambient_slots(lower: str) -> dict[str, SlotValue]:
    slots: dict[str, SlotValue] = {"on": _switch(lower) is not False}
    colour = first_label(lower, COLOURS)
    if colour and slots["on"]:
        slots["colour"] = colour[0]
    percent = _number(_PERCENT, lower)
    if percent is not None:
        slots["brightness_pct"] = round(percent)
    elif BRIGHTER.found_in(lower):
        slots["brightness_pct"] = BRIGHT_PCT
    elif DIMMER.found_in(lower):
        slots["brightness_pct"] = DIM_PCT
    return slots


def _lights(lower: str) -> Candidate | None:
    if AMBIENT_LIGHT.found_in(lower):
        return Candidate(Intent.AMBIENT_LIGHT, HIGH, _ambient_slots(lower))
    if READING_LIGHT.found_in(lower):
        if first_label(lower, COLOURS):  # a colour for the lights inside is the ambient light
            return Candidate(Intent.AMBIENT_LIGHT, GOOD, _ambient_slots(lower))
        slots = _with_seat({"on": _switch(lower) is not False}, lower)
        return Candidate(Intent.READING_LIGHT, HIGH, slots)
    return None


def _feeling(lower: str) -> Candidate | None:
    if CABIN_WIDE.found_in(lower) or _FEELING_QUESTION.search(lower):
        return None
    bare = _BARE_FEELING.search(lower.strip())
    if bare:
        cold = (bare.group("w") or bare.group("e")) in ("冷", "cold")
        return Candidate(Intent.FEELING_COLD if cold else Intent.FEELING_HOT, GOOD, {})
    if FEELING_COLD.found_in(lower):
        return Candidate(Intent.FEELING_COLD, GOOD, _with_seat({}, lower))
    if FEELING_HOT.found_in(lower):
        return Candidate(Intent.FEELING_HOT, GOOD, _with_seat({}, lower))
    return None


# Every word a cabin request needs one of, as one pattern: most fragments are about something
# else and leave after this single search.
_ANY_CABIN = Keywords(
    word
    for keywords in (
        CHILD_LOCK, DEFROST, AMBIENT_LIGHT, READING_LIGHT, WHEEL_NOUNS, SEAT_NOUNS, SUNROOF_SHADE,
        SUNROOF, TRUNK, WINDOW_NOUNS, FEELING_COLD, FEELING_HOT,
    )
    for word in keywords.words
)  # fmt: skip


def cabin(lower: str) -> Candidate | None:
    """A cabin command in one fragment, or None (also for questions about the cabin)."""
    if not _ANY_CABIN.found_in(lower) and not _BARE_FEELING_START.search(lower):
        return None
    if asks_about_state(lower):
        return _feeling(lower)  # "有点冷呢" states a feeling; "冷不冷？" is left to the climate
    if CHILD_LOCK.found_in(lower):
        return Candidate(Intent.CHILD_LOCK, HIGH, {"on": _switch(lower) is not False})
    if DEFROST.found_in(lower):
        slots: dict[str, SlotValue] = {"zone": "rear" if DEFROST_REAR.found_in(lower) else "front"}
        slots["on"] = _switch(lower) is not False
        return Candidate(Intent.DEFROST, HIGH, slots)
    found = _lights(lower) or _heat_or_vent(lower)
    if found is not None:
        return found
    if SUNROOF_SHADE.found_in(lower):
        return _opening(lower, Intent.SUNROOF_SHADE)
    if SUNROOF.found_in(lower):
        return _opening(lower, Intent.SUNROOF)
    if TRUNK.found_in(lower):
        door = first_label(lower, _OPEN_CLOSE)
        return Candidate(Intent.TRUNK, HIGH, {"open": door[0]}) if door else None
    if WINDOW_NOUNS.found_in(lower):
        return _opening(lower, Intent.WINDOW)
    return _feeling(lower)

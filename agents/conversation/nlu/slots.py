"""Slot values read from a fragment: numbers with their anchors, and words mapped to ids.

Every number extractor needs an anchor (a unit, "到", "to", "百分之", "人均", "第"...) so that
incidental numerals ("查一下", "one of them") are never taken for values.
"""

from __future__ import annotations

import re

from agents.conversation.nlu.lexicon import (
    CUISINES,
    DIETARY,
    FAST_CHARGER,
    FAST_CHARGER_MIN_KW,
    LAST_ITEM,
    LIGHT_WORDS,
    MEALS,
    ORDINALS_EN,
    REFINEMENTS,
    ULTRA_CHARGER,
    ULTRA_CHARGER_MIN_KW,
    WARNING_COLORS,
    WARNING_SYSTEMS,
)
from agents.conversation.nlu.matching import first_label
from agents.conversation.nlu.numbers import NUMBER, parse_number

_N = rf"(?P<n>{NUMBER})"

_TEMPERATURE = (
    re.compile(rf"{_N}\s*(?:度|°c?|degrees?|celsius)"),
    re.compile(rf"(?:temp|temperature|温度)\s*{_N}(?![\d.]*\s*%)"),
    re.compile(rf"(?:到|为|成|至|设置?|调|(?<![a-z])(?:to|at))\s*{_N}(?![\d.]*\s*%)"),
)
_PERCENT = (
    re.compile(rf"百分之\s*{_N}"),
    re.compile(rf"{_N}\s*(?:%|percent|per cent|pct)"),
    re.compile(rf"(?:到|为|成|至|to|at|limit(?: of)?)\s*{_N}"),
)
_BUDGET = (
    re.compile(rf"人均\s*(?:消费)?\s*(?:¥|￥)?\s*{_N}"),
    re.compile(
        rf"(?:under|below|less than|max|at most|within|budget(?: of)?|up to|no more than|"
        rf"cheaper than|不超过|不到|低于|少于)\s*(?:¥|rmb|cny)?\s*{_N}"
    ),
    re.compile(rf"(?:¥|￥)\s*{_N}"),
    re.compile(rf"{_N}\s*(?:元|块钱|块|yuan|rmb|cny|kuai)"),
)
_POWER = re.compile(rf"{_N}\s*(?:kw|千瓦)")
_INDEX = (
    re.compile(rf"第\s*{_N}"),
    re.compile(r"(?<![a-z0-9])(?P<n>\d+)(?:st|nd|rd|th)\b"),
    re.compile(rf"(?:number|no\.|option|choice|item|#|选)\s*{_N}\s*(?:个|家|条|项|号)?"),
)
_RULE_CUISINES = frozenset({"halal", "vegetarian"})
_ORDINAL_EN = re.compile(rf"\b(?P<w>{'|'.join(ORDINALS_EN)})\b")


def _first_number(patterns: tuple[re.Pattern[str], ...], lower: str) -> float | None:
    for pattern in patterns:
        for match in pattern.finditer(lower):
            value = parse_number(match.group("n"))
            if value is not None:
                return value
    return None


def temperature_c(lower: str) -> float | None:
    """ "空调开到二十二度" → 22.0, "set the temperature to 22.5" → 22.5."""
    return _first_number(_TEMPERATURE, lower)


def limit_pct(lower: str) -> int | None:
    """ "充电上限设为百分之八十" → 80, "charge to 90%" → 90; outside 0–100 is no value."""
    value = _first_number(_PERCENT, lower)
    return round(value) if value is not None and 0 <= value <= 100 else None


def max_budget_cny(lower: str) -> int | None:
    """ "人均一百以内" → 100, "under 80 yuan" → 80."""
    value = _first_number(_BUDGET, lower)
    return round(value) if value is not None and value > 0 else None


def min_power_kw(lower: str) -> int | None:
    """An explicit "120kW"/"120千瓦", else the floor that "fast" or "super" implies."""
    match = _POWER.search(lower)
    if match:
        value = parse_number(match.group("n"))
        if value is not None:
            return round(value)
    if ULTRA_CHARGER.found_in(lower):
        return ULTRA_CHARGER_MIN_KW
    if FAST_CHARGER.found_in(lower):
        return FAST_CHARGER_MIN_KW
    return None


def selection_index(lower: str) -> int | None:
    """1-based position in the last list: "the second one", "第二个", "number 2"; last → -1."""
    value = _first_number(_INDEX, lower)
    if value is not None and value >= 1 and value.is_integer():
        return int(value)
    ordinal = _ORDINAL_EN.search(lower)
    if ordinal:
        return ORDINALS_EN[ordinal.group("w")]
    if LAST_ITEM.found_in(lower):
        return -1
    return None


def cuisine(lower: str, *, named_only: bool = False) -> str | None:
    """A named cuisine wins over the rule-like ones ("vegetarian Sichuan" is Sichuan, vegetarian);
    `named_only` leaves the rule-like ones (halal, vegetarian) out."""
    named = first_label(lower, [c for c in CUISINES if c[0] not in _RULE_CUISINES])
    if named:
        return named[0]
    if named_only:
        return None
    found = first_label(lower, [c for c in CUISINES if c[0] in _RULE_CUISINES])
    return found[0] if found else None


def dietary(lower: str) -> str | None:
    found = first_label(lower, DIETARY)
    return found[0] if found else None


def meal(lower: str) -> str | None:
    found = first_label(lower, MEALS)
    return found[0] if found else None


def refinement(lower: str) -> str | None:
    found = first_label(lower, REFINEMENTS)
    return found[0] if found else None


def warning_color(lower: str) -> str | None:
    found = first_label(lower, WARNING_COLORS)
    return found[0] if found else None


def warning_system(lower: str) -> str | None:
    found = first_label(lower, WARNING_SYSTEMS)
    return found[0] if found else None


def light_phrase(text: str, lower: str) -> str:
    """The words that describe the light: "orange engine light", "红色的刹车灯"."""
    spans = [
        found[1].span()
        for found in (first_label(lower, WARNING_COLORS), first_label(lower, WARNING_SYSTEMS))
        if found
    ]
    start = min((s for s, _ in spans), default=0)
    light = LIGHT_WORDS.pattern.search(lower, start)
    if light:
        spans.append(light.span())
    if not spans or len(text) != len(lower):
        return text.strip()
    end = max(e for _, e in spans)
    if text[end : end + 1] == "色":  # "红色", not "红"
        end += 1
    return text[min(s for s, _ in spans) : end].strip()

"""Place phrases: where the user wants to go, through where, and from where.

Places are not resolved here (the travel module matches names against its road graph); this module
only cuts the phrase cleanly out of the sentence. A phrase starts after a marker ("to", "via",
"去", "途经"...) and ends at the first stop word or particle ("please", "then", "吧", "的",
"然后"...). Several places joined by "and"/"和"/"、" are a list: for a destination the last one is
where the trip ends and the others are stops on the way. Known corridor cities are recognised
anywhere in the text when no marker introduces a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from agents.conversation.nlu.lexicon import (
    EN_PLACE_CANONICAL,
    KNOWN_PLACES,
    NOT_A_PLACE,
    ORDINALS_EN,
    RESULT_REFERENCES,
)
from agents.conversation.nlu.matching import has_cjk

_MASK = "|"  # replaces a phrase already read, so no later marker reads it again

_EN_ORIGIN = re.compile(r"\bfrom\s+")
_EN_WAYPOINT = re.compile(
    r"\b(?:via|through|by way of|stopping (?:at|in|by)|stop (?:over )?(?:in|at|by)|stopover in|"
    r"waypoint(?: at| in)?|passing through|pass through)\s+"
)
# Place phrases are short; a bounded `.{1,80}?` keeps a text of many "add"s linear.
_EN_ADD_AS_STOP = re.compile(
    r"\badd\s+(?P<place>.{1,80}?)\s+(?:as a (?:stop|waypoint)|to (?:the|my) (?:route|trip))"
)
_EN_DESTINATION = re.compile(r"\b(?:to|towards|toward|into)\s+")
_EN_STOP = re.compile(
    r"\b(?:then|via|through|by way of|please|with|without|for|tomorrow|today|tonight|now|later|"
    r"stopping|stop|from|before|after|on|by|using|if|so|because|to|towards|toward|in|at|as|"
    r"instead|first|again|without|and then|right away|asap|thanks|thank you)\b|[.;!?|]"
)
_EN_LIST = re.compile(r",|&|\band\b")
_EN_LEADING = re.compile(r"^(?:the city of|the town of|city of|downtown|the)\s+")
_EN_NOT_PLACE_START = re.compile(
    r"^(?:drive|go|get|make|reach|plan|visit|head|travel|see|eat|find|charge|have|know|stop|be|"
    r"do|take|set|lock|it's|a|an|some|somewhere|eat|grab)\b"
)

_EN_AREA = re.compile(r"\b(?:in|near|around|close to)\s+")
_ZH_AREA = re.compile(r"在")
_ZH_ORIGIN = re.compile(r"从|自")
_ZH_WAYPOINT = re.compile(
    r"(?:添加途经点|加一个途经点|加个途经点|途经点|途经|经过|路过|经由|中途去|中途在|顺路去|绕道去|绕道|"
    r"先去|顺便去|加一站)(?:一下|一趟)?"
)
_ZH_STOP_AT = re.compile(r"在(?P<place>[^，,。.;；!！?？|]{1,12}?)(?:停|歇)")
_ZH_DESTINATION = re.compile(
    r"(?:导航到|导航去|导航至|导航回|开回|前往|去往|开到|开去|开往|到达|回到|去|到|至|往|导航)"
    r"(?:一下|一趟)?"
)
_ZH_STOPS: tuple[str, ...] = (
    "然后", "再", "并", "的", "吧", "呢", "啊", "吗", "了", "呀", "嘛", "哦", "去", "到", "需要",
    "要", "多远", "多久", "怎么", "玩", "吃", "看", "逛", "途经", "经过", "路过", "充电", "加",
     "够",
    "一趟", "一下", "可以", "能", "出差", "旅游", "停", "从", "开车", "找", "附近", "方向", "么",
    "呗", "好", "出发", "请", "谢谢", "行吗", "有多", "走",
)  # fmt: skip
_ZH_STOP = re.compile("|".join(re.escape(stop) for stop in _ZH_STOPS))
_ZH_PUNCTUATION = set("，,。.;；!！?？|：:\"“”'‘’()（） ")
_ZH_LIST = re.compile(r"和|跟|与|、|以及|,|，")
_MAX_ZH_PLACE = 15
# A request names a handful of places; the markers past these are not read (a message of a
# thousand "去" would otherwise be a thousand phrases to cut).
_MAX_MARKERS = 24
_ANSWER_OPENER = re.compile(r"^(?:嗯+|呃|就|那就|um|uh|well|ok|okay)[,，\s]*", re.IGNORECASE)
_ORDINAL_REFERENCE = re.compile(
    rf"^(?:the\s+)?(?:{'|'.join(ORDINALS_EN)}|last|\d+(?:st|nd|rd|th))(?:\s+(?:one|option|place|result))?$"
    r"|^第.{1,3}[个家条项站名]?$|^最后"
)


@dataclass(frozen=True)
class PlacePhrases:
    destination: str | None = None
    waypoints: tuple[str, ...] = ()
    origin: str | None = None
    refers_to_result: bool = False


def is_result_reference(phrase: str) -> bool:
    """ "there", "it", "那家", "the second one": a pointer at a listed result, not a place."""
    lower = phrase.strip().lower()
    return lower in RESULT_REFERENCES or _ORDINAL_REFERENCE.search(lower) is not None


def extract_places(text: str) -> PlacePhrases:
    """Origin, waypoints and destination of a travel request, each cut out of `text`."""
    scan = _Scanner(text)
    origin = scan.first(scan.read(_EN_ORIGIN, _ZH_ORIGIN))
    waypoints = [*scan.read_add_as_stop(), *scan.read(_EN_WAYPOINT, _ZH_WAYPOINT)]
    waypoints += scan.read_zh_stop_at()
    destinations = scan.read(_EN_DESTINATION, _ZH_DESTINATION, first_only=True)
    if len(destinations) > 1:
        waypoints = [*destinations[:-1], *waypoints]
    return PlacePhrases(
        destination=destinations[-1] if destinations else None,
        waypoints=tuple(waypoints),
        origin=origin,
        refers_to_result=scan.saw_reference,
    )


def extract_area(text: str) -> str | None:
    """Where to search for food: "lunch in Suzhou", "在苏州附近吃饭"."""
    scan = _Scanner(text)
    items = scan.read(_EN_AREA, _ZH_AREA, first_only=True)
    return items[0] if items else None


def known_place_in(text: str) -> str | None:
    """The first corridor place named anywhere in the text, in the spelling of the lexicon."""
    match = KNOWN_PLACES.search(text.lower())
    if match is None:
        return None
    return _canonical(match.group(0), match.group(0))


def extract_bare_place(text: str) -> str | None:
    """The place in a short answer to "Where to?": "杭州", "to Hangzhou", "去杭州吧"."""
    places = extract_places(text)
    if places.destination:
        return places.destination
    scan = _Scanner(_ANSWER_OPENER.sub("", text.strip()))
    items = scan.phrase_at(0, cjk=has_cjk(text))
    return items[-1] if items else known_place_in(text)


def _canonical(original: str, lower: str) -> str:
    cleaned = _EN_LEADING.sub("", lower.strip())
    if cleaned in EN_PLACE_CANONICAL:
        return EN_PLACE_CANONICAL[cleaned]
    offset = len(lower.strip()) - len(cleaned)
    return original.strip()[offset:].strip()


class _Scanner:
    """Reads phrases out of one fragment, masking what it has read."""

    def __init__(self, text: str) -> None:
        lower = text.lower()
        # `str.lower` can change the length of a few exotic characters; fall back to lower case.
        self.original = text if len(lower) == len(text) else lower
        self.lower = lower
        self.saw_reference = False

    def first(self, items: list[str]) -> str | None:
        return items[0] if items else None

    def read(
        self, en: re.Pattern[str], zh: re.Pattern[str], *, first_only: bool = False
    ) -> list[str]:
        found: list[str] = []
        for pattern, cjk in ((en, False), (zh, True)):
            for marker in list(islice(pattern.finditer(self.lower), _MAX_MARKERS)):
                if self.lower[marker.start() : marker.end()].startswith(_MASK):
                    continue
                items = self.phrase_at(marker.end(), cjk=cjk)
                if items:
                    found.extend(items)
                    if first_only:
                        return found
        return found

    def read_add_as_stop(self) -> list[str]:
        match = _EN_ADD_AS_STOP.search(self.lower)
        if match is None:
            return []
        start, end = match.span("place")
        return self._items(start, end, cjk=False)

    def read_zh_stop_at(self) -> list[str]:
        match = _ZH_STOP_AT.search(self.lower)
        if match is None:
            return []
        start, end = match.span("place")
        return self._items(start, end, cjk=True)

    def phrase_at(self, start: int, *, cjk: bool) -> list[str]:
        while start < len(self.lower) and self.lower[start] == " ":
            start += 1
        end = self._zh_end(start) if cjk else self._en_end(start)
        return self._items(start, end, cjk=cjk)

    def _en_end(self, start: int) -> int:
        stop = _EN_STOP.search(self.lower, start)
        return stop.start() if stop else len(self.lower)

    def _zh_end(self, start: int) -> int:
        end = start
        while end < len(self.lower) and end - start < _MAX_ZH_PLACE:
            if self.lower[end] in _ZH_PUNCTUATION:
                break
            if end > start and _ZH_STOP.match(self.lower, end):
                break
            end += 1
        return end

    def _items(self, start: int, end: int, *, cjk: bool) -> list[str]:
        """Split a phrase into list items, mask it, and keep the items that name places."""
        if end <= start:
            return []
        phrase = self.lower[start:end]
        original = self.original[start:end]
        if cjk and _ZH_STOP.match(phrase):
            return []
        separators = _ZH_LIST if cjk else _EN_LIST
        items: list[str] = []
        cursor = 0
        for boundary in [*separators.finditer(phrase), None]:
            piece_end = boundary.start() if boundary else len(phrase)
            item = self._item(original[cursor:piece_end], phrase[cursor:piece_end], cjk=cjk)
            if item:
                items.append(item)
            cursor = boundary.end() if boundary else len(phrase)
        if items or self.saw_reference:
            self.lower = self.lower[:start] + _MASK * (end - start) + self.lower[end:]
        return items

    def _item(self, original: str, lower: str, *, cjk: bool) -> str | None:
        lower = lower.strip(" '\"")
        if not lower:
            return None
        if is_result_reference(lower):
            self.saw_reference = True
            return None
        if lower in NOT_A_PLACE:
            return None
        if not cjk and (
            _EN_NOT_PLACE_START.search(lower) or len(lower.split()) > 5 or lower.isdigit()
        ):
            return None
        return _canonical(original.strip(" '\""), lower)

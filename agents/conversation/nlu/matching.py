"""Keyword matching over mixed Chinese/English text, and the sentence-level cues rules share.

Chinese has no spaces, so Chinese keywords match as substrings; English keywords match whole words
(an optional plural "s"/"es" included) so that "lock" never fires inside "unlock".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cached_property
from typing import TypeVar

L = TypeVar("L")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


# Typed-fast English: apostrophes left out, texting shorthand, the commonest slips. Whole words
# only, so "u" never touches "sudo" and "im" never "image".
SHORTHAND: dict[str, str] = {
    "whats": "what's", "hw": "how", "hwo": "how", "wat": "what", "wut": "what",
    "hows": "how's", "wheres": "where's", "whens": "when's", "im": "i'm",
    "ive": "i've", "dont": "don't", "cant": "can't", "isnt": "isn't", "arent": "aren't",
    "doesnt": "doesn't", "didnt": "didn't", "thats": "that's", "theres": "there's",
    "lets": "let's", "pls": "please", "plz": "please", "plez": "please", "pleae": "please",
    "u": "you", "ur": "your", "r": "are", "thx": "thanks", "thnx": "thanks", "ty": "thanks",
    "wanna": "want to", "gonna": "going to", "gotta": "have to", "lemme": "let me",
    "gimme": "give me", "rn": "right now", "teh": "the", "hte": "the", "batery": "battery",
    "battey": "battery", "batt": "battery", "temprature": "temperature",
    "tempreature": "temperature", "temperture": "temperature", "windw": "window",
    "widow": "window", "widows": "windows", "sunrof": "sunroof", "trunck": "trunk",
    "chager": "charger", "charger's": "chargers", "chargr": "charger", "restaurnt": "restaurant",
    "resturant": "restaurant", "restaraunt": "restaurant", "nearme": "near me", "kms": "km",
    "tyre's": "tyres", "lcok": "lock", "unlcok": "unlock", "heatd": "heated", "seet": "seat",
}  # fmt: skip
_SHORTHAND = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(sorted(map(re.escape, SHORTHAND), key=len, reverse=True))
    + r")(?![\w'])",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """NFKC folds full-width digits and punctuation ("２２", "，", "？") to their ASCII forms;
    typed-fast English ("whats", "pls", "u") is spelled out."""
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    if not folded.isascii() and not _ASCII_WORD.search(folded):
        return folded
    return _SHORTHAND.sub(lambda m: SHORTHAND[m.group(0).lower()], folded)


_ASCII_WORD = re.compile(r"[A-Za-z]")


def _keyword_pattern(word: str) -> str:
    if has_cjk(word):
        return re.escape(word)
    body = r"\s+".join(re.escape(part) for part in word.split())
    if word[0].isalnum():
        # "Not after a letter or digit", checked after the first letter rather than before it:
        # the same match, but every alternative then starts with a literal, which lets the regex
        # engine skip positions and alternatives in C (about 10x faster over long texts).
        first = word[0]
        body = f"{first}(?<![a-z0-9]{first}){body[1:]}"
    after = r"(?:e?s)?(?![a-z0-9])" if word[-1].isalnum() else ""
    return body + after


class Keywords:
    """A set of words compiled into one regex; longer words win where two overlap.

    Compiled on first use: the lexicons hold hundreds of these, and a process that only serves
    the API's other routes (or a start-up probe) should not pay for them."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words: tuple[str, ...] = tuple(sorted(set(words), key=len, reverse=True))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(_keyword_pattern(w) for w in self.words))

    def search(self, lower: str) -> re.Match[str] | None:
        return self.pattern.search(lower)

    def found_in(self, lower: str) -> bool:
        return self.pattern.search(lower) is not None


def first_label(lower: str, table: Iterable[tuple[L, Keywords]]) -> tuple[L, re.Match[str]] | None:
    """The label whose keywords occur earliest in the text (ties go to the table's order)."""
    best: tuple[L, re.Match[str]] | None = None
    for label, keywords in table:
        match = keywords.search(lower)
        if match and (best is None or match.start() < best[1].start()):
            best = (label, match)
    return best


_QUESTION_EN = re.compile(
    r"^(?:is|are|am|was|were|did|do|does|have|has|what|what's|whats|when|how|how's|where|"
    r"where's|which|why|will|should)\b|\?\s*$"
)
_QUESTION_ZH = re.compile(
    r"吗|么|呢|没有|了没|没$|是否|有没有|是不是|多少|几|怎么样|如何|哪|何时|多久|(.)[没不]\1"
)
_POLITE = re.compile(
    r"^(?:please|can you|could you|would you|will you|kindly)\b|\bplease\b|"
    r"帮我|帮忙|请|麻烦|给我|替我|能不能帮|可以帮|能帮|好吗|可以吗|行吗|好不好"
)
_CHECK = re.compile(
    r"\bcheck\b|\bsee if\b|\btell me\b|\bshow me\b|看看|看一下|查|检查|确认一下|告诉我"
)


def is_question(lower: str) -> bool:
    return bool(_QUESTION_EN.search(lower) or _QUESTION_ZH.search(lower))


def is_polite_request(lower: str) -> bool:
    """ "Can you lock the car?" is a command, not a question about the locks."""
    return _POLITE.search(lower) is not None


def asks_about_state(lower: str) -> bool:
    """A question about how things are, or an explicit request to check them."""
    if _CHECK.search(lower):
        return True
    return is_question(lower) and not is_polite_request(lower)

"""Matching what a person says about a light ("orange engine light", "黄色的发动机灯") to lights.

An inverted index from terms to light ids, weighted by how rare each term is (IDF). English
text is split into words; Chinese has no spaces, so it is indexed as overlapping character
pairs, which matches 发动机灯 inside 黄色的发动机灯 without a dictionary. Colours are pulled out
of the text first: they are ranked separately, because people misremember them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")

_EN_COLORS = {
    "red": "red",
    "yellow": "yellow",
    "orange": "yellow",
    "amber": "yellow",
    "green": "green",
    "blue": "blue",
    "white": "white",
}
_ZH_COLOR_NAMES = {
    "橘黄": "yellow",
    "橙黄": "yellow",
    "琥珀": "yellow",
    "橙": "yellow",
    "橘": "yellow",
    "黄": "yellow",
    "红": "red",
    "绿": "green",
    "蓝": "blue",
    "白": "white",
}
# A colour character only counts as a colour before 色 (黄色) or 灯 (黄灯): 明白 is not white.
_ZH_COLOR = re.compile(r"(橘黄|橙黄|琥珀|橙|橘|黄|红|绿|蓝|白)(?:色|(?=灯))")

# fmt: off
_EN_COLOR = re.compile(r"\b(?:" + "|".join(_EN_COLORS) + r")\b")

_STOPWORDS = frozenset({
    "a", "an", "the", "is", "are", "on", "in", "of", "my", "what", "does", "do", "it", "its",
    "this", "that", "mean", "means", "meaning", "light", "lights", "lamp", "indicator",
    "dashboard", "dash", "car", "symbol", "icon", "came", "come", "up", "showing", "shows",
    "there", "i", "me", "why", "with", "and", "or", "to", "has", "have", "just",
})
# fmt: on
_SYNONYMS = {"tyre": "tire", "windshield": "windscreen", "gas": "fuel", "petrol": "fuel"}


def parse_color(name: str) -> str | None:
    """A colour name in English or Chinese, aliases included, as red/yellow/green/blue/white."""
    cleaned = name.strip().lower()
    if cleaned in _EN_COLORS:
        return _EN_COLORS[cleaned]
    bare = cleaned.removesuffix("色")
    return _ZH_COLOR_NAMES.get(bare)


def _normalise_word(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return _SYNONYMS.get(word, word)


@dataclass(frozen=True)
class _Analysed:
    """A piece of text reduced to what matching needs."""

    words: frozenset[str]  # English words, normalised, without stopwords and colours
    cjk: tuple[str, ...]  # Chinese runs with colour words cut out
    color: str | None  # the first colour named, if any
    terms: frozenset[str]  # the words plus the character pairs of the Chinese runs

    def contains(self, phrase: _Analysed) -> bool:
        """Every word and Chinese run of `phrase` occurs in this text."""
        joined = "|".join(self.cjk)
        return phrase.words <= self.words and all(run in joined for run in phrase.cjk)


def _cjk_terms(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def analyse(text: str) -> _Analysed:
    lowered = text.lower()
    words: set[str] = set()
    cjk: list[str] = []
    for token in _TOKEN.findall(_ZH_COLOR.sub(" ", lowered)):
        if _CJK.match(token):
            cjk.append(token)
        elif token not in _STOPWORDS and token not in _EN_COLORS:
            words.add(_normalise_word(token))
    terms = frozenset(words).union(*(_cjk_terms(run) for run in cjk))
    return _Analysed(frozenset(words), tuple(cjk), _first_color(lowered), terms)


def _first_color(lowered: str) -> str | None:
    """The colour named first, English or Chinese: "red or orange" -> red."""
    hits = [(m.start(), _ZH_COLOR_NAMES[m.group(1)]) for m in _ZH_COLOR.finditer(lowered)]
    hits += [(m.start(), _EN_COLORS[m.group()]) for m in _EN_COLOR.finditer(lowered)]
    return min(hits)[1] if hits else None


class LightIndex:
    """Inverted index over each light's phrases (keywords and titles)."""

    def __init__(self, entries: Iterable[tuple[str, list[str]]]) -> None:
        postings: dict[str, set[str]] = defaultdict(set)
        analysed: dict[str, list[_Analysed]] = {}
        for light_id, phrases in entries:
            analysed[light_id] = [a for a in map(analyse, phrases) if a.terms]
            for phrase in analysed[light_id]:
                for term in phrase.terms:
                    postings[term].add(light_id)
        total = max(len(analysed), 1)
        self._postings = dict(postings)
        self._idf = {term: math.log(1 + total / len(ids)) for term, ids in postings.items()}
        # Each phrase with its weight, the sum of its terms' IDF, computed once.
        self._phrases = {
            light_id: [(p, sum(self._idf[t] for t in p.terms)) for p in phrases]
            for light_id, phrases in analysed.items()
        }

    def score(self, text: str) -> tuple[dict[str, float], str | None]:
        """Relevance of each light that shares a term with `text`, and the colour it names."""
        query = analyse(text)
        scores: dict[str, float] = defaultdict(float)
        for term in query.terms:
            for light_id in self._postings.get(term, ()):
                scores[light_id] += self._idf[term]
        for light_id in scores:
            # A keyword said in full ("发动机灯", "engine light") counts once more.
            scores[light_id] += max(
                (weight for phrase, weight in self._phrases[light_id] if query.contains(phrase)),
                default=0.0,
            )
        return dict(scores), query.color

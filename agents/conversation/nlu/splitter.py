"""Splitting one utterance into the requests it holds, in the order they were said.

The rule: cut at sentence punctuation, at conjunctions ("and", "then", "also", "然后", "并且",
"和", "顺便"...) and after a leading yes/no ("好的锁车吧" → "好的" | "锁车吧"); then glue a piece
back onto the one before it when the piece holds no request of its own (it classifies as
out_of_scope: "Suzhou and Wuxi", "please", "的路线"), and glue an added stop onto the trip it
follows ("导航去北京，途经苏州" stays one plan_trip), and two pieces of the same search together
("I'm vegetarian, find dinner"). So "plan a trip to Beijing and find lunch" is
two requests and "plan a trip via Suzhou and Wuxi" is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agents.conversation.nlu.intents import Intent

IntentOf = Callable[[str], Intent]

_SEPARATORS = re.compile(
    r"(?P<punct>[,;!?，；。！？]|(?<!\d)\.(?!\d))"
    r"|(?P<word>\b(?:and then|and also|after that|afterwards|then|and|also|plus)\b"
    r"|然后再|然后|接着|并且|而且|同时|顺便|还有(?!多少|几|电|油|没有|吗|多远|多久)|另外|之后再|以及|并(?!且)|和|跟"
    r"|再(?=把|帮|给|打开|开|关|查|找|导航|设|调|锁|看|告诉|充|订|搜|推荐))",
    re.IGNORECASE,
)
_LEADING_ANSWER = re.compile(
    r"^(?:(?:yes|yeah|yep|sure|ok|okay|no|nope)(?=\s+\w)"
    r"|(?:好的|好啊|可以|确认|不用了|不用|算了|不要了)(?=[\u4e00-\u9fff]))",
    re.IGNORECASE,
)
_ONE_SEARCH = frozenset({Intent.FIND_FOOD, Intent.FIND_CHARGER})
_ONE_ANSWER = frozenset({Intent.CONFIRM, Intent.DENY})
_BLANK = re.compile(r"^[\s,;.!?，；。！？、]*$")
# Far more than anyone says in one breath (the longest scripted utterance has 5); past it the rest
# of the text stays one piece, so a message of a thousand commas costs as much as one of 12.
MAX_PIECES = 12


def split_requests(
    text: str, intent_of: IntentOf, *, keep_leading_answer: bool = False
) -> list[str]:
    """The fragments of `text`, one per request. `intent_of` tells a request from a leftover;
    `keep_leading_answer` stops "no spicy food" from being read as "no" + "spicy food"."""
    pieces = _cut(text)
    if not keep_leading_answer:
        pieces = _split_leading_answer(pieces)
    known: dict[str, Intent] = {}

    def cached_intent_of(piece: str) -> Intent:
        if piece not in known:
            known[piece] = intent_of(piece)
        return known[piece]

    fragments: list[str] = []
    for separator, piece in pieces:
        if fragments and (
            _BLANK.match(fragments[-1])
            or _BLANK.match(piece)
            or _continues(fragments[-1], piece, cached_intent_of)
        ):
            fragments[-1] = fragments[-1] + separator + piece
        else:
            fragments.append(piece)
    return [f.strip().rstrip(",;，；、").strip() for f in fragments if not _BLANK.match(f)]


def _cut(text: str) -> list[tuple[str, str]]:
    """(separator before, piece) pairs; punctuation stays with the piece it ends ("…locked?")."""
    pieces: list[tuple[str, str]] = []
    start = 0
    separator = ""
    for match in _SEPARATORS.finditer(text):
        if len(pieces) == MAX_PIECES - 1:
            break
        if match.group("punct"):
            pieces.append((separator, text[start : match.end()]))
            separator = ""
        else:
            pieces.append((separator, text[start : match.start()]))
            separator = match.group(0)
        start = match.end()
    pieces.append((separator, text[start:]))
    return pieces


def _split_leading_answer(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    separator, first = pieces[0]
    match = _LEADING_ANSWER.match(first.lstrip())
    if match is None:
        return pieces
    offset = len(first) - len(first.lstrip())
    cut = offset + match.end()
    return [(separator, first[:cut]), ("", first[cut:]), *pieces[1:]]


def _continues(previous: str, piece: str, intent_of: IntentOf) -> bool:
    intent = intent_of(piece)
    if intent is Intent.OUT_OF_SCOPE:
        return True
    if intent is Intent.ADD_STOP:
        return intent_of(previous) is Intent.PLAN_TRIP
    # "I'm vegetarian, find dinner" is one search with two constraints; "yeah, go ahead" one yes.
    return intent in _ONE_SEARCH | _ONE_ANSWER and intent_of(previous) is intent

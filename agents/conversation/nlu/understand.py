"""The entry point: an utterance (and what the last turn left) in, the requests it holds out."""

from __future__ import annotations

import re
from functools import lru_cache

from agents.conversation.nlu import slots as extract
from agents.conversation.nlu.candidate import FAIR, GOOD, Candidate
from agents.conversation.nlu.intents import (
    DialogueContext,
    Intent,
    SlotValue,
    Understanding,
    declared_required_slots,
)
from agents.conversation.nlu.lexicon import DIETARY, REFINEMENTS
from agents.conversation.nlu.matching import first_label, has_cjk, normalise
from agents.conversation.nlu.numbers import NUMBER, parse_number
from agents.conversation.nlu.places import extract_bare_place, known_place_in
from agents.conversation.nlu.rules import classify
from agents.conversation.nlu.splitter import split_requests

_NO_CONTEXT = DialogueContext()
_PLACE_SLOTS = frozenset({"destination", "waypoint", "origin", "near"})
_NUMBER = re.compile(NUMBER)
# A short answer that is a question or a request of its own is not a place ("今天股票怎么样").
_NOT_A_PLACE_ANSWER = re.compile(
    r"吗|什么|怎么|为什么|多少|几|哪|讲|播放|告诉|"
    r"^(?:what|how|tell|play|show|is|are|can|could|do|does|i|it|who|why|when|where|will|would|"
    r"let|give|set|turn|please)\b"
)
_MAX_PLACE_ANSWER_WORDS = 4
_MAX_PLACE_ANSWER_CHARS = 10


# Understanding is a pure function of the text and the dialogue context (the lexicons are read
# from the fixtures once, at import), so drivers' and test scripts' repeated utterances are
# understood once. Bounded: only short texts, and the least recently used go first.
_CACHED_UTTERANCES = 1024
_CACHED_MAX_CHARS = 256


def understand(text: str, context: DialogueContext | None = None) -> list[Understanding]:
    """Every request in `text`, in the order said. Never empty: an empty or unrecognised
    utterance comes back as one `out_of_scope`."""
    ctx = context or _NO_CONTEXT
    if len(text) > _CACHED_MAX_CHARS:
        return _understand(text, ctx)
    return list(_understood(text, ctx))


@lru_cache(maxsize=_CACHED_UTTERANCES)
def _understood(text: str, ctx: DialogueContext) -> tuple[Understanding, ...]:
    return tuple(_understand(text, ctx))


def _understand(text: str, ctx: DialogueContext) -> list[Understanding]:
    clean = normalise(text)
    locale = "zh" if has_cjk(clean) else "en"
    fragments = split_requests(
        clean,
        lambda piece: classify(piece, _NO_CONTEXT).intent,
        keep_leading_answer=_starts_with_preference(clean.lower()),
    ) or [clean]
    results: list[Understanding] = []
    for position, fragment in enumerate(fragments):
        candidate = classify(fragment, ctx)
        if position == 0:
            candidate = _answer_pending_question(candidate, fragment, ctx)
        results.append(
            Understanding(
                intent=candidate.intent,
                confidence=candidate.confidence if fragment else 0.0,
                slots=candidate.slots,
                missing_slots=_missing_slots(candidate, ctx),
                locale=locale,
                text=fragment,
            )
        )
    return _without_pleasantries(results)


def _starts_with_preference(lower: str) -> bool:
    """ "No spicy food" and "不要辣的" start like a "no" but are a preference."""
    for table in (REFINEMENTS, DIETARY):
        found = first_label(lower, table)
        if found and found[1].start() == 0:
            return True
    return False


def _answer_pending_question(
    candidate: Candidate, fragment: str, ctx: DialogueContext
) -> Candidate:
    """After "Where to?", "杭州" fills the destination of the pending plan_trip."""
    pending, slot = ctx.pending_intent, ctx.missing_slot
    if pending is None or slot is None:
        return candidate
    if candidate.intent is pending and slot in candidate.slots:
        return Candidate(pending, max(candidate.confidence, GOOD), candidate.slots)
    weak_travel = candidate.intent in {Intent.PLAN_TRIP, Intent.ADD_STOP} and (
        candidate.confidence <= FAIR
    )
    if candidate.intent not in {Intent.OUT_OF_SCOPE, pending} and not weak_travel:
        return candidate  # the user moved on ("取消", "what's my range?")
    value = _slot_answer(slot, fragment)
    if value is None:
        return candidate
    kept = candidate.slots if candidate.intent is pending else {}
    return Candidate(pending, GOOD, {**kept, slot: value})


def _slot_answer(slot: str, fragment: str) -> SlotValue | None:
    lower = fragment.lower()
    if slot in _PLACE_SLOTS:
        return _place_answer(fragment)
    number: float | int | None
    if slot == "temperature_c":
        number = extract.temperature_c(lower)
    elif slot == "limit_pct":
        number = extract.limit_pct(lower)
    elif slot == "index":
        number = extract.selection_index(lower)
    elif slot == "max_budget_cny":
        number = extract.max_budget_cny(lower)
    elif slot == "cuisine":
        return extract.cuisine(lower)
    else:
        return fragment.strip() or None
    if number is None:
        bare = _NUMBER.search(lower)
        number = parse_number(bare.group(0)) if bare else None
    if number is None:
        return None
    return number if slot == "temperature_c" else round(number)


def _place_answer(fragment: str) -> str | None:
    known = known_place_in(fragment)
    place = extract_bare_place(fragment)
    if place is None:
        return known
    if known and known.lower() in place.lower():
        return place
    too_long = (
        len(place) > _MAX_PLACE_ANSWER_CHARS
        if has_cjk(place)
        else len(place.split()) > _MAX_PLACE_ANSWER_WORDS
    )
    if too_long or _NOT_A_PLACE_ANSWER.search(fragment.lower()):
        return None
    return place


def _missing_slots(candidate: Candidate, ctx: DialogueContext) -> list[str]:
    refers = bool(candidate.slots.get("refers_to_result")) and ctx.last_results_kind is not None
    return [
        slot
        for slot in declared_required_slots(candidate.intent)
        if slot not in candidate.slots and not (refers and slot in _PLACE_SLOTS)
    ]


def _without_pleasantries(results: list[Understanding]) -> list[Understanding]:
    """ "Hi, lock the car" is one request; a greeting alone is answered as a greeting."""
    requests = [r for r in results if r.intent is not Intent.GREETING]
    return requests or results

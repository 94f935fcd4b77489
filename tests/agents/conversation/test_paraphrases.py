"""Understanding breadth: a corpus of everyday phrasings (paraphrases.jsonl), each with the intent
and the key slots it must give. Written the way drivers talk and type, not the way the rules are
written; at least 97 % must pass, and every miss is printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agents.conversation.nlu import DialogueContext, Intent, understand
from agents.conversation.nlu.matching import has_cjk

CORPUS = Path(__file__).with_name("paraphrases.jsonl")
PASS_RATE = 0.97


def _load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


def _miss(case: dict[str, Any]) -> str | None:
    """Why the case fails, or None: one request, of the intent, with the expected slot values."""
    found = understand(case["text"], DialogueContext(**case.get("context", {})))
    got = [(u.intent.value, u.slots) for u in found]
    if len(found) != 1 or found[0].intent.value != case["intent"]:
        return f"{case['text']!r}: expected {case['intent']}, got {got}"
    wanted = case.get("slots", {})
    slots = {k: found[0].slots.get(k) for k in wanted}
    if slots != wanted:
        return f"{case['text']!r}: {case['intent']} slots expected {wanted}, got {found[0].slots}"
    return None


def test_the_corpus_covers_every_intent_in_both_languages() -> None:
    cases = _load()
    assert len(cases) >= 800
    assert len({c["text"] for c in cases}) == len(cases)
    for intent in Intent:
        texts = [c["text"] for c in cases if c["intent"] == intent.value]
        assert any(has_cjk(t) for t in texts), f"{intent}: no Chinese phrasing"
        assert any(not has_cjk(t) for t in texts), f"{intent}: no English phrasing"


def test_at_least_97_percent_of_the_corpus_is_understood() -> None:
    cases = _load()
    misses = [m for m in map(_miss, cases) if m is not None]
    rate = 1 - len(misses) / len(cases)
    print(f"\nparaphrases: {len(cases) - len(misses)}/{len(cases)} ({rate:.1%}); misses:")
    print("\n".join(misses))
    assert rate >= PASS_RATE, "\n".join(misses)

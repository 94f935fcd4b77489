"""A rule's reading of one fragment, and the confidence levels rules give."""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.conversation.nlu.intents import Intent, SlotValue

HIGH = 0.95
GOOD = 0.85
FAIR = 0.7
LOW = 0.5
OUT_OF_SCOPE = 0.2


@dataclass(frozen=True)
class Candidate:
    intent: Intent
    confidence: float
    slots: dict[str, SlotValue] = field(default_factory=dict)

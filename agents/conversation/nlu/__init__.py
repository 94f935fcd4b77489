"""Intent and slot understanding for the in-car assistant (zh and en), rules only.

`understand(text, context)` returns one `Understanding` per request in the utterance; the dialogue
manager answers them in order and passes back a `DialogueContext` for the next turn.
"""

from agents.conversation.nlu.intents import (
    INTENT_AGENT,
    REQUIRED_SLOTS,
    AgentName,
    DialogueContext,
    Intent,
    ResultsKind,
    SlotValue,
    Understanding,
)
from agents.conversation.nlu.understand import understand

__all__ = [
    "INTENT_AGENT",
    "REQUIRED_SLOTS",
    "AgentName",
    "DialogueContext",
    "Intent",
    "ResultsKind",
    "SlotValue",
    "Understanding",
    "understand",
]

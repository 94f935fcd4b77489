"""Intent and slot understanding for the in-car assistant (zh and en), rules only.

`understand(text, context)` returns one `Understanding` per request in the utterance; the dialogue
manager answers them in order and passes back a `DialogueContext` for the next turn.
"""

from agents.conversation.nlu.intents import (
    SEATS,
    AgentName,
    DialogueContext,
    Intent,
    ResultsKind,
    Seat,
    SlotValue,
    Understanding,
)
from agents.conversation.nlu.understand import understand

__all__ = [
    "SEATS",
    "AgentName",
    "DialogueContext",
    "Intent",
    "ResultsKind",
    "Seat",
    "SlotValue",
    "Understanding",
    "understand",
]

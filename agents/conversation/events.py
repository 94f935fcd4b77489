"""A turn as the ordered events of its stream: what the HTTP layer paces and sends as SSE.

turn.start, then per request its intent and tool calls with their results, then the speech in
small pieces (speech.delta), the cards, and turn.end with the whole turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agents.conversation.dialogue import Turn
from agents.conversation.nlu.matching import has_cjk

# Characters per speech.delta: a couple of Chinese characters or about a word of English,
# roughly one token of a real model.
ZH_CHUNK = 2
EN_CHUNK = 6


@dataclass(frozen=True)
class StreamEvent:
    event: str
    data: dict[str, Any]


def speech_chunks(text: str) -> list[str]:
    """Split speech into token-sized pieces that join back to exactly `text`."""
    size = ZH_CHUNK if has_cjk(text) else EN_CHUNK
    chunks: list[str] = []
    piece = ""
    for char in text:
        piece += char
        # English pieces end at a space so words are not cut; Chinese at a fixed size.
        if (size == EN_CHUNK and char == " " and len(piece) >= size) or (
            size == ZH_CHUNK and len(piece) >= size
        ):
            chunks.append(piece)
            piece = ""
    if piece:
        chunks.append(piece)
    return chunks


def turn_events(turn: Turn) -> list[StreamEvent]:
    events = [
        StreamEvent(
            "turn.start",
            {"session_id": turn.session_id, "turn": turn.turn, "locale": turn.locale},
        )
    ]
    steps = iter(turn.trace)
    for answer in turn.answers:
        events.append(StreamEvent("intent", answer.intent.model_dump(mode="json")))
    for step in steps:
        events.append(StreamEvent("tool_call", {"tool": step.tool, "arguments": step.arguments}))
        events.append(
            StreamEvent(
                "tool_result",
                {
                    "tool": step.tool,
                    "result": step.result,
                    "error": step.error.model_dump(mode="json") if step.error else None,
                    "sources": step.sources,
                },
            )
        )
    for index, chunk in enumerate(speech_chunks(turn.speech)):
        events.append(StreamEvent("speech.delta", {"index": index, "text": chunk}))
    for card in turn.cards:
        events.append(StreamEvent("card", card.model_dump(mode="json")))
    events.append(StreamEvent("turn.end", turn.model_dump(mode="json")))
    return events

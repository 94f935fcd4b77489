"""A turn as the ordered events of its stream: what the HTTP layer paces and sends as SSE.

turn.start, then per request its intent and tool calls with their results, then the speech in
small pieces (speech.delta), the cards, and turn.end with the whole turn. Each event's data is a
model, so the stream and its documentation (`EVENT_DATA`) cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from agents.conversation.nlu.matching import has_cjk
from agents.conversation.replies import Card
from agents.conversation.turns.models import IntentInfo, TraceError, Turn
from agents.text import Locale

# Characters per speech.delta: a couple of Chinese characters or about a word of English,
# roughly one token of a real model.
ZH_CHUNK = 2
EN_CHUNK = 6

EventName = Literal[
    "turn.start", "intent", "tool_call", "tool_result", "speech.delta", "card", "turn.end"
]


class TurnStart(BaseModel):
    """`turn.start`: the turn has begun."""

    session_id: str = Field(examples=["chat-0001"])
    turn: int = Field(ge=1, description="The turn's number in the session, from 1")
    locale: Locale


class ToolCallData(BaseModel):
    """`tool_call`: an agent calls one of its tools."""

    tool: str = Field(examples=["find_chargers"])
    arguments: dict[str, Any]


class ToolResultData(BaseModel):
    """`tool_result`: what the tool answered (`result`), or why it refused (`error`)."""

    tool: str = Field(examples=["find_chargers"])
    result: dict[str, Any] | None
    error: TraceError | None
    sources: list[str] = Field(description="Fixture files (under fixtures/) the answer came from")


class SpeechDelta(BaseModel):
    """`speech.delta`: the next piece of the speech; the pieces join to `turn.end`'s `speech`."""

    index: int = Field(ge=0, description="The piece's position, from 0")
    text: str = Field(examples=["还能"])


# The data of each event, in stream order (`card` is one of the card models, by `type`).
EVENT_DATA: dict[EventName, Any] = {
    "turn.start": TurnStart,
    "intent": IntentInfo,
    "tool_call": ToolCallData,
    "tool_result": ToolResultData,
    "speech.delta": SpeechDelta,
    "card": Card,
    "turn.end": Turn,
}


@dataclass(frozen=True)
class StreamEvent:
    event: EventName
    data: BaseModel


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
            "turn.start", TurnStart(session_id=turn.session_id, turn=turn.turn, locale=turn.locale)
        )
    ]
    for answer in turn.answers:
        events.append(StreamEvent("intent", answer.intent))
    for step in turn.trace:
        events.append(
            StreamEvent("tool_call", ToolCallData(tool=step.tool, arguments=step.arguments))
        )
        events.append(
            StreamEvent(
                "tool_result",
                ToolResultData(
                    tool=step.tool, result=step.result, error=step.error, sources=step.sources
                ),
            )
        )
    for index, chunk in enumerate(speech_chunks(turn.speech)):
        events.append(StreamEvent("speech.delta", SpeechDelta(index=index, text=chunk)))
    for card in turn.cards:
        events.append(StreamEvent("card", card))
    events.append(StreamEvent("turn.end", turn))
    return events

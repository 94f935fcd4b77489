"""The chat stream's events as typed models, and a small parser for `text/event-stream` lines.

Each event's `data` is the model the server documents for it (the stream's `itemSchema`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

from incar_client.models import (
    ChargerListCard,
    IntentInfo,
    RestaurantListCard,
    SpeechDelta,
    StatusCard,
    ToolCallData,
    ToolResultData,
    TripCard,
    Turn,
    TurnStart,
    WarningLightCard,
)

Card = Annotated[
    StatusCard | WarningLightCard | ChargerListCard | RestaurantListCard | TripCard,
    Field(discriminator="type"),
]


class _Event(BaseModel):
    id: str | None = None


class TurnStartEvent(_Event):
    event: Literal["turn.start"] = "turn.start"
    data: TurnStart


class IntentEvent(_Event):
    event: Literal["intent"] = "intent"
    data: IntentInfo


class ToolCallEvent(_Event):
    event: Literal["tool_call"] = "tool_call"
    data: ToolCallData


class ToolResultEvent(_Event):
    event: Literal["tool_result"] = "tool_result"
    data: ToolResultData


class SpeechDeltaEvent(_Event):
    event: Literal["speech.delta"] = "speech.delta"
    data: SpeechDelta


class CardEvent(_Event):
    event: Literal["card"] = "card"
    data: Card


class TurnEndEvent(_Event):
    event: Literal["turn.end"] = "turn.end"
    data: Turn


ChatEvent = Annotated[
    TurnStartEvent
    | IntentEvent
    | ToolCallEvent
    | ToolResultEvent
    | SpeechDeltaEvent
    | CardEvent
    | TurnEndEvent,
    Field(discriminator="event"),
]
_CHAT_EVENT: TypeAdapter[ChatEvent] = TypeAdapter(ChatEvent)


class ServerSentEvent(BaseModel):
    """One raw event as the wire carries it."""

    event: str = "message"
    data: str = ""
    id: str | None = None


class SSEDecoder:
    """Turns `text/event-stream` lines into events (the WHATWG rules the server's stream uses:
    `field: value` lines, `data` lines joined by newlines, a blank line ends an event)."""

    def __init__(self) -> None:
        self._event: str | None = None
        self._data: list[str] = []
        self._id: str | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        line = line.rstrip("\r\n")
        if not line:
            return self._dispatch()
        if line.startswith(":"):  # a comment, e.g. a keep-alive ping
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            self._id = value
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data and self._event is None:
            return None
        event = ServerSentEvent(
            event=self._event or "message", data="\n".join(self._data), id=self._id
        )
        self._event, self._data = None, []
        return event


def chat_event(raw: ServerSentEvent) -> ChatEvent:
    """The typed event; a pydantic ValidationError if the server sent something undocumented."""
    return _CHAT_EVENT.validate_python(
        {"event": raw.event, "id": raw.id, "data": json.loads(raw.data)}
    )


def chat_events(lines: Iterable[str]) -> Iterator[ChatEvent]:
    decoder = SSEDecoder()
    for line in lines:
        raw = decoder.feed(line)
        if raw is not None:
            yield chat_event(raw)
    last = decoder.feed("")  # a stream cut without the final blank line
    if last is not None:
        yield chat_event(last)


async def achat_events(lines: AsyncIterator[str]) -> AsyncIterator[ChatEvent]:
    decoder = SSEDecoder()
    async for line in lines:
        raw = decoder.feed(line)
        if raw is not None:
            yield chat_event(raw)
    last = decoder.feed("")
    if last is not None:
        yield chat_event(last)

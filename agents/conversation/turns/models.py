"""What a turn answers, and the state one turn works in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from agents.conversation import replies as rp
from agents.conversation.nlu import AgentName, Intent, Seat, SlotValue
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext, ToolOutcome, run_tool
from agents.text import Bilingual, Locale
from agents.travel.trips import Trip
from agents.world.models import Vehicle
from agents.world.restrictions import UxRestriction, list_cap, ux_restriction

R = TypeVar("R")


class IntentInfo(BaseModel):
    name: Intent
    agent: AgentName
    confidence: float
    slots: dict[str, SlotValue]


class TraceError(BaseModel):
    code: str
    message: Bilingual


class TraceStep(BaseModel):
    tool: str
    agent: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None = None
    error: TraceError | None = None
    sources: list[str] = Field(description="Fixture files (under fixtures/) the answer came from")


class Answer(BaseModel):
    """The reply to one request of the utterance."""

    agent: AgentName
    intent: IntentInfo
    speech: Bilingual
    cards: list[rp.Card] = Field(default_factory=list)
    actions: list[rp.Action] = Field(default_factory=list)


class Turn(BaseModel):
    session_id: str
    turn: int
    locale: Locale
    seat: Seat = Field(default="driver", description="The seat that spoke this turn")
    agent: AgentName = Field(description="The agent that answered (the first request's)")
    intent: IntentInfo
    answers: list[Answer]
    speech: str = Field(description="In the session's language")
    speech_text: Bilingual = Field(description="Both languages")
    cards: list[rp.Card]
    actions: list[rp.Action]
    suggestions: list[str]
    trace: list[TraceStep]


@dataclass
class Reply:
    """One request's answer as a handler makes it."""

    speech: Bilingual
    agent: AgentName
    cards: list[rp.Card] = field(default_factory=list)
    actions: list[rp.Action] = field(default_factory=list)
    chips: list[Bilingual] = field(default_factory=list)


@dataclass
class TurnState:
    session: Session
    ctx: ToolContext
    only_agent: AgentName | None
    rehearse: bool
    seat: Seat = "driver"
    trace: list[TraceStep] = field(default_factory=list)

    def call(self, tool: str, arguments: dict[str, Any]) -> ToolOutcome:
        outcome = run_tool(self.ctx, tool, arguments)
        self.trace.append(trace_step(outcome))
        return outcome

    def result_of(
        self, tool: str, arguments: dict[str, Any], kind: type[R], agent: AgentName
    ) -> R | Reply:
        """`tool`'s result, or its refusal said by `agent` as the answer."""
        outcome = self.call(tool, arguments)
        if outcome.error is not None:
            return Reply(outcome.error.message, agent)
        assert isinstance(outcome.result, kind)
        return outcome.result

    def vehicle(self) -> Vehicle | None:
        return self.ctx.sandbox.world.vehicles.get(self.ctx.vehicle_id)

    @property
    def moving(self) -> bool:
        """Android Automotive's "moving" UX restriction: short lists, short speech, no
        distracting actions."""
        vehicle = self.vehicle()
        return vehicle is not None and ux_restriction(vehicle) is UxRestriction.MOVING

    @property
    def cap(self) -> int:
        vehicle = self.vehicle()
        return rp.PARKED_LIST_CAP if vehicle is None else list_cap(vehicle, rp.PARKED_LIST_CAP)


def trace_step(outcome: ToolOutcome) -> TraceStep:
    result = None
    if outcome.result is not None:
        # A trip's geometry and timeline are for maps, not for reading a trace.
        exclude = {"plan": {"route", "track"}} if isinstance(outcome.result, Trip) else None
        result = outcome.result.model_dump(mode="json", exclude=exclude)
    error = None
    if outcome.error is not None:
        error = TraceError(code=outcome.error.code, message=outcome.error.message)
    return TraceStep(
        tool=outcome.tool,
        agent=outcome.agent,
        arguments=outcome.arguments,
        result=result,
        error=error,
        sources=outcome.sources,
    )

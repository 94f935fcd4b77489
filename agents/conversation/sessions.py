"""Chat sessions: what a conversation remembers between turns, one store per sandbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from agents.conversation.nlu import AgentName, DialogueContext, Intent, ResultsKind, SlotValue
from agents.errors import DomainError, ErrorKind, NotFound
from agents.text import Bilingual, Locale, bi
from agents.world.models import Coordinates

MAX_SESSIONS = 1000
MAX_MESSAGE_CHARS = 2000


class TranscriptEntry(BaseModel):
    turn: int
    role: Literal["user", "assistant"]
    text: str
    agent: AgentName | None = None
    intents: list[Intent] = Field(default_factory=list)


class PendingAction(BaseModel):
    """A remote command waiting for the driver's yes."""

    command: dict[str, Any]
    label: Bilingual


class ListedResult(BaseModel):
    """One entry of the last list shown, for "the second one" and "go there"."""

    kind: ResultsKind
    index: int
    id: str
    name: Bilingual
    coordinates: Coordinates


class Session(BaseModel):
    session_id: str = Field(examples=["chat-0001"])
    vehicle_id: str = Field(examples=["ix3-shanghai"])
    profile_id: str | None = Field(default=None, examples=["wang-lei"])
    locale: Locale = "zh"
    created_at: AwareDatetime
    turns: int = 0
    transcript: list[TranscriptEntry] = Field(default_factory=list)
    pending_intent: Intent | None = None
    missing_slot: str | None = None
    pending_slots: dict[str, SlotValue] = Field(default_factory=dict)
    pending_action: PendingAction | None = None
    last_results_kind: ResultsKind | None = None
    last_results: list[ListedResult] = Field(default_factory=list)
    last_query: dict[str, Any] = Field(default_factory=dict)
    trip_id: str | None = None
    open_commands: list[str] = Field(default_factory=list)

    def context(self) -> DialogueContext:
        return DialogueContext(
            pending_intent=self.pending_intent,
            missing_slot=self.missing_slot,
            awaiting_confirmation=self.pending_action is not None,
            last_results_kind=self.last_results_kind,
        )


class SessionNotFound(NotFound):
    def __init__(self, session_id: str, known: list[str]) -> None:
        super().__init__("session", session_id, known, code="SESSION_NOT_FOUND")


class TooManySessions(DomainError):
    kind = ErrorKind.LIMIT
    code = "TOO_MANY_SESSIONS"

    def __init__(self) -> None:
        super().__init__(
            bi("会话数量已达上限。", "Too many chat sessions in this sandbox."),
            hint=f"At most {MAX_SESSIONS} sessions per sandbox; reset the sandbox to start over.",
        )


class SessionStore:
    """One sandbox's chat sessions; ids from a counter (`chat-0001`), never the wall clock."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._counter = 0

    def __len__(self) -> int:
        return len(self._sessions)

    def ids(self) -> list[str]:
        return list(self._sessions)

    def create(
        self, vehicle_id: str, profile_id: str | None, locale: Locale, now: datetime
    ) -> Session:
        if len(self._sessions) >= MAX_SESSIONS:
            raise TooManySessions()
        self._counter += 1
        session = Session(
            session_id=f"chat-{self._counter:04d}",
            vehicle_id=vehicle_id,
            profile_id=profile_id,
            locale=locale,
            created_at=now,
        )
        self._sessions[session.session_id] = session
        return session

    def get(self, session_id: str) -> Session:
        found = self._sessions.get(session_id)
        if found is None:
            raise SessionNotFound(session_id, self.ids())
        return found

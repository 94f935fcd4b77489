"""Chat sessions: what a conversation remembers between turns, one store per sandbox."""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, PrivateAttr

from agents.conversation.nlu import (
    AgentName,
    DialogueContext,
    Intent,
    ResultsKind,
    Seat,
    SlotValue,
)
from agents.conversation.proactive.models import ProactiveInbox
from agents.errors import NotFound
from agents.limits import SandboxLimits
from agents.text import Bilingual, Locale
from agents.world.models import Coordinates

_SESSION_NUMBER = re.compile(r"^chat-(\d{1,9})$")


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
    locale: Locale = Field(
        default="zh",
        description=(
            "The language the assistant speaks in this session: `zh` (Simplified Chinese) or "
            "`en`, whichever tag chose it (`zh-TW` and `zh-CN` are both `zh`, `en-GB` is `en`). "
            "Answers in it carry `Content-Language: zh-CN` or `en`."
        ),
    )
    seat: Seat = Field(
        default="driver",
        description=(
            "Who speaks: `driver`, `passenger`, `rear_left` or `rear_right`. Cabin requests "
            'without a named seat ("open my window", "我有点冷") are for this seat\'s zone; '
            "a message may name another `seat` for itself."
        ),
    )
    created_at: AwareDatetime
    turns: int = Field(default=0, description="Turns so far, including any the transcript forgot")
    transcript: list[TranscriptEntry] = Field(
        default_factory=list,
        description="The newest turns (INCAR_MAX_TURNS_PER_SESSION), oldest first",
    )
    pending_intent: Intent | None = None
    missing_slot: str | None = None
    pending_slots: dict[str, SlotValue] = Field(default_factory=dict)
    pending_action: PendingAction | None = None
    last_results_kind: ResultsKind | None = None
    last_results: list[ListedResult] = Field(default_factory=list)
    last_query: dict[str, Any] = Field(default_factory=dict)
    trip_id: str | None = None
    open_commands: list[str] = Field(default_factory=list)
    proactive: ProactiveInbox = Field(
        default_factory=ProactiveInbox,
        description="What the assistant said unasked (GET .../events streams it) and its settings",
    )
    # How many turns the transcript keeps. The dialogue never reads old turns back ("the second
    # one" resolves against `last_results`), so forgetting them changes no answer.
    _max_turns: int = PrivateAttr(default=SandboxLimits.max_turns_per_session)

    def remember(self, entry: TranscriptEntry) -> None:
        """Add to the transcript, forgetting turns older than the newest `_max_turns`."""
        self.transcript.append(entry)
        oldest_kept = self.turns - self._max_turns + 1
        stale = 0
        while stale < len(self.transcript) and self.transcript[stale].turn < oldest_kept:
            stale += 1
        del self.transcript[:stale]

    def context(self) -> DialogueContext:
        return DialogueContext(
            pending_intent=self.pending_intent,
            missing_slot=self.missing_slot,
            awaiting_confirmation=self.pending_action is not None,
            last_results_kind=self.last_results_kind,
        )


class SessionNotFound(NotFound):
    def __init__(self, session_id: str, known: list[str], *, evicted: bool = False) -> None:
        super().__init__("session", session_id, known, code="SESSION_NOT_FOUND")
        if evicted:
            self.hint = (
                f"{session_id} was the least recently used session and was dropped to keep this "
                f"sandbox within its session cap (INCAR_MAX_CHAT_SESSIONS); start a new one. "
                f"{self.hint or ''}"
            ).strip()


class SessionStore:
    """One sandbox's chat sessions; ids from a counter (`chat-0001`), never the wall clock.

    At most `max_sessions`: starting one more drops the least recently used session (created,
    read or spoken to longest ago) rather than refusing, since there is no way to end a session.
    Ids keep counting, so a dropped id is never reused.
    """

    def __init__(
        self,
        max_sessions: int = SandboxLimits.max_chat_sessions,
        max_turns: int = SandboxLimits.max_turns_per_session,
    ) -> None:
        self._sessions: OrderedDict[str, Session] = OrderedDict()  # least recently used first
        self._counter = 0
        self._max_sessions = max_sessions
        self._max_turns = max_turns

    def __len__(self) -> int:
        return len(self._sessions)

    def ids(self) -> list[str]:
        return sorted(self._sessions)

    def create(
        self, vehicle_id: str, profile_id: str | None, locale: Locale, now: datetime
    ) -> Session:
        while len(self._sessions) >= self._max_sessions:
            self._sessions.popitem(last=False)
        self._counter += 1
        session = Session(
            session_id=f"chat-{self._counter:04d}",
            vehicle_id=vehicle_id,
            profile_id=profile_id,
            locale=locale,
            created_at=now,
        )
        session._max_turns = self._max_turns
        self._sessions[session.session_id] = session
        return session

    @property
    def counter(self) -> int:
        """The number of the last session started (ids keep counting past evictions)."""
        return self._counter

    def live(self) -> list[Session]:
        """The sessions themselves, without touching their order (the proactive monitor)."""
        return list(self._sessions.values())

    def stored(self) -> list[Session]:
        """Every session, least recently used first, without touching their order."""
        return [s.model_copy(deep=True) for s in self._sessions.values()]

    def restore(self, sessions: list[Session], counter: int) -> None:
        """Hold exactly `sessions`, least recently used first (an import, checked by
        agents/sandbox_state.py)."""
        kept: OrderedDict[str, Session] = OrderedDict()
        for session in sessions:
            copy = kept[session.session_id] = session.model_copy(deep=True)
            copy._max_turns = self._max_turns
        self._sessions, self._counter = kept, counter

    def get(self, session_id: str) -> Session:
        found = self._sessions.get(session_id)
        if found is None:
            number = _SESSION_NUMBER.match(session_id)
            evicted = number is not None and int(number.group(1)) <= self._counter
            raise SessionNotFound(session_id, self.ids(), evicted=evicted)
        self._sessions.move_to_end(session_id)
        return found

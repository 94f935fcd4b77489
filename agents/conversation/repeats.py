"""A chat turn said again before anything it read has changed: answered without working it out.

A UI polling its assistant (or a load test) asks one session the same question over and over.
Such a turn differs from the previous one only in its number, as long as it read nothing but the
world (its state and clock) and the session's dialogue state, and left that dialogue state as it
found it. Those turns are kept, per session and words, and replayed: the session counts the turn and
records it in its transcript exactly as a worked-out turn would.

What a kept turn is valid for (all compared at replay):
- the same world object at the same `version` and the same clock reading (with its offset);
- the same text, seat, agent restriction and the same session: vehicle, profile, locale and every
  dialogue field the turn could read (`last_results`, `last_query`, `trip_id` by identity, as the
  dialogue only ever replaces them);
- a turn that called only tools reading the world's state and clock (or none, outside a trip),
  sent no command, had nothing pending before or after, and changed neither world nor dialogue.

Kept per world (one per sandbox, dropped with it), at most `MAX_PER_WORLD` turns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from weakref import WeakKeyDictionary

from agents.conversation.nlu import AgentName, Intent, ResultsKind, Seat
from agents.conversation.sessions import Session, TranscriptEntry
from agents.conversation.tools import ToolContext
from agents.conversation.turns.models import Turn
from agents.world.world import World

# Tools whose answer is a function of the world's state and clock and their arguments alone (not
# profiles, trips, command records or charger availability, which move apart from the world's
# version). The compatible mode keeps its answers on the same rule.
READ_ONLY_TOOLS = frozenset({"get_vehicle_status", "get_alerts", "explain_warning_light"})

MAX_PER_WORLD = 64


@dataclass(frozen=True)
class _Dialogue:
    """What a turn may read of its session besides the text (compared field by field)."""

    session: Session  # the very session: another with the same id is another conversation
    vehicle_id: str
    profile_id: str | None
    locale: str
    last_results_kind: ResultsKind | None
    last_results: object  # compared by identity (see the module docstring)
    last_query: object
    trip_id: str | None

    @classmethod
    def of(cls, session: Session) -> _Dialogue:
        return cls(
            session,
            session.vehicle_id,
            session.profile_id,
            session.locale,
            session.last_results_kind,
            session.last_results,
            session.last_query,
            session.trip_id,
        )

    def same(self, other: _Dialogue) -> bool:
        return (
            self.session is other.session
            and self.last_results is other.last_results
            and self.last_query is other.last_query
            and self.vehicle_id == other.vehicle_id
            and self.profile_id == other.profile_id
            and self.locale == other.locale
            and self.last_results_kind == other.last_results_kind
            and self.trip_id == other.trip_id
        )


@dataclass(frozen=True)
class Moment:
    """Where the world stands and what is asked: a kept turn's key."""

    version: int
    now: datetime
    offset: tzinfo | None  # equal instants in other offsets are other answers (`as_of`)
    text: str
    seat: Seat
    only_agent: AgentName | None


@dataclass(frozen=True)
class KeptTurn:
    # No reference to the world: kept under it in a WeakKeyDictionary, a value holding its key
    # would keep every expired sandbox's world alive.
    moment: Moment
    dialogue: _Dialogue
    turn: Turn  # as first answered, with that turn's number
    intents: tuple[Intent, ...]  # the transcript's record of it


# Per world, by session id and words.
_KEPT: WeakKeyDictionary[World, dict[tuple[str, str], KeptTurn]] = WeakKeyDictionary()


def _idle(session: Session) -> bool:
    """Nothing pending: no question waiting for a slot, no yes/no, no command on its way."""
    return (
        session.pending_intent is None
        and session.missing_slot is None
        and not session.pending_slots
        and session.pending_action is None
        and not session.open_commands
    )


def moment_of(ctx: ToolContext, text: str, seat: Seat, only_agent: AgentName | None) -> Moment:
    world = ctx.sandbox.world
    now = world.now()  # brings the world up to the clock first, so `version` is current
    return Moment(world.version, now, now.tzinfo, text, seat, only_agent)


def find(
    session: Session,
    text: str,
    ctx: ToolContext,
    seat: Seat,
    only_agent: AgentName | None = None,
) -> KeptTurn | None:
    """The turn this session got for the same words in the same state, if there is one."""
    start = before(session, text, ctx, seat, only_agent, rehearse=False)
    return None if start is None else kept_for(session, start)


def kept_for(session: Session, start: Before) -> KeptTurn | None:
    """The turn kept for the session and words of `start`, if it was answered in the same
    state (`find`, for a caller that already has `start`)."""
    per_world = _KEPT.get(start.world)
    kept = None if per_world is None else per_world.get((session.session_id, start.moment.text))
    if kept is None or kept.moment != start.moment:
        return None
    return kept if kept.dialogue.same(start.dialogue) else None


def replay(session: Session, kept: KeptTurn) -> int:
    """The kept turn said once more, counted and recorded as run_turn records a turn: its
    number (the turn is `kept.turn` with that number)."""
    session.turns += 1
    number = session.turns
    turn = kept.turn
    session.remember(TranscriptEntry(turn=number, role="user", text=kept.moment.text))
    session.remember(
        TranscriptEntry(
            turn=number,
            role="assistant",
            text=turn.speech,
            agent=turn.agent,
            intents=list(kept.intents),
        )
    )
    return number


@dataclass(frozen=True)
class Before:
    """A session and world just before a turn is worked out (None when it cannot be kept)."""

    world: World
    moment: Moment
    dialogue: _Dialogue


def before(
    session: Session,
    text: str,
    ctx: ToolContext,
    seat: Seat,
    only_agent: AgentName | None,
    rehearse: bool,
) -> Before | None:
    if rehearse or not _idle(session):
        return None
    return Before(ctx.sandbox.world, moment_of(ctx, text, seat, only_agent), _Dialogue.of(session))


def keep(start: Before, session: Session, turn: Turn) -> None:
    """Keep `turn` for replay if it read and changed only what `find` compares."""
    if not _repeatable(start, session, turn):
        return
    per_world = _KEPT.get(start.world)
    if per_world is None:
        per_world = _KEPT[start.world] = {}
    key = (session.session_id, start.moment.text)
    if key not in per_world and len(per_world) >= MAX_PER_WORLD:
        per_world.clear()  # sessions come and go; the live ones are kept again on their next turn
    intents = tuple(a.intent.name for a in turn.answers)
    per_world[key] = KeptTurn(start.moment, start.dialogue, turn, intents)


def _repeatable(start: Before, session: Session, turn: Turn) -> bool:
    tools: list[Any] = [step.tool for step in turn.trace]
    if not all(tool in READ_ONLY_TOOLS for tool in tools):
        return False
    if not tools and session.trip_id is not None:
        return False  # a trip's handlers read it without a tool; its playback moves apart
    world = start.world
    now = world.now()
    return (
        _idle(session)
        and world.version == start.moment.version
        and now == start.moment.now
        and now.tzinfo == start.moment.offset
        and start.dialogue.same(_Dialogue.of(session))
    )

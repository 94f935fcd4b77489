"""The dialogue manager: one turn from an utterance to the answer.

A turn understands the utterance (agents.conversation.nlu), answers each request in order with
the handler its intent's declaration names (agents/conversation/turns/table.py), and leaves in
the session what the next turn needs: a question waiting for a slot, an action waiting for a
yes, the last list shown, the current trip, the commands still on their way to the car.
"""

from __future__ import annotations

from agents.conversation import repeats
from agents.conversation import replies as rp
from agents.conversation.limits import MAX_REQUESTS_PER_MESSAGE
from agents.conversation.nlu import AgentName, Intent, Seat, Understanding, understand
from agents.conversation.sessions import Session, TranscriptEntry
from agents.conversation.tools import ToolContext
from agents.conversation.turns.actions import command_updates
from agents.conversation.turns.assistant import ask_slot, not_mine
from agents.conversation.turns.calls import STATUS_TOPICS
from agents.conversation.turns.labels import command_label
from agents.conversation.turns.models import (
    Answer,
    IntentInfo,
    Reply,
    TraceError,
    TraceStep,
    Turn,
    TurnState,
)
from agents.conversation.turns.table import INTENTS
from agents.text import Bilingual, bi

__all__ = [
    "STATUS_TOPICS",
    "Answer",
    "IntentInfo",
    "TraceError",
    "TraceStep",
    "Turn",
    "command_label",
    "run_turn",
]


def run_turn(
    session: Session,
    text: str,
    ctx: ToolContext,
    *,
    only_agent: AgentName | None = None,
    rehearse: bool = False,
    seat: Seat | None = None,
) -> Turn:
    """Answer `text` in `session`, said from `seat` (default: the session's). `only_agent` keeps
    the answer to one agent's skills (the compatible endpoint's model ids); `rehearse` replays a
    past message without side effects."""
    seat = seat or session.seat
    start = repeats.before(session, text, ctx, seat, only_agent, rehearse)
    kept = None if start is None else repeats.kept_for(session, start)
    if kept is not None:
        return kept.turn.model_copy(update={"turn": repeats.replay(session, kept)})
    state = TurnState(session, ctx, only_agent, rehearse, seat)
    session.turns += 1
    session.remember(TranscriptEntry(turn=session.turns, role="user", text=text))
    notes = [] if rehearse else command_updates(state)
    understood = understand(text, session.context())
    left_over = len(understood) - MAX_REQUESTS_PER_MESSAGE
    replies = [(u, _answer(state, u)) for u in understood[:MAX_REQUESTS_PER_MESSAGE]]
    answers = [
        Answer(
            agent=reply.agent,
            intent=IntentInfo(
                name=u.intent, agent=reply.agent, confidence=u.confidence, slots=u.slots
            ),
            speech=reply.speech,
            cards=reply.cards,
            actions=reply.actions,
        )
        for u, reply in replies
    ]
    speech = rp.join([*notes, *(a.speech for a in answers), *_too_many(left_over)])
    chips = [c for _, r in replies for c in r.chips] or _default_chips(session)
    locale = session.locale
    first = answers[0]
    turn = Turn(
        session_id=session.session_id,
        turn=session.turns,
        locale=locale,
        seat=state.seat,
        agent=first.agent,
        intent=first.intent,
        answers=answers,
        speech=speech.pick(locale),
        speech_text=speech,
        cards=[c for a in answers for c in a.cards],
        actions=[a for ans in answers for a in ans.actions],
        suggestions=list(dict.fromkeys(c.pick(locale) for c in chips))[:4],
        trace=state.trace,
    )
    session.remember(
        TranscriptEntry(
            turn=session.turns,
            role="assistant",
            text=turn.speech,
            agent=turn.agent,
            intents=[a.intent.name for a in answers],
        )
    )
    if start is not None:
        repeats.keep(start, session, turn)
    return turn


def _too_many(left_over: int) -> list[Bilingual]:
    if left_over <= 0:
        return []
    n = MAX_REQUESTS_PER_MESSAGE
    return [
        bi(
            f"一次最多处理{n}个请求，其余{left_over}个请再说一遍。",
            f"I take up to {n} requests at a time; please ask the other {left_over} again.",
        )
    ]


def _default_chips(session: Session) -> list[Bilingual]:
    if session.last_results_kind is not None:
        return [bi("第一个", "The first one"), bi("导航过去", "Go there")]
    return [bi("车况怎么样", "How's my car?"), bi("附近充电站", "Chargers nearby")]


def _answer(state: TurnState, u: Understanding) -> Reply:
    """One request: the declared handler, after the checks every intent shares."""
    session = state.session
    spec = INTENTS[u.intent]
    agent = _agent_for(state, u)
    if state.only_agent is not None and agent not in (state.only_agent, "assistant"):
        return not_mine(state.only_agent, agent)
    if u.intent not in (Intent.CONFIRM, Intent.DENY) and session.pending_action is not None:
        session.pending_action = None  # the driver moved on: an unanswered yes/no lapses
    if u.missing_slots:
        return ask_slot(state, u, agent)
    if session.pending_intent is u.intent:
        u = u.model_copy(update={"slots": {**session.pending_slots, **u.slots}})
    session.pending_intent, session.missing_slot, session.pending_slots = None, None, {}
    if state.moving:
        reason = spec.refusal_while_moving(u, state.seat)
        if reason is not None:
            return Reply(reason, agent)
    return spec.handler(state, u, spec)


def _agent_for(state: TurnState, u: Understanding) -> AgentName:
    """Follow-ups belong to whoever produced what they follow up on."""
    agent = INTENTS[u.intent].agent
    if agent != "assistant":
        return agent
    session = state.session
    if u.intent in (Intent.CONFIRM, Intent.DENY) and session.pending_action is not None:
        is_destination = session.pending_action.command["type"] == "send_destination"
        return "travel_companion" if is_destination else "car_genius"
    if u.intent in (Intent.REFINE, Intent.SELECT) and session.last_results_kind is not None:
        return "travel_companion"
    return "assistant"

"""A chat turn said again is replayed from the session's kept turn only while nothing it read has
changed, and a replay records the turn exactly as working it out would."""

from __future__ import annotations

import gc
import weakref

import pytest

from agents.catalog import Catalog
from agents.conversation import repeats
from agents.conversation.dialogue import Turn, run_turn
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext
from agents.sandbox import Sandbox
from agents.text import Locale

IX3 = "ix3-shanghai"
RANGE = "How far can I drive?"


@pytest.fixture
def sandbox(catalog: Catalog) -> Sandbox:
    return catalog.new_sandbox(None)


def start(sandbox: Sandbox, catalog: Catalog, locale: Locale = "en") -> tuple[Session, ToolContext]:
    session = sandbox.chats.create(IX3, None, locale, sandbox.world.now())
    return session, ToolContext(sandbox, catalog, IX3, None, locale)


def kept(session: Session, ctx: ToolContext, text: str = RANGE) -> repeats.KeptTurn | None:
    return repeats.find(session, text, ctx, session.seat)


def test_a_turn_said_again_is_the_kept_turn_numbered_anew(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    session, ctx = start(sandbox, catalog)
    first = run_turn(session, RANGE, ctx)
    found = kept(session, ctx)
    assert found is not None
    assert found.turn is first
    second = run_turn(session, RANGE, ctx)
    assert second.turn == 2
    assert second.model_copy(update={"turn": 1}) == first
    # Worked out from scratch in a twin sandbox, turn 2 is the same turn.
    twin, twin_ctx = start(catalog.new_sandbox(None), catalog)
    run_turn(twin, "Hello", twin_ctx)
    fresh = run_turn(twin, RANGE, twin_ctx)
    assert fresh.model_dump() == second.model_dump()
    assert [(e.turn, e.role, e.text) for e in session.transcript] == [
        (1, "user", RANGE),
        (1, "assistant", "Battery 80%, 497 km of range."),
        (2, "user", RANGE),
        (2, "assistant", "Battery 80%, 497 km of range."),
    ]
    assert session.transcript[3].intents == ["status_range"]
    assert session.turns == 2


def test_a_state_change_is_answered_anew(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, RANGE, ctx)
    sandbox.world.patch_state(IX3, {"battery": {"soc_pct": 40, "range_km": 240}})
    assert kept(session, ctx) is None
    assert run_turn(session, RANGE, ctx).speech == "Battery 40%, 240 km of range."


def test_a_clock_move_is_answered_anew(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    first = run_turn(session, RANGE, ctx)
    sandbox.world.clock.advance(60)
    assert kept(session, ctx) is None
    later = run_turn(session, RANGE, ctx)
    assert later.cards[0].model_dump()["as_of"] != first.cards[0].model_dump()["as_of"]


def test_other_words_seat_locale_or_session_are_not_the_kept_turn(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, RANGE, ctx)
    assert kept(session, ctx, "How much battery is left?") is None
    assert repeats.find(session, RANGE, ctx, "passenger") is None
    assert repeats.find(session, RANGE, ctx, session.seat, only_agent="car_genius") is None
    session.locale = "zh"
    assert kept(session, ctx) is None
    session.locale = "en"
    assert kept(session, ctx) is not None
    other, _ = start(sandbox, catalog)  # chat-0002: its own conversation
    assert kept(other, ctx) is None


def test_a_session_replaced_under_the_same_id_is_not_the_kept_turn(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, RANGE, ctx)
    sandbox.reset()  # a fresh session store: the next session is chat-0001 again
    again, ctx = start(sandbox, catalog)
    assert again.session_id == session.session_id
    assert kept(again, ctx) is None
    assert run_turn(again, RANGE, ctx).turn == 1


def test_turns_that_change_the_dialogue_or_the_car_are_not_kept(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, "Unlock the car", ctx)  # waits for a yes
    assert session.pending_action is not None
    assert kept(session, ctx, "Unlock the car") is None
    run_turn(session, "yes", ctx)  # sends the command
    assert session.open_commands
    assert kept(session, ctx, "yes") is None
    chargers = "Find a charger nearby"
    run_turn(session, chargers, ctx)  # reads charger availability, not only the world
    assert kept(session, ctx, chargers) is None


def test_a_new_list_shown_in_between_is_not_the_kept_turn(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    session, ctx = start(sandbox, catalog)
    first = run_turn(session, RANGE, ctx)
    assert first.suggestions == ["Chargers nearby"]
    run_turn(session, "Find a charger nearby", ctx)
    assert kept(session, ctx) is None  # the last list changed what a turn suggests
    after_list = run_turn(session, RANGE, ctx)
    assert run_turn(session, RANGE, ctx).model_copy(update={"turn": after_list.turn}) == after_list


def test_a_session_polling_two_questions_replays_both(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    battery = "How much battery is left?"
    run_turn(session, RANGE, ctx)
    run_turn(session, battery, ctx)
    found = kept(session, ctx), kept(session, ctx, battery)
    assert None not in found
    assert [t.speech for t in (run_turn(session, RANGE, ctx), run_turn(session, battery, ctx))] == [
        k.turn.speech for k in found if k is not None
    ]
    sandbox.world.patch_state(IX3, {"battery": {"soc_pct": 40, "range_km": 240}})
    assert kept(session, ctx) is None
    assert kept(session, ctx, battery) is None


def test_rehearsed_turns_are_neither_kept_nor_replayed(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, RANGE, ctx, rehearse=True)
    assert kept(session, ctx) is None


def test_kept_turns_are_bounded_per_world(
    sandbox: Sandbox, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repeats, "MAX_PER_WORLD", 2)
    sessions = []
    for _ in range(3):
        session, ctx = start(sandbox, catalog)
        run_turn(session, RANGE, ctx)
        sessions.append(session)
    assert len(repeats._KEPT[sandbox.world]) <= 2
    assert kept(sessions[-1], ctx) is not None


def test_history_stays_bounded_over_many_repeated_turns(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    turns: list[Turn] = [run_turn(session, RANGE, ctx) for _ in range(500)]
    assert turns[-1].turn == 500
    limit = sandbox.limits.max_turns_per_session
    assert len(session.transcript) == 2 * limit
    assert session.transcript[0].turn == 500 - limit + 1


def test_kept_turns_do_not_keep_an_expired_sandbox_alive(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox(None)
    session, ctx = start(sandbox, catalog)
    run_turn(session, RANGE, ctx)
    world = weakref.ref(sandbox.world)
    del sandbox, session, ctx
    gc.collect()
    assert world() is None

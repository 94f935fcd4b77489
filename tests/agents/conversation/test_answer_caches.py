"""The caches behind the LLM surfaces never serve a stale answer: a kept briefing or
understanding is reused only while everything it was computed from is unchanged."""

from __future__ import annotations

import pytest

from agents.car_genius.briefing import build_briefing
from agents.car_genius.briefing_cache import current_briefing
from agents.catalog import Catalog
from agents.conversation.dialogue import run_turn
from agents.conversation.nlu import Intent, understand
from agents.conversation.nlu.intents import DialogueContext
from agents.conversation.nlu.understand import _understood
from agents.conversation.tools import ToolContext
from agents.sandbox import Sandbox

IX3 = "ix3-shanghai"
RANGE = "How far can I drive?"


@pytest.fixture
def sandbox(catalog: Catalog) -> Sandbox:
    return catalog.new_sandbox(None)


def ask(sandbox: Sandbox, catalog: Catalog, text: str = RANGE) -> str:
    session = sandbox.chats.create(IX3, None, "en", sandbox.world.now())
    return run_turn(session, text, ToolContext(sandbox, catalog, IX3, None, "en")).speech


def test_a_kept_briefing_is_reused_while_nothing_changes(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    world = sandbox.world
    car, now = world.vehicle(IX3), world.now()
    first = current_briefing(world, car, catalog.lights, now)
    assert current_briefing(world, car, catalog.lights, now) is first
    assert first == build_briefing(car, catalog.lights, now)


def test_a_state_patch_changes_the_answer(sandbox: Sandbox, catalog: Catalog) -> None:
    assert ask(sandbox, catalog) == "Battery 80%, 497 km of range."
    sandbox.world.patch_state(IX3, {"battery": {"soc_pct": 40, "range_km": 240}})
    assert ask(sandbox, catalog) == "Battery 40%, 240 km of range."


def test_a_clock_move_rebuilds_the_briefing(sandbox: Sandbox, catalog: Catalog) -> None:
    world = sandbox.world
    car = world.vehicle(IX3)
    before = current_briefing(world, car, catalog.lights, world.now())
    world.clock.advance(3600)
    now = world.now()
    after = current_briefing(world, car, catalog.lights, now)
    assert after is not before
    assert after.generated_at == now != before.generated_at
    assert after == build_briefing(car, catalog.lights, now)


def test_a_reset_reads_the_new_cars(sandbox: Sandbox, catalog: Catalog) -> None:
    sandbox.world.patch_state(IX3, {"battery": {"soc_pct": 40, "range_km": 240}})
    assert ask(sandbox, catalog) == "Battery 40%, 240 km of range."
    sandbox.world.reset()
    assert ask(sandbox, catalog) == "Battery 80%, 497 km of range."


def test_sandboxes_keep_their_own_briefings(catalog: Catalog) -> None:
    one, other = catalog.new_sandbox(None), catalog.new_sandbox(None)
    assert ask(one, catalog) == ask(other, catalog) == "Battery 80%, 497 km of range."
    one.world.patch_state(IX3, {"battery": {"soc_pct": 40, "range_km": 240}})
    assert ask(one, catalog) == "Battery 40%, 240 km of range."
    assert ask(other, catalog) == "Battery 80%, 497 km of range."


def test_understanding_is_kept_per_text_and_context() -> None:
    pending = DialogueContext(pending_intent=Intent.PLAN_TRIP, missing_slot="destination")
    assert [u.intent for u in understand("杭州")] == [Intent.OUT_OF_SCOPE]
    answered = understand("杭州", pending)
    assert [(u.intent, u.slots) for u in answered] == [(Intent.PLAN_TRIP, {"destination": "杭州"})]
    assert [u.intent for u in understand("杭州")] == [Intent.OUT_OF_SCOPE]


def test_callers_get_their_own_list_and_the_cache_is_bounded() -> None:
    first = understand(RANGE)
    hits = _understood.cache_info().hits
    first.clear()
    assert [u.intent for u in understand(RANGE)] == [Intent.STATUS_RANGE]
    assert _understood.cache_info().hits == hits + 1  # understood once, then kept
    assert _understood.cache_info().maxsize == 1024
    hits = _understood.cache_info().hits
    long_text = "lock the car " * 40  # longer than any kept text: understood afresh
    assert understand(long_text) == understand(long_text)
    assert _understood.cache_info().hits == hits

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agents.catalog import Catalog
from agents.conversation.dialogue import run_turn
from agents.conversation.events import SpeechDelta, speech_chunks, turn_events
from agents.conversation.sessions import Session, SessionNotFound, SessionStore
from agents.conversation.tools import ToolContext
from agents.sandbox import Sandbox
from agents.text import Locale
from agents.travel.dining_index import dietary_rules_met
from agents.travel.profiles import DietaryRule
from agents.travel.restaurants import Restaurant


@pytest.fixture
def sandbox(catalog: Catalog) -> Sandbox:
    return catalog.new_sandbox(None)


def start(sandbox: Sandbox, catalog: Catalog, locale: Locale = "en") -> tuple[Session, ToolContext]:
    session = sandbox.chats.create("ix3-shanghai", None, locale, sandbox.world.now())
    return session, ToolContext(sandbox, catalog, session.vehicle_id, None, locale)


def test_session_ids_come_from_a_counter_and_unknown_ids_are_named() -> None:
    store = SessionStore()
    now = datetime.fromisoformat("2026-06-01T08:00:00+08:00")
    assert [store.create("v", None, "zh", now).session_id for _ in range(2)] == [
        "chat-0001",
        "chat-0002",
    ]
    with pytest.raises(SessionNotFound) as missing:
        store.get("chat-0003")
    assert missing.value.extra["known"] == ["chat-0001", "chat-0002"]


def test_several_requests_are_answered_in_order(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    turn = run_turn(session, "what's my range and unlock the car", ctx)
    assert [a.intent.name.value for a in turn.answers] == ["status_range", "unlock"]
    assert turn.speech == "Battery 80%, 497 km of range. Shall I unlock the car?"
    assert [a.requires_confirmation for a in turn.actions] == [True]


def test_slot_question_then_answer(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog, "zh")
    asked = run_turn(session, "充电上限设一下", ctx)
    assert asked.speech == "充电上限设为多少？"
    assert (session.pending_intent, session.missing_slot) != (None, None)
    filled = run_turn(session, "百分之八十五", ctx)
    assert filled.intent.slots["limit_pct"] == 85
    assert filled.speech == "确认要把充电上限设为85%吗？"
    assert session.pending_intent is None


def test_confirmed_command_is_reported_when_it_finishes(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, "flash the lights", ctx)
    sent = run_turn(session, "yes", ctx)
    assert sent.speech.startswith("OK, I've sent the command to flash the lights (cmd-0001)")
    assert session.open_commands == ["cmd-0001"]
    sandbox.world.clock.set(sandbox.world.now() + timedelta(seconds=5))
    later = run_turn(session, "hi", ctx)
    assert later.speech.startswith("Done: flash the lights.")
    assert session.open_commands == []


def test_rehearsal_sends_nothing(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    run_turn(session, "honk", ctx, rehearse=True)
    turn = run_turn(session, "yes", ctx, rehearse=True)
    assert turn.speech == "OK, honk the horn."
    assert sandbox.world.commands == {}


def test_only_agent_keeps_to_its_skills(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    turn = run_turn(session, "find a charger", ctx, only_agent="car_genius")
    assert turn.speech == "I'm Car Genius; ask Travel Companion that."
    assert turn.trace == []


def test_lists_are_shorter_while_driving(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog)
    parked = run_turn(session, "find a charger", ctx)
    sandbox.world.patch_state("ix3-shanghai", {"motion": {"speed_kmh": 60}})
    moving = run_turn(session, "find a charger", ctx)
    assert len(parked.cards[0].items) == 4  # type: ignore[union-attr]
    assert len(moving.cards[0].items) == 3  # type: ignore[union-attr]
    # The count said is the count read: all four found, three read; moving, three short lines.
    assert parked.speech.startswith(
        "I found 4 chargers; the first 3: 1. Dianlu Hongqiao Hub Supercharger"
    )
    assert moving.speech == (
        "I found 3 chargers: 1. Dianlu Hongqiao Hub Supercharger, 8 km, 120 kW; "
        "2. Xingchong People's Square Hub, 9 km, 160 kW; "
        "3. Dianlu People's Square Site 2, 10 km, 120 kW."
    )


def test_stream_events_rebuild_the_turn(sandbox: Sandbox, catalog: Catalog) -> None:
    session, ctx = start(sandbox, catalog, "zh")
    turn = run_turn(session, "红色的刹车灯是什么意思", ctx)
    events = turn_events(turn)
    names = [e.event for e in events]
    assert names[:4] == ["turn.start", "intent", "tool_call", "tool_result"]
    assert names[-2:] == ["card", "turn.end"]
    text = "".join(e.data.text for e in events if isinstance(e.data, SpeechDelta))
    assert text == turn.speech


@pytest.mark.parametrize(
    ("text", "chunks"),
    [
        ("确认要锁车吗？", ["确认", "要锁", "车吗", "？"]),
        ("Shall I lock the car now?", ["Shall ", "I lock ", "the car ", "now?"]),
        ("", []),
    ],
)
def test_speech_chunks(text: str, chunks: list[str]) -> None:
    assert speech_chunks(text) == chunks


def test_lunch_on_a_planned_trip_is_vegetarian_near_where_the_car_is_at_noon(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    session, ctx = start(sandbox, catalog, "zh")
    turn = run_turn(session, "帮我规划去杭州的路线，中午想吃素", ctx)
    food = [s for s in turn.trace if s.tool == "find_restaurants"]
    assert [s.arguments for s in food] == [
        {"dietary": ["vegetarian"], "trip_id": "trip-0001", "meal": "lunch", "limit": 5}
    ]
    assert food[0].result is not None
    found = [Restaurant.model_validate(r["restaurant"]) for r in food[0].result["results"]]
    assert len(found) == 5
    assert all(DietaryRule.VEGETARIAN in dietary_rules_met(r) for r in found)
    # The car is in Hangzhou by 10:13, so lunch is near Hangzhou, each with its reason.
    assert turn.speech.endswith(
        "为您找到5家餐厅，先说前3个：第1家，湖畔楼，江浙菜，人均180元（素食；距杭州1.4公里，"
        "12:00营业）；第2家，云林素面馆，素食，人均45元（素食；距杭州2.1公里，12:00营业）；"
        "第3家，钱江粤菜馆，粤菜，人均160元（素食；距杭州1.1公里，12:00营业）。"
    )

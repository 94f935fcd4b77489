"""Chat sessions: the least recently used goes when the store is full; transcripts keep the
newest turns, and forgetting old turns changes no answer."""

from __future__ import annotations

from datetime import datetime

import pytest

from agents.catalog import Catalog
from agents.conversation.dialogue import run_turn
from agents.conversation.sessions import SessionNotFound, SessionStore
from agents.conversation.tools import ToolContext
from agents.limits import SandboxLimits

NOW = datetime.fromisoformat("2026-06-01T08:00:00+08:00")


def test_a_full_store_drops_the_least_recently_used_session() -> None:
    store = SessionStore(max_sessions=3)
    for _ in range(3):
        store.create("ix3-shanghai", None, "zh", NOW)
    store.get("chat-0001")  # used: now chat-0002 is the least recently used
    fourth = store.create("ix3-shanghai", None, "zh", NOW)
    assert fourth.session_id == "chat-0004"
    assert store.ids() == ["chat-0001", "chat-0003", "chat-0004"]
    assert store.create("ix3-shanghai", None, "zh", NOW).session_id == "chat-0005"
    assert store.ids() == ["chat-0001", "chat-0004", "chat-0005"]
    assert len(store) == 3


def test_a_dropped_session_is_not_found_with_a_hint_saying_why() -> None:
    store = SessionStore(max_sessions=1)
    store.create("ix3-shanghai", None, "zh", NOW)
    store.create("ix3-shanghai", None, "zh", NOW)
    with pytest.raises(SessionNotFound) as dropped:
        store.get("chat-0001")
    assert dropped.value.hint == (
        "chat-0001 was the least recently used session and was dropped to keep this sandbox "
        "within its session cap (INCAR_MAX_CHAT_SESSIONS); start a new one. "
        "Known session ids: chat-0002"
    )
    with pytest.raises(SessionNotFound) as never:
        store.get("chat-0003")
    assert never.value.hint == "Known session ids: chat-0002"


def test_transcript_keeps_the_newest_turns_and_references_still_work(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox(None, SandboxLimits(max_turns_per_session=2))
    session = sandbox.start_chat("ix3-shanghai", None, "en")
    ctx = ToolContext(sandbox, catalog, "ix3-shanghai", None, "en")
    listed = run_turn(session, "find chargers nearby", ctx)
    assert listed.cards[0].model_dump()["items"][1]["name"]["en"] == "Xingchong People's Square Hub"
    run_turn(session, "what's my range", ctx)
    picked = run_turn(session, "the second one", ctx)
    # Turn 1, which showed the list, is forgotten; "the second one" still resolves against it.
    assert picked.speech == "Number 2: Xingchong People's Square Hub. Shall I send it to the car?"
    assert session.turns == 3
    assert [(e.turn, e.role) for e in session.transcript] == [
        (2, "user"),
        (2, "assistant"),
        (3, "user"),
        (3, "assistant"),
    ]
    assert session.transcript[2].text == "the second one"

"""The cabin in the conversation: the speaker's seat, zones named in the answer, refusals while
moving. The world's `control_cabin` tool is stood in for by a recorder with the same contract
(`{"command": {...}, "seat": speaker}`), so these tests read what the dialogue asks of the car."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from agents.catalog import Catalog
from agents.conversation.dialogue import run_turn
from agents.conversation.nlu import Seat
from agents.conversation.sessions import Session
from agents.conversation.tools import TOOLS, Tool, ToolContext, ToolInput
from agents.errors import DomainError
from agents.sandbox import Sandbox
from agents.text import bi
from agents.world.errors import in_motion


class CabinInput(ToolInput):
    command: dict[str, Any]
    seat: Seat


class CabinDone(BaseModel):
    type: str


SENT: list[dict[str, Any]] = []
REFUSE: list[DomainError] = []


def _control_cabin(ctx: ToolContext, args: CabinInput) -> CabinDone:
    if REFUSE:
        raise REFUSE[0]
    SENT.append(args.model_dump())
    return CabinDone(type=args.command["type"])


@pytest.fixture(autouse=True)
def cabin_tool() -> Iterator[None]:
    TOOLS["control_cabin"] = Tool(
        "control_cabin", "car_genius", bi("座舱", "cabin"), CabinInput, CabinDone,
        _control_cabin, lambda ctx: ctx.vehicle_sources(),
    )  # fmt: skip
    SENT.clear()
    REFUSE.clear()
    yield
    del TOOLS["control_cabin"]


def start(
    catalog: Catalog, locale: str = "zh", seat: Seat = "driver"
) -> tuple[Sandbox, Session, ToolContext]:
    sandbox = catalog.new_sandbox(None)
    session = sandbox.chats.create("ix3-shanghai", None, "zh", sandbox.world.now())
    session.locale = "en" if locale == "en" else "zh"
    session.seat = seat
    return sandbox, session, ToolContext(sandbox, catalog, session.vehicle_id, None, session.locale)


def test_seat_heating_for_the_speaker_acts_at_once_and_names_the_zone(catalog: Catalog) -> None:
    _, session, ctx = start(catalog, seat="passenger")
    turn = run_turn(session, "打开座椅加热", ctx)
    assert SENT == [
        {"command": {"type": "seat_heating", "seat": "passenger", "level": 2}, "seat": "passenger"}
    ]
    assert turn.speech == "副驾座椅加热已开到 2 档。"
    assert turn.speech_text.en == "Passenger seat heating is at level 2."
    assert turn.seat == "passenger"
    assert session.pending_action is None  # no yes/no in the car


def test_a_passenger_who_is_cold_warms_the_passenger_zone_only(catalog: Catalog) -> None:
    _, session, ctx = start(catalog, seat="passenger")
    turn = run_turn(session, "我有点冷", ctx)
    assert SENT == [
        {"command": {"type": "seat_heating", "seat": "passenger", "level": 2}, "seat": "passenger"}
    ]
    climate = [s.arguments for s in turn.trace if s.tool == "send_remote_command"]
    assert climate == [{"command": {"type": "climate_start", "target_temp_c": 24.0,
                                    "zone": "passenger"}}]  # fmt: skip
    touched = [str(a) for a in [*SENT, *climate]]
    assert not any("driver" in t for t in touched)
    assert turn.speech.startswith("副驾座椅加热已开到 2 档。")


def test_a_message_may_speak_from_another_seat(catalog: Catalog) -> None:
    _, session, ctx = start(catalog, "en")
    turn = run_turn(session, "open my window", ctx, seat="rear_left")
    assert SENT == [
        {"command": {"type": "window", "window": "rear_left", "position_pct": 100},
         "seat": "rear_left"}
    ]  # fmt: skip
    assert turn.speech == "Rear left window open."
    assert session.seat == "driver"


@pytest.mark.parametrize(
    ("text", "command", "speech"),
    [
        ("close all the windows", {"type": "window", "window": "all", "position_pct": 0},
         "All windows closed."),
        ("window down 30%", {"type": "window", "window": "driver", "position_pct": 30},
         "Driver window open 30%."),
        ("open the trunk", {"type": "trunk", "open": True}, "Trunk open."),
        ("turn on the seat heater", {"type": "seat_heating", "seat": "driver", "level": 2},
         "Driver seat heating is at level 2."),
        ("passenger seat heating off", {"type": "seat_heating", "seat": "passenger", "level": 0},
         "Passenger seat heating is off."),
        ("defrost the rear window", {"type": "defrost", "on": True, "zone": "rear"},
         "Rear defrost is on."),
        ("ambient light blue", {"type": "ambient_light", "on": True, "colour": "blue"},
         "Ambient light is on, blue."),
    ],
)  # fmt: skip
def test_cabin_commands_in_english(
    catalog: Catalog, text: str, command: dict[str, Any], speech: str
) -> None:
    _, session, ctx = start(catalog, "en")
    turn = run_turn(session, text, ctx)
    assert [{"command": command, "seat": "driver"}] == SENT
    assert turn.speech == speech


def test_a_level_out_of_range_is_answered_not_sent(catalog: Catalog) -> None:
    _, session, ctx = start(catalog)
    turn = run_turn(session, "座椅加热开到5档", ctx)
    assert (SENT, turn.speech) == ([], "只有0到3档，没有5档。")


def test_the_cars_refusal_is_said_with_its_reason(catalog: Catalog) -> None:
    _, session, ctx = start(catalog, "en")
    REFUSE.append(in_motion())
    turn = run_turn(session, "open the trunk", ctx)
    assert turn.speech == (
        "I couldn't change the trunk: The car is moving; this can't be done while driving."
    )
    assert turn.trace[0].error is not None
    assert turn.trace[0].error.code == "IN_MOTION"


def test_distracting_changes_are_refused_while_moving(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, "en")
    sandbox.world.patch_state("ix3-shanghai", {"motion": {"speed_kmh": 60}})
    colour = run_turn(session, "set the ambient light to purple", ctx)
    child = run_turn(session, "turn off the child lock", ctx)
    assert SENT == []
    assert colour.speech.startswith("I can't change the ambient light's colour or brightness")
    assert child.speech == (
        "I can't release the child lock while the car is moving; do it when you're parked."
    )
    run_turn(session, "turn on the ambient light", ctx)
    run_turn(session, "turn on the child lock", ctx)
    assert [s["command"] for s in SENT] == [
        {"type": "ambient_light", "on": True},
        {"type": "child_lock", "on": True},
    ]


def test_without_the_cabin_tool_the_car_says_it_cannot(catalog: Catalog) -> None:
    del TOOLS["control_cabin"]
    try:
        _, session, ctx = start(catalog, "en")
        turn = run_turn(session, "open the sunroof", ctx)
        assert turn.speech == (
            "I couldn't change the sunroof: This car doesn't support that feature."
        )
    finally:
        TOOLS["control_cabin"] = Tool(
            "control_cabin", "car_genius", bi("座舱", "cabin"), CabinInput, CabinDone,
            _control_cabin, lambda ctx: ctx.vehicle_sources(),
        )  # fmt: skip

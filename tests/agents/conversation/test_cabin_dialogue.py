"""The cabin in the conversation: the speaker's seat, zones named in the answer, refusals while
moving, and the car's own refusals, over the world's `control_cabin` tool."""

from __future__ import annotations

from typing import Any

import pytest

from agents.catalog import Catalog
from agents.conversation.dialogue import Turn, run_turn
from agents.conversation.nlu import Seat
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext
from agents.sandbox import Sandbox


def sent(turn: Turn) -> list[dict[str, Any]]:
    """What the dialogue had the car do at once: each `control_cabin` call it made."""
    return [s.arguments for s in turn.trace if s.tool == "control_cabin" and s.error is None]


def start(
    catalog: Catalog, locale: str = "zh", seat: Seat = "driver"
) -> tuple[Sandbox, Session, ToolContext]:
    sandbox = catalog.new_sandbox(None)
    session = sandbox.chats.create("ix3-shanghai", None, "zh", sandbox.world.now())
    session.locale = "en" if locale == "en" else "zh"
    session.seat = seat
    return sandbox, session, ToolContext(sandbox, catalog, session.vehicle_id, None, session.locale)


def test_seat_heating_for_the_speaker_acts_at_once_and_names_the_zone(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, seat="passenger")
    turn = run_turn(session, "打开座椅加热", ctx)
    assert sent(turn) == [
        {"command": {"type": "seat_heating", "seat": "passenger", "level": 2}, "seat": "passenger"}
    ]
    seats = sandbox.world.vehicle("ix3-shanghai").state.cabin.seats
    assert (seats.passenger.heating_level, seats.driver.heating_level) == (2, 0)
    assert turn.speech == "副驾座椅加热已开到 2 档。"
    assert turn.speech_text.en == "Passenger seat heating is at level 2."
    assert turn.seat == "passenger"
    assert session.pending_action is None  # no yes/no in the car


def test_a_passenger_who_is_cold_warms_the_passenger_zone_only(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, seat="passenger")
    turn = run_turn(session, "我有点冷", ctx)
    assert sent(turn) == [
        {"command": {"type": "seat_heating", "seat": "passenger", "level": 2}, "seat": "passenger"}
    ]
    climate = [s.arguments for s in turn.trace if s.tool == "send_remote_command"]
    assert climate == [{"command": {"type": "climate_start", "target_temp_c": 24.0,
                                    "zone": "passenger"}}]  # fmt: skip
    touched = [str(a) for a in [*sent(turn), *climate]]
    assert not any("driver" in t for t in touched)
    assert turn.speech.startswith("副驾座椅加热已开到 2 档。")
    sandbox.world.settle()
    zones = sandbox.world.vehicle("ix3-shanghai").state.climate
    assert zones is not None
    assert zones.zones.passenger == 24.0
    assert zones.zones.driver != 24.0


def test_a_message_may_speak_from_another_seat(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, "en")
    turn = run_turn(session, "open my window", ctx, seat="rear_left")
    assert sent(turn) == [
        {"command": {"type": "window", "window": "rear_left", "position_pct": 100},
         "seat": "rear_left"}
    ]  # fmt: skip
    windows = sandbox.world.vehicle("ix3-shanghai").state.security.windows_open_pct
    assert windows is not None
    assert (windows.rear_left, windows.front_left) == (100, 0)
    assert turn.speech == "Rear left window open."
    assert session.seat == "driver"


@pytest.mark.parametrize(
    ("text", "command", "speech"),
    [
        ("close all the windows", {"type": "window", "window": "all", "position_pct": 0},
         "All windows closed."),
        ("window down 30%", {"type": "window", "window": "driver", "position_pct": 30},
         "Driver's window open 30%."),
        ("open the trunk", {"type": "trunk", "open": True}, "Trunk open."),
        ("turn on the seat heater", {"type": "seat_heating", "seat": "driver", "level": 2},
         "Driver's seat heating is at level 2."),
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
    assert sent(turn) == [{"command": command, "seat": "driver"}]
    assert turn.speech == speech


def test_a_level_out_of_range_is_answered_not_sent(catalog: Catalog) -> None:
    _, session, ctx = start(catalog)
    turn = run_turn(session, "座椅加热开到5档", ctx)
    assert (turn.trace, turn.speech) == ([], "只有0到3档，没有5档。")


def test_the_cars_refusal_is_said_with_its_reason(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, "en")
    sandbox.world.patch_state("ix3-shanghai", {"motion": {"speed_kmh": 30}})
    turn = run_turn(session, "open the trunk", ctx)
    assert turn.speech == (
        "I couldn't change the trunk: The car is moving; this can't be done while driving."
    )
    assert turn.trace[0].error is not None
    assert turn.trace[0].error.code == "IN_MOTION"
    assert sandbox.world.vehicle("ix3-shanghai").state.security.trunk_open is False


def test_distracting_changes_are_refused_while_moving(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, "en")
    sandbox.world.patch_state("ix3-shanghai", {"motion": {"speed_kmh": 60}})
    colour = run_turn(session, "set the ambient light to purple", ctx)
    child = run_turn(session, "turn off the child lock", ctx)
    assert sent(colour) == sent(child) == []
    assert colour.speech.startswith("I can't change the ambient light's colour or brightness")
    assert child.speech == (
        "I can't release the child lock while the car is moving; do it when you're parked."
    )
    on = run_turn(session, "turn on the ambient light", ctx)
    lock = run_turn(session, "turn on the child lock", ctx)
    assert [s["command"] for s in [*sent(on), *sent(lock)]] == [
        {"type": "ambient_light", "on": True},
        {"type": "child_lock", "on": True},
    ]


def test_a_car_without_the_feature_says_it_cannot(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox(None)
    session = sandbox.chats.create("x1-2012-nanjing", None, "en", sandbox.world.now())
    ctx = ToolContext(sandbox, catalog, session.vehicle_id, None, "en")
    turn = run_turn(session, "open the sunroof", ctx)
    assert turn.speech == "I couldn't change the sunroof: This car doesn't support that feature."
    assert turn.trace[0].error is not None
    assert turn.trace[0].error.code == "NOT_CAPABLE"


def test_locking_a_locked_car_is_not_asked_about(catalog: Catalog) -> None:
    sandbox, session, ctx = start(catalog, "en")
    assert sandbox.world.vehicle("ix3-shanghai").state.security.locked
    turn = run_turn(session, "lock the car", ctx)
    assert turn.speech == "No need to lock the car: the car is already that way."
    assert session.pending_action is None
    asked = run_turn(session, "unlock the car", ctx)
    assert asked.speech == "Shall I unlock the car?"

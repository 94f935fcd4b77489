"""The proactive monitor checks the cars' conditions again only when something it reads changed:
the world's version or clock, the sessions listening, the active trips, or a reset."""

from __future__ import annotations

import pytest

from agents.catalog import Catalog
from agents.conversation.proactive import monitor, triggers
from agents.conversation.proactive.models import EventKind
from agents.conversation.proactive.triggers import Occurrence
from agents.world.models import Vehicle

EV = "ix3-shanghai"


@pytest.fixture
def looks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The vehicles the monitor checked, one entry a check."""
    checked: list[str] = []
    real = triggers.car_conditions

    def counting(vehicle: Vehicle, *args: object) -> list[Occurrence]:
        checked.append(vehicle.id)
        return real(vehicle, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(monitor, "car_conditions", counting)
    return checked


def test_an_unchanged_world_is_not_checked_again(catalog: Catalog, looks: list[str]) -> None:
    sandbox = catalog.new_sandbox(None)
    sandbox.start_chat(EV, None, "zh")
    for _ in range(3):
        sandbox.observe()
    assert looks == [EV]
    sandbox.world.patch_state(EV, {"battery": {"soc_pct": 40}})
    sandbox.observe()
    assert len(looks) == 2
    sandbox.world.clock.advance(60)
    sandbox.observe()  # (the clock's step looks too, before the world's version moves)
    assert len(looks) > 2
    moved = len(looks)
    sandbox.observe()
    assert len(looks) == moved
    sandbox.start_chat(EV, None, "en")  # a new listener gets its first look
    sandbox.observe()
    assert len(looks) == moved + 1
    sandbox.reset()
    sandbox.start_chat(EV, None, "zh")
    sandbox.observe()
    assert len(looks) == moved + 2


def test_what_appears_between_two_looks_is_still_told(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox("low-battery-expressway")
    sandbox.world.patch_state(EV, {"battery": {"soc_pct": 60}})
    session = sandbox.start_chat(EV, None, "zh")
    sandbox.observe()
    sandbox.observe()
    assert session.proactive.events == []
    sandbox.world.patch_state(EV, {"battery": {"soc_pct": 12}})
    sandbox.observe()
    assert [e.kind for e in session.proactive.events] == [EventKind.LOW_SOC]

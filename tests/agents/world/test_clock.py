from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from agents.world.clock import VirtualClock

CST = timezone(timedelta(hours=8))
START = datetime(2026, 6, 1, 8, 0, tzinfo=CST)


class FakeWall:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_frozen_by_default() -> None:
    wall = FakeWall()
    clock = VirtualClock(START, wall)
    wall.t += 3600
    assert clock.now() == START
    assert clock.running is False


def test_advance_and_set() -> None:
    clock = VirtualClock(START, FakeWall())
    clock.advance(900)
    assert clock.now() == datetime(2026, 6, 1, 8, 15, tzinfo=CST)
    clock.set(datetime(2026, 6, 2, 12, 0, tzinfo=CST))
    assert clock.now().isoformat() == "2026-06-02T12:00:00+08:00"


def test_run_at_speed_then_pause_keeps_time() -> None:
    wall = FakeWall()
    clock = VirtualClock(START, wall)
    clock.run(60)
    wall.t += 180  # 3 wall minutes at x60 = 3 sim hours
    assert clock.now() == START + timedelta(hours=3)
    clock.pause()
    wall.t += 1000
    assert clock.now() == START + timedelta(hours=3)
    assert clock.state().running is False


@pytest.mark.parametrize("speed", [0, 0.5, 601])
def test_speed_out_of_range_is_refused(speed: float) -> None:
    clock = VirtualClock(START, FakeWall())
    with pytest.raises(ValueError, match="between 1 and 600"):
        clock.run(speed)
    assert clock.running is False

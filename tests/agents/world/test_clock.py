from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from agents.world.clock import (
    CLOCK_MAX,
    CLOCK_MIN,
    CLOCK_RANGE,
    ClockOutOfRange,
    ClockState,
    VirtualClock,
)

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


def test_legal_range_is_2000_to_2100_inclusive() -> None:
    assert (CLOCK_MIN.isoformat(), CLOCK_MAX.isoformat()) == (
        "2000-01-01T00:00:00+00:00",
        "2100-01-01T00:00:00+00:00",
    )
    assert CLOCK_RANGE == "2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive"
    clock = VirtualClock(START, FakeWall())
    clock.set(datetime(2000, 1, 1, 8, 0, tzinfo=CST))  # the first legal moment, in +08:00
    clock.set(CLOCK_MAX)
    assert clock.now() == CLOCK_MAX


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2000, 1, 1, 7, 59, 59, tzinfo=CST),
        datetime(2100, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-8))),
        datetime(1, 1, 1, tzinfo=CST),
    ],
)
def test_set_outside_the_range_is_refused_and_changes_nothing(moment: datetime) -> None:
    clock = VirtualClock(START, FakeWall())
    with pytest.raises(ClockOutOfRange) as info:
        clock.set(moment)
    assert info.value.code == "CLOCK_OUT_OF_RANGE"
    assert info.value.hint is not None
    assert CLOCK_RANGE in info.value.hint
    assert clock.now() == START


@pytest.mark.parametrize("seconds", [1, 1e12, float("inf"), float("nan")])
def test_advance_past_the_max_is_refused(seconds: float) -> None:
    clock = VirtualClock(CLOCK_MAX - timedelta(microseconds=1), FakeWall())
    clock.advance(0.000001)
    with pytest.raises(ClockOutOfRange):
        clock.advance(seconds)
    assert clock.now() == CLOCK_MAX


def test_a_running_clock_stops_at_the_max() -> None:
    wall = FakeWall()
    clock = VirtualClock(datetime(2099, 12, 31, 23, 59, tzinfo=UTC), wall)
    clock.run(600)
    wall.t += 0.05  # 30 sim seconds
    assert clock.now() == datetime(2099, 12, 31, 23, 59, 30, tzinfo=UTC)
    wall.t += 10**9
    assert (clock.now(), clock.running) == (CLOCK_MAX, False)
    wall.t += 10
    assert clock.state() == ClockState(now=CLOCK_MAX, running=False, speed=600)

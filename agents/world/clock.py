"""The virtual clock. Frozen unless advanced or set running, so tests are exact.

Running, sim time = anchor + (wall - wall_anchor) * speed: a 3-hour road trip plays in 3 minutes
at x60. Wall time comes from an injected monotonic function so tests can drive it too.

The clock only ever shows a moment of the legal range, CLOCK_MIN to CLOCK_MAX inclusive: a century
is room for any test, and a bound keeps date arithmetic (trip timelines, opening hours, key
windows) far from datetime's year-1/9999 edges. Every time a client gives is held to it (`SimTime`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field
from pydantic_core import PydanticCustomError

from agents.errors import DomainError
from agents.text import bi

MAX_SPEED = 600.0
CLOCK_MIN = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_MAX = datetime(2100, 1, 1, tzinfo=UTC)
CLOCK_RANGE = f"{CLOCK_MIN:%Y-%m-%dT%H:%M:%SZ} to {CLOCK_MAX:%Y-%m-%dT%H:%M:%SZ} inclusive"


def in_clock_range(moment: datetime) -> bool:
    return CLOCK_MIN <= moment <= CLOCK_MAX


def _within_clock_range(moment: datetime) -> datetime:
    if not in_clock_range(moment):
        raise PydanticCustomError(
            "sim_time_out_of_range",
            "Time must be within the sim clock's range, {range}",
            {"range": CLOCK_RANGE},
        )
    return moment


# A client-given moment: timezone-aware and within the clock's legal range (else a 422).
SimTime = Annotated[
    AwareDatetime,
    AfterValidator(_within_clock_range),
    Field(description=f"ISO 8601 with offset, within {CLOCK_RANGE}"),
]


class ClockOutOfRange(DomainError):
    code = "CLOCK_OUT_OF_RANGE"

    def __init__(self, moment: datetime | None = None) -> None:
        asked = f"; asked for {moment.isoformat()}" if moment is not None else ""
        super().__init__(
            bi(
                "模拟时钟只能在2000年到2100年之间，时钟未改变。",
                "The sim clock only goes from 2000 to 2100; the clock did not change.",
            ),
            hint=f"The sim clock's range is {CLOCK_RANGE}{asked}.",
        )


def require_in_range(moment: datetime) -> datetime:
    if not in_clock_range(moment):
        raise ClockOutOfRange(moment)
    return moment


def after(moment: datetime, seconds: float) -> datetime:
    """`moment` plus `seconds`, refused (not overflowed) when it leaves the clock's range."""
    if not abs(seconds) <= (CLOCK_MAX - CLOCK_MIN).total_seconds():  # also refuses NaN
        raise ClockOutOfRange()
    return require_in_range(moment + timedelta(seconds=seconds))


class ClockState(BaseModel):
    now: AwareDatetime = Field(examples=["2026-06-01T08:00:00+08:00"])
    running: bool = Field(examples=[False])
    speed: float = Field(description="Sim seconds per wall second while running", examples=[1.0])


class VirtualClock:
    def __init__(self, start: datetime, wall: Callable[[], float] = time.monotonic) -> None:
        self._wall = wall
        self._anchor = require_in_range(start)
        self._wall_anchor = wall()
        self._speed = 1.0
        self._running = False

    def now(self) -> datetime:
        if not self._running:
            return self._anchor
        elapsed = (self._wall() - self._wall_anchor) * self._speed
        if elapsed >= (CLOCK_MAX - self._anchor).total_seconds():
            # A running clock stops at the end of its range rather than leave it.
            self._rebase(CLOCK_MAX.astimezone(self._anchor.tzinfo))
            self._running = False
            return self._anchor
        return self._anchor + timedelta(seconds=elapsed)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def speed(self) -> float:
        return self._speed

    def state(self) -> ClockState:
        now = self.now()
        return ClockState(now=now, running=self._running, speed=self._speed)

    def set(self, moment: datetime) -> None:
        """Jump to `moment`; ClockOutOfRange (nothing changes) outside the legal range."""
        self._rebase(require_in_range(moment))

    def move(
        self,
        *,
        set: datetime | None = None,
        advance_s: float | None = None,
        run: bool | None = None,
        speed: float = 1.0,
    ) -> None:
        """`POST /v1/sim/clock`: jump, then advance, then run or pause. All or nothing: the
        destination is worked out first, so a move that would leave the range changes nothing."""
        destination = self.now() if set is None else require_in_range(set)
        if advance_s:
            destination = after(destination, advance_s)
        if set is not None or advance_s:
            self._rebase(destination)
        if run is True:
            self.run(speed)
        elif run is False:
            self.pause()

    def advance(self, seconds: float) -> None:
        self._rebase(after(self.now(), seconds))

    def run(self, speed: float) -> None:
        if not 1 <= speed <= MAX_SPEED:
            raise ValueError(f"speed must be between 1 and {MAX_SPEED:g}")
        self._rebase(self.now())
        self._speed = speed
        self._running = True

    def pause(self) -> None:
        self._rebase(self.now())
        self._running = False

    def copy(self) -> VirtualClock:
        twin = VirtualClock(self.now(), self._wall)
        twin._speed, twin._running = self._speed, self._running
        return twin

    def _rebase(self, moment: datetime) -> None:
        self._anchor = moment
        self._wall_anchor = self._wall()

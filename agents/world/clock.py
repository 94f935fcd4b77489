"""The virtual clock. Frozen unless advanced or set running, so tests are exact.

Running, sim time = anchor + (wall - wall_anchor) * speed: a 3-hour road trip plays in 3 minutes
at x60. Wall time comes from an injected monotonic function so tests can drive it too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, Field

MAX_SPEED = 600.0


class ClockState(BaseModel):
    now: AwareDatetime = Field(examples=["2026-06-01T08:00:00+08:00"])
    running: bool = Field(examples=[False])
    speed: float = Field(description="Sim seconds per wall second while running", examples=[1.0])


class VirtualClock:
    def __init__(self, start: datetime, wall: Callable[[], float] = time.monotonic) -> None:
        self._wall = wall
        self._anchor = start
        self._wall_anchor = wall()
        self._speed = 1.0
        self._running = False

    def now(self) -> datetime:
        if not self._running:
            return self._anchor
        elapsed = (self._wall() - self._wall_anchor) * self._speed
        return self._anchor + timedelta(seconds=elapsed)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def speed(self) -> float:
        return self._speed

    def state(self) -> ClockState:
        return ClockState(now=self.now(), running=self._running, speed=self._speed)

    def set(self, moment: datetime) -> None:
        self._rebase(moment)

    def advance(self, seconds: float) -> None:
        self._rebase(self.now() + timedelta(seconds=seconds))

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

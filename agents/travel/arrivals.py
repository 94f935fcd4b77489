"""When active trips arrive: the world clock steps to these moments so a car arrives at its
planned time, stamped the same whether the clock jumps past it or creeps up on it."""

from __future__ import annotations

from datetime import datetime

from agents.travel.playback import arrival_s
from agents.travel.trips import TripBook, TripStatus
from agents.world.physics import moment_after


def next_arrival(book: TripBook, after: datetime) -> datetime | None:
    """The first arrival of an active trip strictly after `after` (a World horizon)."""
    arrivals = [
        moment_after(trip.started_at, arrival_s(trip.plan))
        for trip in book.list()
        if trip.status is TripStatus.ACTIVE and trip.started_at is not None
    ]
    return min((a for a in arrivals if a is not None and a > after), default=None)

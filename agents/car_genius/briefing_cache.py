"""A car's briefing built once per state of its world and moment of its clock, not per question.

Every status question ("How far can I drive?", "Is it locked?") reads the briefing, and a chat or
a load test asks many between two changes. The briefing is a pure function of the car's state,
the warning-light book and the clock's now; the world's `version` moves with every change of
state (as the snapshot cache in app/snapshots.py relies on), so (version, now) says when a kept
briefing is still the answer. Kept per world (one per sandbox), at most one per car, and
dropped with the world.
"""

from __future__ import annotations

from datetime import datetime
from weakref import WeakKeyDictionary

from agents.car_genius.briefing import Briefing, build_briefing
from agents.car_genius.warning_lights import WarningLightBook
from agents.world.models import Vehicle
from agents.world.world import World

# What a kept briefing was built from; equal to today's, it is today's briefing.
_Key = tuple[int, datetime, object, Vehicle, WarningLightBook]

_KEPT: WeakKeyDictionary[World, dict[str, tuple[_Key, Briefing]]] = WeakKeyDictionary()


def current_briefing(
    world: World, vehicle: Vehicle, lights: WarningLightBook, now: datetime
) -> Briefing:
    """`build_briefing(vehicle, lights, now)`, reused while nothing it reads has changed."""
    key: _Key = (world.version, now, now.tzinfo, vehicle, lights)
    per_car = _KEPT.get(world)
    if per_car is None:
        per_car = _KEPT[world] = {}
    kept = per_car.get(vehicle.id)
    if kept is not None and _same(kept[0], key):
        return kept[1]
    briefing = build_briefing(vehicle, lights, now)
    per_car[vehicle.id] = (key, briefing)
    return briefing


def _same(kept: _Key, key: _Key) -> bool:
    # The car and the book by identity: a reset or an import brings new car objects.
    return kept[:3] == key[:3] and kept[3] is key[3] and kept[4] is key[4]

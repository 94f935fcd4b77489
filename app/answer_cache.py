"""Completions kept per world state: the same request, sent again before anything changed, gets
the answer it got before without it being worked out again.

A load test (or a UI polling its assistant) repeats one question many times between two changes
of the car. An answer that read only the world (`Reply.repeatable`: no command sent, no trip, no
profile) is a pure function of the request bytes, the headers that choose the car and the
language, the world's `version` (which moves with every change of state) and its clock's now;
those make the key. Kept per world (one per sandbox, dropped with it), a few per world.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

from starlette.requests import Request

from agents.text import Locale
from agents.world.world import World

MAX_PER_WORLD = 32
MAX_BODY_BYTES = 8192  # longer conversations are rarely repeated byte for byte
_HEADERS = ("x-locale", "accept-language", "x-vehicle-id")

Key = tuple[str, int, datetime, object, bytes, tuple[str | None, ...]]
# What a surface keeps: the compatible mode its response bytes, DashScope its worked-out answer
# (its documents carry each request's own request_id).
_KEPT: WeakKeyDictionary[World, dict[Key, object]] = WeakKeyDictionary()


@dataclass(frozen=True)
class Completion:
    body: bytes
    locale: Locale


def key_of(request: Request, surface: str, raw: bytes, world: World) -> Key | None:
    """The key of this request's answer, or None when it is not one to keep."""
    if len(raw) > MAX_BODY_BYTES or "x-profile-id" in request.headers:
        return None
    now = world.now()
    headers = tuple(request.headers.get(name) for name in _HEADERS)
    return (surface, world.version, now, now.tzinfo, raw, headers)


def kept(world: World, key: Key) -> object | None:
    per_world = _KEPT.get(world)
    return None if per_world is None else per_world.get(key)


def keep(world: World, key: Key, answer: object) -> None:
    per_world = _KEPT.get(world)
    if per_world is None:
        per_world = _KEPT[world] = {}
    if len(per_world) >= MAX_PER_WORLD:
        per_world.clear()  # the world moved on: what was kept is for versions gone by
    per_world[key] = answer
